// ROC AUC and Spearman's ρ against cases worked by hand.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { averageRanks, rocAuc, spearman } from './rank-association.js';

test('averageRanks gives ties their mean rank', () => {
  assert.deepEqual(averageRanks([5, 6, 7, 8, 7]), [1, 2, 3.5, 5, 3.5]);
});

test('rocAuc: the share of (positive, negative) pairs the positive wins, ties one half', () => {
  // Positives 0.35 and 0.8 against negatives 0.1 and 0.4: 0.35 beats 0.1 only, 0.8 beats both: 3 of 4 pairs.
  assert.equal(rocAuc([0.1, 0.4, 0.35, 0.8], [false, false, true, true]), 0.75);
  // Positive 1 ties negative 1 (½) and loses to 2 (0): ½ of 2 pairs.
  assert.equal(rocAuc([1, 1, 2], [true, false, false]), 0.25);
  // A perfect separator and its mirror.
  assert.equal(rocAuc([3, 4, 1, 2], [true, true, false, false]), 1);
  assert.equal(rocAuc([1, 2, 3, 4], [true, true, false, false]), 0);
  // Infinite scores rank above every finite one and tie with each other: ∞ vs 5 wins, ∞ vs ∞ ties (½), 2 loses to both: 1.5 of 4.
  assert.equal(rocAuc([Infinity, 2, Infinity, 5], [true, true, false, false]), 0.375);
});

test('rocAuc is not computable when one class is empty', () => {
  assert.equal(rocAuc([1, 2, 3], [false, false, false]), null);
  assert.equal(rocAuc([1, 2], [true, true]), null);
  assert.throws(() => rocAuc([1, 2], [true]), /2 scores but 1 labels/);
});

test('spearman: 1 − 6Σd²/(n(n²−1)) without ties, Pearson on average ranks with them', () => {
  // Ranks of y: 1 3 2 4, d² sums to 2: 1 − 12/60 = 0.8.
  assert.ok(Math.abs(spearman([1, 2, 3, 4], [10, 30, 20, 40])! - 0.8) < 1e-12);
  // y ranks 1 2 3.5 5 3.5 against 1…5: Σdxdy = 8, Σdx² = 10, Σdy² = 9.5: 8/√95.
  assert.ok(Math.abs(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])! - 8 / Math.sqrt(95)) < 1e-12);
  assert.equal(spearman([1, 2, 3], [3, 2, 1]), -1);
});

test('spearman is not computable below three pairs or with a constant side', () => {
  assert.equal(spearman([1, 2], [2, 1]), null);
  assert.equal(spearman([1, 2, 3], [4, 4, 4]), null);
});
