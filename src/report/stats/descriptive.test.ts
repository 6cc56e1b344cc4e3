import assert from 'node:assert/strict';
import { test } from 'node:test';
import { interquartileRange, mean, median, quantile, standardDeviation } from './descriptive.js';
import { assertClose } from './stats-test-support.js';

const oneToTen = [10, 3, 7, 1, 9, 2, 8, 4, 6, 5];

test('quantiles match R type 7 (quantile(1:10, c(.1, .25, .5, .75, .9)))', () => {
  assertClose(quantile(oneToTen, 0.1), 1.9, 1e-12);
  assertClose(quantile(oneToTen, 0.25), 3.25, 1e-12);
  assertClose(quantile(oneToTen, 0.5), 5.5, 1e-12);
  assertClose(quantile(oneToTen, 0.75), 7.75, 1e-12);
  assertClose(quantile(oneToTen, 0.9), 9.1, 1e-12);
  assert.equal(quantile(oneToTen, 0), 1);
  assert.equal(quantile(oneToTen, 1), 10);
  // by hand: sorted 1 3 7 9, position (4 − 1)·0.3 = 0.9 → 1 + 0.9·(3 − 1) = 2.8
  assertClose(quantile([7, 1, 3, 9], 0.3), 2.8, 1e-12);
});

test('median, IQR, mean and sample standard deviation on worked values', () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assertClose(interquartileRange(oneToTen), 4.5, 1e-12); // R: IQR(1:10)
  assertClose(mean(oneToTen), 5.5, 1e-12);
  // 2 4 4 4 5 5 7 9: mean 5, squared deviations sum to 32, 32 / 7 under the root
  assertClose(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9]), Math.sqrt(32 / 7), 1e-12);
  assertClose(standardDeviation(oneToTen), 3.0276503540974917, 1e-12); // R: sd(1:10)
});

test('edge cases: empty input, one value, NaN, infinities, p out of range', () => {
  assert.ok(Number.isNaN(mean([])));
  assert.ok(Number.isNaN(median([])));
  assert.ok(Number.isNaN(quantile([], 0.5)));
  assert.ok(Number.isNaN(standardDeviation([])));
  assert.ok(Number.isNaN(interquartileRange([])));
  assert.equal(mean([0.7]), 0.7);
  assert.equal(median([0.7]), 0.7);
  assert.equal(interquartileRange([0.7]), 0);
  assert.ok(Number.isNaN(standardDeviation([0.7])));
  assert.throws(() => mean([1, NaN]), /mean: value at index 1 is NaN/);
  assert.throws(() => quantile([NaN], 0.5), /quantile: value at index 0 is NaN/);
  assert.throws(() => quantile([1, 2], 1.5), /p must be in \[0, 1\]/);
  assert.equal(quantile([1, Infinity, Infinity], 0.75), Infinity);
  assert.equal(median([-Infinity, 0, 1]), 0);
});
