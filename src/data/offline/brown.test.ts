import assert from 'node:assert/strict';
import { test } from 'node:test';
import brownPos from '../../../datasets/brown-pos.js';
import brownDocs from '../../../datasets/brown-genre-documents.js';
import brownSentences from '../../../datasets/brown-genre-sentences.js';
import { BROWN_GENRES, brownDocuments } from './brown.js';
import { UNIVERSAL_TAGS, stripAffixes, universalTag } from './brown-tags.js';
import { assertDisjoint, assertStratified, labelShares } from './split-test-support.js';

test('the corpus holds 500 documents, 57,340 sentences, 1,161,192 tokens and 472 raw tags', () => {
  const documents = brownDocuments();
  assert.equal(documents.length, 500);
  const sentences = documents.flatMap((document) => document.sentences);
  assert.equal(sentences.length, 57340);
  assert.equal(
    sentences.reduce((sum, sentence) => sum + sentence.words.length, 0),
    1161192,
  );
  assert.equal(new Set(sentences.flatMap((sentence) => sentence.tags)).size, 472);
  assert.deepEqual(new Set(documents.map((document) => document.genre)), new Set(BROWN_GENRES));
  for (const sentence of sentences) assert.equal(sentence.words.length, sentence.tags.length);
});

test('every raw tag maps to a universal tag, and every universal tag is used', () => {
  const raw = new Set(brownDocuments().flatMap((document) => document.sentences.flatMap((sentence) => sentence.tags)));
  const used = new Set<string>();
  for (const tag of raw) {
    const universal = universalTag(tag);
    assert.ok((UNIVERSAL_TAGS as readonly string[]).includes(universal), tag);
    used.add(universal);
    assert.doesNotMatch(stripAffixes(tag), /-(tl|hl|nc)$|^fw-/, tag);
  }
  assert.deepEqual(used, new Set(UNIVERSAL_TAGS));
  assert.throws(() => universalTag('zz'), /not a tag of the Brown tagset/);
});

test('hand-checked words get the universal tags one expects', () => {
  const expected: [string, string, string][] = [
    ['The', 'at', 'DET'],
    ['said', 'vbd', 'VERB'],
    ['Jury', 'nn-tl', 'NOUN'],
    ["Atlanta's", 'np$', 'NOUN'],
    ['of', 'in', 'ADP'],
    ['and', 'cc', 'CONJ'],
    ['that', 'cs', 'ADP'],
    ['it', 'pps', 'PRON'],
    ['his', 'pp$', 'PRON'],
    ['recent', 'jj', 'ADJ'],
    ['first', 'od', 'ADJ'],
    ['three', 'cd', 'NUM'],
    ['to', 'to', 'PRT'],
    ['up', 'rp', 'PRT'],
    ['not', '*', 'ADV'],
    ['very', 'ql', 'ADV'],
    ['was', 'bedz', 'VERB'],
    ["can't", 'md*', 'VERB'],
    ["I'm", 'ppss+bem', 'PRON'],
    ['there', 'ex', 'DET'],
    [',', ',', '.'],
    ['``', '``', '.'],
    ['--', '---hl', '.'],
    ['de', 'fw-in', 'X'],
    ['Oh', 'uh', 'X'],
    ['Des', 'fw-in+at-t', 'X'],
    ['whaddya', 'wdt+ber+pp', 'DET'],
  ];
  for (const [word, tag, universal] of expected) assert.equal(universalTag(tag), universal, `${word}/${tag}`);
  assert.equal(stripAffixes('nn-tl-hl'), 'nn');
  assert.equal(stripAffixes('fw-nn-tl'), 'nn');
  assert.equal(stripAffixes('ppss+bem'), 'ppss+bem');
  assert.equal(stripAffixes('---hl'), '--');
});

test('brown-pos: the first sentence, universal and fine; splits by document are disjoint, seeded and cover the corpus', async () => {
  const splits = await brownPos.load({ seed: 1 });
  const all = [...splits.train, ...splits.dev, ...splits.test];
  assert.equal(all.length, 57340);
  assertDisjoint(splits, (sentence) => sentence);
  const first = all.find((sentence) => sentence.tokens.slice(0, 5).join(' ') === 'The Fulton County Grand Jury');
  assert.ok(first);
  assert.deepEqual(first.tags.slice(0, 7), ['DET', 'NOUN', 'NOUN', 'ADJ', 'NOUN', 'VERB', 'NOUN']);
  const fine = await brownPos.load({ seed: 1, settings: { tagset: 'fine' } });
  const fineFirst = [...fine.train, ...fine.dev, ...fine.test].find(
    (sentence) => sentence.tokens.slice(0, 5).join(' ') === 'The Fulton County Grand Jury',
  );
  assert.deepEqual(fineFirst?.tags.slice(0, 7), ['at', 'np', 'nn', 'jj', 'nn', 'vbd', 'nr']);
  // Roughly 80/10/10 of the sentences although whole documents move.
  assert.ok(Math.abs(splits.test.length / 57340 - 0.1) < 0.03, `test holds ${splits.test.length}`);
  const again = await brownPos.load({ seed: 1 });
  assert.deepEqual(
    again.test.map((s) => s.tokens.join(' ')),
    splits.test.map((s) => s.tokens.join(' ')),
  );
  const other = await brownPos.load({ seed: 2 });
  assert.notDeepEqual(
    other.test.map((s) => s.tokens.join(' ')),
    splits.test.map((s) => s.tokens.join(' ')),
  );
  await assert.rejects(brownPos.load({ settings: { tagset: 'ptb' } }), /not one of/);
});

test('brown-genre-documents: 500 documents in 15 stratified classes; section and mode merge them', async () => {
  const splits = await brownDocs.load({ seed: 7 });
  assert.deepEqual([splits.train.length, splits.dev.length, splits.test.length], [396, 52, 52]);
  assert.equal(new Set(splits.train.map((example) => example.label)).size, 15);
  assertDisjoint(splits, (example) => example);
  assert.doesNotMatch(splits.train[0]!.text, /\/(at|nn|in)\b/);
  assertStratified(splits, 0.05);
  const modes = await brownDocs.load({ seed: 7, settings: { classes: 'mode' } });
  assert.deepEqual([...labelShares(modes.train).keys()].sort(), ['imaginative', 'informative']);
});

test('brown-genre-sentences: 57,340 sentences, 4 sections by default, stratified split by document or sentence', async () => {
  const splits = await brownSentences.load({ seed: 3 });
  assert.equal(splits.train.length + splits.dev.length + splits.test.length, 57340);
  assert.deepEqual([...labelShares(splits.train).keys()].sort(), ['fiction', 'general', 'learned', 'press']);
  assertStratified(splits, 0.06);
  const bySentence = await brownSentences.load({ seed: 3, settings: { splitBy: 'sentence', classes: 'genre' } });
  assert.equal(labelShares(bySentence.train).size, 15);
  assertStratified(bySentence, 0.005);
});
