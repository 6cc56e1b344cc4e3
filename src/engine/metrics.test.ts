import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accuracy, macroF1, majority } from './metrics.js';

test('accuracy counts matches, skipping masked positions', () => {
  assert.equal(accuracy([0, 1, 2, 1], [0, 1, 1, 1]), 0.75);
  assert.equal(accuracy([0, 1, 2, 1], [0, 1, 1, 1], [1, 1, 0, 1]), 1);
  assert.ok(Number.isNaN(accuracy([], [])));
});

test('macro-F1 by hand', () => {
  // class 0: tp 1, fp 1, fn 1 → 2/4; class 1: tp 2, fp 2, fn 1 → 4/7; class 2: tp 0, fp 0, fn 1 → 0
  const labels = [0, 0, 1, 1, 1, 2];
  const predictions = [0, 1, 1, 1, 0, 1];
  assert.ok(Math.abs(macroF1(labels, predictions, 3) - (0.5 + 4 / 7 + 0) / 3) < 1e-12);
  // A class absent from labels and predictions does not count.
  assert.equal(macroF1([0, 1], [0, 1], 5), 1);
});

test('majority picks the most frequent value, the smallest on ties', () => {
  assert.equal(majority([2, 1, 2, 0]), 2);
  assert.equal(majority([3, 1, 1, 3]), 1);
});
