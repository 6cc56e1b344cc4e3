// The stratified signed-rank test against independent computation: hand-worked cases, brute-force
// enumeration of every sign pattern, and the ordinary signed-rank test (stdlib's exact
// distribution) when there is one stratum.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stratifiedSignedRank } from './stratified-wilcoxon.js';
import { wilcoxonSignedRank } from './wilcoxon.js';
import { seededRandom } from '../../util/random.js';
import { assertClose } from './stats-test-support.js';

/** Two-sided p by enumerating all 2^n sign patterns of the given within-stratum ranks. */
function enumeratedP(ranks: readonly number[], statistic: number): number {
  let lower = 0;
  let upper = 0;
  const patterns = 2 ** ranks.length;
  for (let mask = 0; mask < patterns; mask++) {
    let v = 0;
    for (let i = 0; i < ranks.length; i++) if (mask & (1 << i)) v += ranks[i]!;
    if (v <= statistic) lower++;
    if (v >= statistic) upper++;
  }
  return Math.min(1, (2 * Math.min(lower, upper)) / patterns);
}

test('one stratum of six negative differences: V = 0, exact p = 2/64', () => {
  const result = stratifiedSignedRank([[-0.01, -0.02, -0.03, -0.04, -0.05, -0.06]]);
  assert.equal(result.statistic, 0);
  assert.equal(result.expected, 10.5);
  assert.equal(result.n, 6);
  assert.equal(result.method, 'exact');
  assertClose(result.pValue, 2 / 64, 1e-15);
  assert.deepEqual([result.positive, result.negative, result.strata], [0, 6, 1]);
});

test('one stratum is the ordinary signed-rank test (stdlib exact distribution)', () => {
  const random = seededRandom(11);
  for (let trial = 0; trial < 20; trial++) {
    const n = 4 + Math.floor(random() * 20);
    const differences = Array.from({ length: n }, () => random() - 0.4);
    const ours = stratifiedSignedRank([differences]);
    const ordinary = wilcoxonSignedRank(
      differences,
      differences.map(() => 0),
    );
    assert.equal(ours.statistic, ordinary.statistic);
    assert.equal(ours.method, ordinary.method);
    assertClose(ours.pValue, ordinary.pValue, 1e-12);
  }
});

test('three strata of six, each with positives at ranks 1 and 2: each alone p = 10/64, pooled by enumeration of 2^18 patterns', () => {
  // Per stratum V = 1 + 2 = 3; sums ≤ 3 of distinct ranks from 1..6: {}, {1}, {2}, {3}, {1,2} → 5/64, p = 10/64.
  const stratum = (scale: number): number[] => [0.1, 0.2, -0.3, -0.4, -0.5, -0.6].map((d) => d * scale);
  for (const scale of [1, 0.01, 30]) {
    const alone = stratifiedSignedRank([stratum(scale)]);
    assert.equal(alone.statistic, 3);
    assertClose(alone.pValue, 10 / 64, 1e-15);
  }
  // Different scales per mini-experiment: ranks are within each, so only the signs' ranks count.
  const pooled = stratifiedSignedRank([stratum(1), stratum(0.01), stratum(30)]);
  assert.equal(pooled.statistic, 9);
  assert.equal(pooled.expected, 31.5);
  assert.equal(pooled.n, 18);
  assert.equal(pooled.method, 'exact');
  const ranks = [1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6];
  const expected = enumeratedP(ranks, 9);
  assertClose(pooled.pValue, expected, 1e-15);
  assert.ok(pooled.pValue < 0.01, `pooled p ${pooled.pValue}`);
});

test('exact p against enumeration with strata of different sizes, V above its mean', () => {
  const strata = [
    [0.3, -0.1, 0.2, 0.5],
    [2, 7, -1, 4, 9, 3, 5],
    [0.004, 0.001, 0.003],
  ];
  // Within-stratum ranks of the positives: stratum 1: .3→3, .2→2, .5→4 (−.1 is 1) → 9;
  // stratum 2: |d| 1 2 3 4 5 7 9 → 2:2, 7:6, 4:4, 9:7, 3:3, 5:5 → 27; stratum 3: 1 + 2 + 3 = 6. V = 42.
  const result = stratifiedSignedRank(strata);
  assert.equal(result.statistic, 42);
  assert.equal(result.expected, 5 + 14 + 3);
  const ranks = [1, 2, 3, 4, 1, 2, 3, 4, 5, 6, 7, 1, 2, 3];
  assertClose(result.pValue, enumeratedP(ranks, 42), 1e-15);
  assert.equal(result.positive, 12);
});

test('an all-zero stratum is left out and keeps the test exact; a zero beside non-zero differences sends it to the normal approximation', () => {
  const withEmpty = stratifiedSignedRank([
    [-1, -2, -3, -4, -5, -6],
    [0, 0, 0],
  ]);
  assert.equal(withEmpty.method, 'exact');
  assert.equal(withEmpty.strata, 1);
  assertClose(withEmpty.pValue, 2 / 64, 1e-15);
  // The median difference is over every pair, zeros included: −6 −5 −4 −3 −2 −1 0 0 0 → −2.
  assert.equal(withEmpty.medianDifference, -2);
  const withZero = stratifiedSignedRank([[-1, -2, -3, -4, -5, -6, 0]]);
  assert.equal(withZero.method, 'normal');
  assert.equal(withZero.n, 6);
});

test('ties within a stratum: normal approximation with tie and continuity correction, worked by hand', () => {
  // Stratum 1: d = 1, 1, −2 → ranks 1.5, 1.5, 3; V₁ = 3, E₁ = 3, var₁ = 3·4·7/24 − (8 − 2)/48 = 3.5 − 0.125 = 3.375.
  // Stratum 2: d = 5, 6, 7, 8 → V₂ = 10, E₂ = 5, var₂ = 4·5·9/24 = 7.5.
  // V = 13, E = 8, var = 10.875; z = (13 − 8 − 0.5)/√10.875 = 1.36459…; p = 2Φ(−z).
  const result = stratifiedSignedRank([
    [1, 1, -2],
    [5, 6, 7, 8],
  ]);
  assert.equal(result.method, 'normal');
  assert.equal(result.statistic, 13);
  assert.equal(result.expected, 8);
  const z = 4.5 / Math.sqrt(10.875);
  assertClose(z, 1.364576478442026, 1e-12);
  // 2Φ(−1.364576) = 0.1723862… (erfc(z/√2), computed apart)
  assertClose(result.pValue, 0.17238620178886033, 1e-9);
});

test('no non-zero difference: p is NaN; a non-finite difference throws', () => {
  assert.ok(Number.isNaN(stratifiedSignedRank([[0, 0], []]).pValue));
  assert.throws(() => stratifiedSignedRank([[1, Number.NaN]]), /stratifiedSignedRank stratum 0/);
});
