// The dataset entries of the original-format readers, loaded from generated data folders.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, test } from 'node:test';
import mr from '../../../datasets/mr.js';
import subj from '../../../datasets/subj.js';
import trec from '../../../datasets/trec.js';
import r8 from '../../../datasets/r8.js';
import r52 from '../../../datasets/r52.js';
import newsgroups20 from '../../../datasets/newsgroups-20.js';
import wsjPos from '../../../datasets/wsj-pos.js';
import tlAm from '../../../datasets/tl-am.js';
import type { Dataset, Splits, TaggedSentence, TextExample } from '../types.js';
import { DataNotFoundError } from './data-dir.js';
import {
  amConll,
  assertDeterministic,
  posConll,
  removeTempDirs,
  sentenceLines,
  tempDir,
  trecLines,
  tsvLines,
  writeLatin1,
  writeNewsgroups,
  writeUtf8,
} from './format-test-support.js';

after(removeTempDirs);

function count<E>(items: E[], key: (item: E) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/** Every text in exactly one split (the generated texts are unique), and the splits cover `total`. */
function assertDisjoint(splits: Splits<TextExample>, total: number): void {
  const all = [...splits.train, ...splits.dev, ...splits.test].map((e) => e.text);
  assert.equal(all.length, total);
  assert.equal(new Set(all).size, total);
}

test('every entry: offline false, its group, and one line naming the files when --data-dir is missing', async () => {
  const groups: [Dataset, string, RegExp][] = [
    [mr, 'sentence', /rt-polarity\.pos and rt-polarity\.neg/],
    [subj, 'sentence', /quote\.tok\.gt9\.5000 and plot\.tok\.gt9\.5000/],
    [trec, 'sentence', /train_5500\.label and TREC_10\.label/],
    [r8, 'document', /r8-train-all-terms\.txt and r8-test-all-terms\.txt/],
    [r52, 'document', /r52-train-all-terms\.txt and r52-test-all-terms\.txt/],
    [newsgroups20, 'document', /20news-bydate-train and 20news-bydate-test/],
    [wsjPos, 'tagging', /train\.txt \(or train\.conll\) and test\.txt \(or test\.conll\)/],
    [tlAm, 'tagging', /train\.dat \(or train\.txt\) and test\.dat \(or test\.txt\)/],
  ];
  for (const [dataset, group, files] of groups) {
    assert.equal(dataset.offline, false);
    assert.equal(dataset.group, group);
    await assert.rejects(dataset.load({}), (error: unknown) => {
      assert.ok(error instanceof DataNotFoundError);
      assert.match(error.message, files);
      assert.match(error.message, /not installable offline/);
      assert.ok(!error.message.includes('\n'));
      return true;
    });
  }
});

test('mr and subj: 80/10/10, stratified, disjoint, deterministic in the seed', async () => {
  const dir = tempDir();
  writeLatin1(path.join(dir, 'rt-polaritydata', 'rt-polarity.pos'), sentenceLines('good', 50));
  writeLatin1(path.join(dir, 'rt-polaritydata', 'rt-polarity.neg'), sentenceLines('bad', 50));
  const splits = await mr.load({ dataDir: dir, seed: 1 });
  assertDisjoint(splits, 100);
  for (const split of [splits.dev, splits.test]) {
    assert.equal(count(split, (e) => e.label).get('positive'), 5);
    assert.equal(count(split, (e) => e.label).get('negative'), 5);
  }
  assert.ok(splits.train.some((e) => e.text.includes('caf\u00e9')));
  await assertDeterministic(mr, dir);

  const subjDir = tempDir();
  writeLatin1(path.join(subjDir, 'subj', 'quote.tok.gt9.5000'), sentenceLines('i felt', 30));
  writeLatin1(path.join(subjDir, 'subj', 'plot.tok.gt9.5000'), sentenceLines('the plot', 20));
  const subjSplits = await subj.load({ dataDir: subjDir });
  assertDisjoint(subjSplits, 50);
  for (const split of [subjSplits.dev, subjSplits.test]) {
    assert.equal(count(split, (e) => e.label).get('subjective'), 3);
    assert.equal(count(split, (e) => e.label).get('objective'), 2);
  }
  await assertDeterministic(subj, subjDir);
});

test('trec: official test kept whole, dev stratified from train, coarse or fine labels', async () => {
  const dir = tempDir();
  writeLatin1(path.join(dir, 'train_5500.label'), trecLines(60, 'train'));
  writeLatin1(path.join(dir, 'TREC_10.label'), trecLines(12, 'test'));
  const splits = await trec.load({ dataDir: dir, seed: 3 });
  assertDisjoint(splits, 72);
  assert.equal(splits.test.length, 12);
  assert.ok(splits.test.every((e) => e.text.includes('test question')));
  assert.equal(splits.dev.length, 6);
  assert.deepEqual([...count(splits.dev, (e) => e.label).values()], [1, 1, 1, 1, 1, 1]);
  const fine = await trec.load({ dataDir: dir, seed: 3, settings: { labels: 'fine' } });
  assert.ok(fine.train.every((e) => /^[A-Z]+:[a-z]+$/.test(e.label)));
  await assert.rejects(trec.load({ dataDir: dir, settings: { labels: 'medium' } }), /labels=medium is not one of coarse, fine/);
  await assertDeterministic(trec, dir);
});

test('r8 and r52: official train/test from the TSV files, dev from train, variant setting picks the files', async () => {
  const dir = tempDir();
  writeUtf8(path.join(dir, 'r8-train-all-terms.txt'), tsvLines(['earn', 'acq', 'crude', 'trade'], 20, 'train'));
  writeUtf8(path.join(dir, 'r8-test-all-terms.txt'), tsvLines(['earn', 'acq', 'crude', 'trade'], 5, 'test'));
  const splits = await r8.load({ dataDir: dir, seed: 2 });
  assertDisjoint(splits, 100);
  assert.equal(splits.test.length, 20);
  assert.deepEqual([...count(splits.dev, (e) => e.label).values()], [2, 2, 2, 2]);
  await assertDeterministic(r8, dir);
  await assert.rejects(r8.load({ dataDir: dir, settings: { variant: 'stemmed' } }), /r8-train-stemmed\.txt and r8-test-stemmed\.txt/);

  writeUtf8(path.join(dir, 'r52', 'r52-train-stemmed.txt'), tsvLines(['earn', 'cocoa'], 10, 'train'));
  writeUtf8(path.join(dir, 'r52', 'r52-test-stemmed.txt'), tsvLines(['earn', 'cocoa'], 3, 'test'));
  const r52Splits = await r52.load({ dataDir: dir, settings: { variant: 'stemmed' } });
  assertDisjoint(r52Splits, 26);
  assert.equal(r52Splits.dev.length, 2);
});

test('newsgroups-20: bydate folders, groups as labels, dev stratified from train, test groups must be known', async () => {
  const dir = tempDir();
  const groups = ['alt.atheism', 'comp.graphics', 'sci.space'];
  writeNewsgroups(path.join(dir, '20news-bydate'), 'train', groups, 10);
  writeNewsgroups(path.join(dir, '20news-bydate'), 'test', groups, 4);
  const splits = await newsgroups20.load({ dataDir: dir, seed: 5 });
  assertDisjoint(splits, 42);
  assert.equal(splits.test.length, 12);
  assert.deepEqual([...count(splits.dev, (e) => e.label).values()], [1, 1, 1]);
  assert.ok(splits.train.every((e) => !e.text.includes('From:') && !e.text.includes('Re:') && e.text.includes('na\u00efve')));
  const noSubject = await newsgroups20.load({ dataDir: dir, seed: 5, settings: { subject: 'false' } });
  assert.ok(noSubject.train.every((e) => e.text.startsWith('Body of')));
  await assertDeterministic(newsgroups20, dir);

  writeNewsgroups(path.join(dir, '20news-bydate'), 'test', ['misc.forsale'], 1);
  await assert.rejects(
    newsgroups20.load({ dataDir: dir }),
    /20news-bydate-test: expected the newsgroups of .*, found misc\.forsale only here/,
  );
});

test('wsj-pos: train/dev/test files used as given, dev carved when absent, tag column setting', async () => {
  const dir = tempDir();
  writeUtf8(path.join(dir, 'train.txt'), posConll(20, 'Train'));
  writeUtf8(path.join(dir, 'dev.txt'), posConll(3, 'Dev'));
  writeUtf8(path.join(dir, 'test.txt'), posConll(4, 'Test'));
  const given = await wsjPos.load({ dataDir: dir, settings: { tagColumn: '1' } }); // as --set tagColumn=1 gives it
  assert.deepEqual([given.train.length, given.dev.length, given.test.length], [20, 3, 4]);
  assert.deepEqual(given.dev[0], { tokens: ['Dev0', 'rose', '5', '%', '.'], tags: ['NNP', 'VBD', 'CD', 'NN', '.'] });

  const noDev = tempDir();
  writeUtf8(path.join(noDev, 'wsj-pos', 'train.txt'), posConll(20, 'Train'));
  writeUtf8(path.join(noDev, 'wsj-pos', 'test.txt'), posConll(4, 'Test'));
  const carved = await wsjPos.load({ dataDir: noDev, seed: 4 });
  assert.deepEqual([carved.train.length, carved.dev.length, carved.test.length], [18, 2, 4]);
  const firstTokens = (sentences: TaggedSentence[]): string[] => sentences.map((s) => s.tokens[0]!);
  assert.equal(new Set([...firstTokens(carved.train), ...firstTokens(carved.dev)]).size, 20);
  // CoNLL-2000 columns 'word POS chunk' are recognised: the POS column, never the last (chunk) one.
  assert.deepEqual(carved.train[0]!.tags, ['NNP', 'VBD', 'CD', 'NN', '.']);
  await assertDeterministic(wsjPos, noDev);
});

test('tl-am: Eger et al. columns, component tags by default, full tags on request, BIO errors name file and line', async () => {
  const dir = tempDir();
  const folder = path.join(dir, 'data', 'conll', 'Essay_Level');
  writeUtf8(path.join(folder, 'train.dat'), amConll(10, 'Train'));
  writeUtf8(path.join(folder, 'test.dat'), amConll(3, 'Test'));
  const splits = await tlAm.load({ dataDir: dir, seed: 9 });
  assert.deepEqual([splits.train.length, splits.dev.length, splits.test.length], [9, 1, 3]);
  assert.deepEqual(splits.test[0], {
    tokens: ['Test0', 'we', 'should', 'because', 'it', 'helps', 'since', 'data'],
    tags: ['O', 'B-MajorClaim', 'I-MajorClaim', 'O', 'B-Claim', 'I-Claim', 'B-Premise', 'I-Premise'],
  });
  const full = await tlAm.load({ dataDir: dir, seed: 9, settings: { tags: 'full' } });
  assert.equal(full.test[0]!.tags[7], 'I-Premise:-1:Support');
  await assertDeterministic(tlAm, dir);

  writeUtf8(path.join(folder, 'dev.dat'), '1\tThey\tO\n2\targue\tI-Claim\n');
  await assert.rejects(
    tlAm.load({ dataDir: dir }),
    new RegExp(`${path.join(folder, 'dev.dat').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: expected I-Claim to follow B-Claim`),
  );
});

test('tl-am: a space-separated CoNLL-2000 file is refused (its POS column is no token), a 2-column token/tag file reads', async () => {
  const dir = tempDir();
  writeUtf8(path.join(dir, 'train.dat'), posConll(3, 'Acme'));
  writeUtf8(path.join(dir, 'test.dat'), posConll(1, 'Acme'));
  await assert.rejects(
    tlAm.load({ dataDir: dir }),
    /train\.dat:3: expected Eger et al\.'s 'index token tag' \(detected from 3 columns\), but column 0 holds 'Acme0', not a token index/,
  );
  const twoColumns = tempDir();
  writeUtf8(path.join(twoColumns, 'train.dat'), 'We O\nshould B-Claim:For\nact I-Claim:For\n\nThey O\n');
  writeUtf8(path.join(twoColumns, 'test.dat'), 'We O\n');
  const splits = await tlAm.load({ dataDir: twoColumns, seed: 1 });
  assert.deepEqual(
    [...splits.train, ...splits.dev].find((s) => s.tokens.length === 3),
    { tokens: ['We', 'should', 'act'], tags: ['O', 'B-Claim', 'I-Claim'] },
  );
});
