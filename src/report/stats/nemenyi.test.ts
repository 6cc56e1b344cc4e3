import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nemenyiCriticalDifference, studentizedRangeQuantile } from './nemenyi.js';
import { quantile } from './descriptive.js';
import { assertClose, normalSampler } from './stats-test-support.js';

test('k = 2 is exact: the range of two normals is √2·|Z|, so q = √2·Φ⁻¹((1 + p)/2)', () => {
  assertClose(studentizedRangeQuantile(0.95, 2), Math.SQRT2 * 1.959963984540054, 1e-8);
  assertClose(studentizedRangeQuantile(0.9, 2), Math.SQRT2 * 1.6448536269514722, 1e-8);
});

test('Demšar (2006) Table 5: q_α/√2 for k = 2..10 at α = 0.05 and 0.10', () => {
  const alpha05 = [1.96, 2.343, 2.569, 2.728, 2.85, 2.949, 3.031, 3.102, 3.164];
  const alpha10 = [1.645, 2.052, 2.291, 2.459, 2.589, 2.693, 2.78, 2.855, 2.92];
  alpha05.forEach((expected, index) => {
    assertClose(studentizedRangeQuantile(0.95, index + 2) / Math.SQRT2, expected, 1e-3, `α = 0.05, k = ${index + 2}`);
  });
  alpha10.forEach((expected, index) => {
    assertClose(studentizedRangeQuantile(0.9, index + 2) / Math.SQRT2, expected, 1e-3, `α = 0.10, k = ${index + 2}`);
  });
});

test('printed tables of q_0.05(k, ∞) (e.g. Harter 1960), k = 11..20, two decimals', () => {
  const table = [4.55, 4.62, 4.68, 4.74, 4.8, 4.85, 4.89, 4.93, 4.97, 5.01];
  table.forEach((expected, index) => assertClose(studentizedRangeQuantile(0.95, index + 11), expected, 5.1e-3, `k = ${index + 11}`));
});

test('k = 21 (the study has 21 activations), cross-checked by Monte Carlo', () => {
  const normal = normalSampler(2024);
  const draws = 100_000;
  const ranges = new Array<number>(draws);
  for (let draw = 0; draw < draws; draw++) {
    let low = Infinity;
    let high = -Infinity;
    for (let group = 0; group < 21; group++) {
      const value = normal();
      low = Math.min(low, value);
      high = Math.max(high, value);
    }
    ranges[draw] = high - low;
  }
  // standard error of the 95% quantile of 100 000 draws is about 0.005 here; allow 4 of them
  assertClose(studentizedRangeQuantile(0.95, 21), quantile(ranges, 0.95), 0.02, 'k = 21, p = 0.95');
  assertClose(studentizedRangeQuantile(0.5, 21), quantile(ranges, 0.5), 0.015, 'k = 21, p = 0.5');
});

test("Nemenyi critical difference: Demšar's example, k = 4 over N = 14 data sets", () => {
  // CD = 2.569·√(4·5/(6·14)) = 1.25 at α = 0.05; 2.291·√(20/84) = 1.12 at α = 0.10
  assertClose(nemenyiCriticalDifference(4, 14), 1.25, 5e-3);
  assertClose(nemenyiCriticalDifference(4, 14, 0.1), 1.12, 5e-3);
});

test('bad arguments throw', () => {
  assert.throws(() => studentizedRangeQuantile(1, 3), /p must be in \(0, 1\)/);
  assert.throws(() => studentizedRangeQuantile(0.95, 1), /k must be an integer ≥ 2/);
  assert.throws(() => studentizedRangeQuantile(0.95, 2.5), /k must be an integer ≥ 2/);
  assert.throws(() => nemenyiCriticalDifference(4, 0), /blocks must be a positive integer/);
  assert.throws(() => nemenyiCriticalDifference(4, 10, 0), /alpha must be in \(0, 1\)/);
  assert.throws(() => nemenyiCriticalDifference(1, 10), /k must be an integer ≥ 2/);
});
