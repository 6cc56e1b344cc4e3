import assert from 'node:assert/strict';
import { test } from 'node:test';
import imdb from '../../../datasets/imdb.js';
import { imdbCorpus, stripReviewMarkup } from './imdb.js';
import { assertDisjoint, assertSeeded, assertStratified, labelShares } from './split-test-support.js';

test('markup: line-break tags become line breaks, inline tags go, entities decode, angle-bracket prose stays', () => {
  assert.equal(stripReviewMarkup('Great film.<br /><br />Really <i>great</i>.'), 'Great film.\nReally great.');
  assert.equal(stripReviewMarkup('A&#8230; <grin> and < Cough > &amp; so  on'), 'A… <grin> and < Cough > & so on');
  assert.equal(stripReviewMarkup('Q&A; stays <hr>end'), 'Q&A; stays\nend');
});

test('the corpus: 50,000 reviews less 420 duplicates, no conflicting labels, balanced, no markup left', () => {
  const { reviews, duplicatesRemoved, conflictingTextsDropped } = imdbCorpus();
  assert.equal(duplicatesRemoved, 420);
  assert.equal(conflictingTextsDropped, 0);
  assert.equal(reviews.length, 49580);
  assert.equal(new Set(reviews.map((review) => review.text)).size, reviews.length);
  const positive = reviews.filter((review) => review.label === 'positive').length;
  assert.ok(Math.abs(positive / reviews.length - 0.5) < 0.005);
  assert.ok(!reviews.some((review) => /<\s*br\b|<\/?i>/i.test(review.text)));
});

test('imdb: limit gives a balanced subset, the same for every seed, split stratified, disjoint and seeded', async () => {
  const splits = await imdb.load({ seed: 1, settings: { limit: 2000 } });
  assert.deepEqual([splits.train.length, splits.dev.length, splits.test.length], [1600, 200, 200]);
  assertStratified(splits, 0.01);
  assertDisjoint(splits, (example) => example.text);
  assert.ok(Math.abs(labelShares(splits.train).get('positive')! - 0.5) < 0.01);
  await assertSeeded((seed) => imdb.load({ seed, settings: { limit: 2000 } }));
  const other = await imdb.load({ seed: 2, settings: { limit: '2000' } });
  const texts = (s: typeof splits): string[] => [...s.train, ...s.dev, ...s.test].map((example) => example.text).sort();
  assert.deepEqual(texts(other), texts(splits));
  const all = await imdb.load({ seed: 1 });
  assert.equal(all.train.length + all.dev.length + all.test.length, 49580);
  assertStratified(all, 0.005);
});
