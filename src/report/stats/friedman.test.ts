import assert from 'node:assert/strict';
import { test } from 'node:test';
import { friedmanTest } from './friedman.js';
import { averageRanks } from './ranks.js';
import { assertClose } from './stats-test-support.js';

// R's ?friedman.test example (Hollander & Wolfe 1973, p. 140): times to round first base, 22
// players × 3 methods. R prints "Friedman chi-squared = 11.143, df = 2, p-value = 0.003805".
const roundingTimes = [
  [5.4, 5.5, 5.55],
  [5.85, 5.7, 5.75],
  [5.2, 5.6, 5.5],
  [5.55, 5.5, 5.4],
  [5.9, 5.85, 5.7],
  [5.45, 5.55, 5.6],
  [5.4, 5.4, 5.35],
  [5.45, 5.5, 5.35],
  [5.25, 5.15, 5.0],
  [5.85, 5.8, 5.7],
  [5.25, 5.2, 5.1],
  [5.65, 5.55, 5.45],
  [5.6, 5.35, 5.45],
  [5.05, 5.0, 4.95],
  [5.5, 5.5, 5.4],
  [5.45, 5.55, 5.5],
  [5.55, 5.55, 5.35],
  [5.45, 5.5, 5.55],
  [5.5, 5.45, 5.25],
  [5.65, 5.6, 5.4],
  [5.7, 5.65, 5.55],
  [6.3, 6.3, 6.25],
];

// Demšar (2006), Table 6: AUC of C4.5 variants on 14 data sets (C4.5, +m, +cf, +m+cf). The table
// prints 0.975 twice for "voting", but the paper's average ranks rank C4.5+cf ahead there (the
// unrounded values differ), so that cell carries a fourth decimal here.
const demsarAuc = [
  [0.763, 0.768, 0.771, 0.798],
  [0.599, 0.591, 0.59, 0.569],
  [0.954, 0.971, 0.968, 0.967],
  [0.628, 0.661, 0.654, 0.657],
  [0.882, 0.888, 0.886, 0.898],
  [0.936, 0.931, 0.916, 0.931],
  [0.661, 0.668, 0.609, 0.685],
  [0.583, 0.583, 0.563, 0.625],
  [0.775, 0.838, 0.866, 0.875],
  [1, 1, 1, 1],
  [0.94, 0.962, 0.965, 0.962],
  [0.619, 0.666, 0.614, 0.669],
  [0.972, 0.981, 0.9751, 0.975],
  [0.957, 0.978, 0.946, 0.97],
];

test("R's rounding-times example, with ties: 11.143, p = 0.003805", () => {
  const result = friedmanTest(roundingTimes, false);
  // by hand: rank sums (fastest = 1) 53, 47, 32; four tied pairs, Σ(t³ − t) = 24; uncorrected
  // 12/(22·3·4)·(53² + 47² + 32²) − 3·22·4 = 10.636; corrected 10.636 / (1 − 24/(22·3·8)) = 78/7
  assertClose(result.statistic, 78 / 7, 1e-12);
  assertClose(result.pValue, 0.003805, 5e-7);
  assert.equal(result.df, 2);
  assert.deepEqual(
    result.averageRanks.map((rank) => rank * 22),
    [53, 47, 32],
  );
  assert.equal(result.blocks, 22);
  assert.equal(result.treatments, 3);
  // the statistic does not depend on the direction of ranking; the average ranks mirror
  const reversed = friedmanTest(roundingTimes, true);
  assertClose(reversed.statistic, 78 / 7, 1e-12);
  assert.deepEqual(
    reversed.averageRanks.map((rank) => rank * 22),
    [35, 41, 56],
  );
});

test("Demšar's worked example: average ranks, χ²_F = 9.28 and F_F = 3.69 before the tie correction", () => {
  const result = friedmanTest(demsarAuc);
  const published = [3.143, 2.0, 2.893, 1.964];
  result.averageRanks.forEach((rank, index) => assertClose(rank, published[index]!, 5e-4, `rank ${index}`));
  // Demšar leaves ties uncorrected. Ties here: a 4-way one (mushroom) and three pairs, Σ(t³ − t) =
  // 60 + 3·6 = 78, so the correction divides by 1 − 78/(14·4·15) = 0.907143.
  const uncorrected = result.statistic * (1 - 78 / 840);
  assertClose(uncorrected, 9.28, 5e-3);
  assertClose((13 * uncorrected) / (14 * 3 - uncorrected), 3.69, 5e-3);
  // with the correction: χ² = 9.27857/0.907143 = 10.22835, F = 13·10.22835/(42 − 10.22835) = 4.18513
  assertClose(result.statistic, 10.22835, 1e-5);
  assertClose(result.imanDavenport.statistic, 4.18513, 1e-5);
  assert.equal(result.imanDavenport.df1, 3);
  assert.equal(result.imanDavenport.df2, 39);
  // Demšar: the 5% critical value of F(3, 39) is 2.85, so the null hypothesis is rejected
  assert.ok(result.imanDavenport.pValue < 0.05 && result.imanDavenport.pValue > 0.001);
});

