import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bootstrapMeanInterval } from './bootstrap.js';
import { mean, standardDeviation } from './descriptive.js';
import { normalSampler } from './stats-test-support.js';

function sample(count: number, seed: number): number[] {
  const normal = normalSampler(seed);
  return Array.from({ length: count }, () => 0.8 + 0.05 * normal());
}

test('deterministic for a seed, different across seeds', () => {
  const values = sample(40, 3);
  assert.deepEqual(bootstrapMeanInterval(values, { seed: 5 }), bootstrapMeanInterval(values, { seed: 5 }));
  assert.deepEqual(bootstrapMeanInterval(values), bootstrapMeanInterval(values, { seed: 1, level: 0.95, resamples: 2000 }));
  assert.notDeepEqual(bootstrapMeanInterval(values, { seed: 5 }), bootstrapMeanInterval(values, { seed: 6 }));
});

test('covers the mean, is close to mean ± 1.96·s/√n for a large normal sample, narrows with n', () => {
  const large = sample(400, 4);
  const interval = bootstrapMeanInterval(large);
  const centre = mean(large);
  assert.ok(interval.low < centre && centre < interval.high);
  // the percentile interval's half-width approaches z·s/√n (within bootstrap noise: 10%)
  const expectedHalfWidth = (1.959964 * standardDeviation(large)) / Math.sqrt(large.length);
  const halfWidth = (interval.high - interval.low) / 2;
  assert.ok(Math.abs(halfWidth / expectedHalfWidth - 1) < 0.1, `half-width ${halfWidth} vs ${expectedHalfWidth}`);
  const small = bootstrapMeanInterval(sample(16, 4));
  // √(400/16) = 5 times narrower in expectation; ask for 3
  assert.ok(small.high - small.low > 3 * (interval.high - interval.low));
  const wide = bootstrapMeanInterval(large, { level: 0.99 });
  assert.ok(wide.low < interval.low && wide.high > interval.high);
});

test('empty gives NaN, one value gives a point, bad options and values throw', () => {
  const empty = bootstrapMeanInterval([]);
  assert.ok(Number.isNaN(empty.low) && Number.isNaN(empty.high));
  assert.deepEqual(bootstrapMeanInterval([0.75]), { low: 0.75, high: 0.75 });
  assert.deepEqual(bootstrapMeanInterval([0.5, 0.5, 0.5]), { low: 0.5, high: 0.5 });
  assert.throws(() => bootstrapMeanInterval([1, 2], { level: 1 }), /level must be in \(0, 1\)/);
  assert.throws(() => bootstrapMeanInterval([1, 2], { resamples: 0 }), /resamples must be a positive integer/);
  assert.throws(() => bootstrapMeanInterval([1, NaN]), /bootstrapMeanInterval: value at index 1 is NaN/);
});
