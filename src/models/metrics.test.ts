import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accuracy, classificationScores, macroF1, majority, majorityBaselineScores } from './metrics.js';

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

test('the majority baseline predicts the most frequent training class for every test example', () => {
  // train: class 2 three times, class 0 twice → always 2. test [2, 0, 2, 1]: accuracy 2/4;
  // F1 of class 2: tp 2, fp 2, fn 0 → 4/6; classes 0 and 1: tp 0 → 0; macro over the three present = (2/3)/3.
  const scores = majorityBaselineScores([2, 0, 2, 0, 2], [2, 0, 2, 1], 3);
  assert.equal(scores['accuracy'], 0.5);
  assert.ok(Math.abs(scores['macroF1']! - 2 / 9) < 1e-12);
  assert.deepEqual(classificationScores([1, 1], [1, 1], 2), { accuracy: 1, macroF1: 1 });
});