test("NAG's G08AEF example (ranks given, one tied block): 8.583 before the tie correction", () => {
  const ranksByTreatment = [
    [1, 2, 1, 1, 3, 2, 3, 1, 3, 3, 2, 2, 3, 2, 2.5, 3, 3, 2],
    [3, 3, 3, 2, 1, 3, 2, 3, 1, 1, 3, 3, 2, 3, 2.5, 2, 2, 3],
    [2, 1, 2, 3, 2, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1],
  ];
  const blocks = ranksByTreatment[0]!.map((_, block) => ranksByTreatment.map((row) => row[block]!));
  const result = friedmanTest(blocks, false);
  // one tied pair: correction factor 1 − 6/(18·3·8)
  assertClose(result.statistic * (1 - 6 / 432), 8.583, 5e-4);
  assert.deepEqual(
    result.averageRanks.map((rank) => rank * 18),
    [39.5, 42.5, 26],
  );
});

test('Iman–Davenport F equals the two-way ANOVA F on within-block ranks', () => {
  // an independent route (Conover & Iman 1981): ranks' block sums are constant, so F = (N−1)·SSt/SSe
  const ranks = roundingTimes.map((row) => averageRanks(row, false));
  const n = ranks.length;
  const k = 3;
  const grand = (k + 1) / 2;
  const columnMeans = [0, 1, 2].map((column) => ranks.reduce((sum, row) => sum + row[column]!, 0) / n);
  const treatmentSquares = n * columnMeans.reduce((sum, value) => sum + (value - grand) ** 2, 0);
  const totalSquares = ranks.flat().reduce((sum, value) => sum + (value - grand) ** 2, 0);
  const anovaF = treatmentSquares / (k - 1) / ((totalSquares - treatmentSquares) / ((k - 1) * (n - 1)));
  assertClose(friedmanTest(roundingTimes, false).imanDavenport.statistic, anovaF, 1e-10);
});

test('edge cases: identical rankings, all tied, one block, bad matrices', () => {
  const agreed = friedmanTest([
    [3, 2, 1],
    [30, 20, 10],
    [0.3, 0.2, 0.1],
  ]);
  // χ² = 12·3/(3·4)·(1 + 4 + 9) − 3·3·4 = 6 = N(k − 1): the largest possible, F infinite
  assertClose(agreed.statistic, 6, 1e-12);
  assertClose(agreed.pValue, Math.exp(-3), 1e-12); // χ²(2) tail is e^(−x/2)
  assert.equal(agreed.imanDavenport.statistic, Infinity);
  assert.equal(agreed.imanDavenport.pValue, 0);
  assert.deepEqual(agreed.averageRanks, [1, 2, 3]);

  // ties that every block shares still leave no variation within a treatment: F infinite
  const agreedWithTies = friedmanTest([
    [3, 3, 1],
    [0.7, 0.7, 0.1],
    [0.35, 0.35, 0.3],
  ]);
  assertClose(agreedWithTies.statistic, 6, 1e-12);
  assert.equal(agreedWithTies.imanDavenport.statistic, Infinity);
  assert.equal(agreedWithTies.imanDavenport.pValue, 0);

  const tied = friedmanTest([
    [0.5, 0.5, 0.5],
    [0.7, 0.7, 0.7],
  ]);
  assert.ok(Number.isNaN(tied.statistic) && Number.isNaN(tied.pValue));
  assert.ok(Number.isNaN(tied.imanDavenport.statistic) && Number.isNaN(tied.imanDavenport.pValue));
  assert.deepEqual(tied.averageRanks, [2, 2, 2]);

  const single = friedmanTest([[0.1, 0.3, 0.2]]);
  assertClose(single.statistic, 2, 1e-12);
  assert.equal(single.imanDavenport.df2, 0);
  assert.ok(Number.isNaN(single.imanDavenport.statistic));

  assert.throws(() => friedmanTest([]), /no blocks/);
  assert.throws(() => friedmanTest([[1], [2]]), /at least 2 treatments/);
  assert.throws(
    () =>
      friedmanTest([
        [1, 2],
        [1, 2, 3],
      ]),
    /row 1 has 3 values, expected 2/,
  );
  assert.throws(
    () =>
      friedmanTest([
        [1, 2],
        [NaN, 2],
      ]),
    /friedmanTest row 1: value at index 0 is NaN/,
  );
});
