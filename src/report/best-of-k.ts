// Expected best-of-k curves (issue 16 item 1): for one cell, the expected test score of the
// configuration that dev picks among k configurations drawn at random WITHOUT replacement from the
// n the cell scored, for k = 1…n. Dodge et al. (2019) estimate it by drawing with replacement,
// which Tang et al. (2020) show is biased; for a random k-subset of the n configurations the
// expectation is exact combinatorics and needs no sampling at all:
//
//   sort the configurations by dev, best first (ties: lowest configIndex first, the rule `best`
//   uses in cells.ts); the i-th of them (1-based) is dev's pick in a random k-subset exactly when
//   it is in the subset and none of the i − 1 above it is, with probability C(n−i, k−1)/C(n, k);
//   E[test of the pick] = Σ_i test_i · C(n−i, k−1)/C(n, k).
//
// k = 1 is the mean test score, k = n is `best`. The band is a percentile bootstrap over
// configurations (resample the n with replacement, recompute the curve), seeded, on a grid of k (the
// table's k = 1, 2, 4, 8, n among them).
import { quantile } from './stats/descriptive.js';
import { seededRandom } from '../util/random.js';
import type { BestOfKCrossing, BestOfKCurve, BestOfKPoint, Cell, ConfigurationScore } from './types.js';

export const BEST_OF_K_RESAMPLES = 1000;
export const BEST_OF_K_SEED = 1;
export const BEST_OF_K_LEVEL = 0.95;
/** Activations by mean whose curves are crossed against each other, besides each against the reference. */
export const BEST_OF_K_TOP = 3;
/** Curve differences within this are ties (the estimates are sums of up to 200 products). */
const EPSILON = 1e-12;

export const BEST_OF_K_METHODS: readonly string[] = [
  `expected best of k = the expected test score of the best-dev configuration among k configurations drawn at random without replacement from the n a cell scored: Σ_i test_i · C(n−i, k−1)/C(n, k) over the configurations sorted by dev (ties: lowest configIndex first, as for best), exact and unbiased for a random k-subset (Dodge et al. 2019 draw with replacement, which Tang et al. 2020 show is biased); k = 1 is the mean, k = n is best.`,
  `Its 95% band is a percentile bootstrap over configurations (${BEST_OF_K_RESAMPLES} resamples of the n with replacement, seed ${BEST_OF_K_SEED}), at every k up to 8, at 16, 32, 64… and at n; elsewhere the band is null.`,
  `A crossing: activation a overtakes b from k when b's curve is above a's at k = 1 and a's is above b's at every k from there to n; checked for each activation against the reference and among the top ${BEST_OF_K_TOP} by mean, on cells with the same scored configurations.`,
];

/** Configurations in dev's order of preference: dev descending, ties to the lowest configIndex. */
export function devOrder(scores: readonly ConfigurationScore[]): ConfigurationScore[] {
  return [...scores].sort((a, b) => b.dev - a.dev || a.configIndex - b.configIndex);
}

/**
 * E[test of dev's pick among a random k-subset], k = 1…n (index k − 1); empty for no scores.
 * Weights by incremental products: w(1) = k/n, w(i+1) = w(i)·(n−i−k+1)/(n−i), exact to rounding.
 */
export function expectedBestOfK(scores: readonly ConfigurationScore[]): number[] {
  const tests = devOrder(scores).map((score) => score.test);
  const n = tests.length;
  const curve: number[] = [];
  for (let k = 1; k <= n; k++) {
    let w = k / n;
    let sum = 0;
    for (let i = 1; i <= n - k + 1; i++) {
      sum += w * tests[i - 1]!;
      w *= (n - i - k + 1) / (n - i);
    }
    curve.push(sum);
  }
  return curve;
}

/** The k at which the band is bootstrapped: every k ≤ 8, then powers of two, and n. */
export function bandGrid(n: number): number[] {
  const ks = new Set<number>();
  for (let k = 1; k <= Math.min(n, 8); k++) ks.add(k);
  for (let k = 16; k < n; k *= 2) ks.add(k);
  if (n >= 1) ks.add(n);
  return [...ks].sort((a, b) => a - b);
}

/**
 * G[g][m] = C(m, k)/C(n, k) for the grid's k = ks[g], m = 0…n: the chance that a random k-subset
 * of n items falls inside a given m of them. Built downward from G(n) = 1 by
 * C(m−1, k)/C(m, k) = (m−k)/m, so nothing overflows.
 */
function subsetTable(n: number, ks: readonly number[]): Float64Array[] {
  return ks.map((k) => {
    const row = new Float64Array(n + 1);
    row[n] = 1;
    for (let m = n; m > k; m--) row[m - 1] = row[m]! * ((m - k) / m);
    return row;
  });
}

/** The curve at k of a multiset: tests in dev order, counts[j] copies of the j-th; `row` is subsetTable's for k. */
function countsCurveAt(tests: readonly number[], counts: ArrayLike<number>, row: Float64Array, k: number): number {
  let remaining = row.length - 1;
  let sum = 0;
  for (let j = 0; j < tests.length && remaining >= k; j++) {
    const c = counts[j]!;
    if (c === 0) continue;
    sum += tests[j]! * (row[remaining]! - row[remaining - c]!);
    remaining -= c;
  }
  return sum;
}

/** The curve, k = 1…Σcounts, of a multiset given as counts per configuration in dev order (what a bootstrap resample is). */
export function countsCurve(testsInDevOrder: readonly number[], counts: readonly number[]): number[] {
  const n = counts.reduce((a, b) => a + b, 0);
  const ks = Array.from({ length: n }, (_, i) => i + 1);
  return subsetTable(n, ks).map((row, g) => countsCurveAt(testsInDevOrder, counts, row, ks[g]!));
}

/**
 * Percentile bootstrap band of the curve at the grid's k. A resample is a count c_j per
 * configuration (in dev order); dev's pick among a random k-subset of the resample's n items is a
 * copy of j when the subset avoids the S_j items above j's copies but not all of j's:
 * P = [C(n−S_j, k) − C(n−S_j−c_j, k)]/C(n, k).
 */
export function bootstrapBand(
  scores: readonly ConfigurationScore[],
  options: { resamples?: number; seed?: number; level?: number } = {},
): { ks: number[]; low: number[]; high: number[] } {
  const { resamples = BEST_OF_K_RESAMPLES, seed = BEST_OF_K_SEED, level = BEST_OF_K_LEVEL } = options;
  const tests = devOrder(scores).map((score) => score.test);
  const n = tests.length;
  const ks = bandGrid(n);
  if (n === 0) return { ks, low: [], high: [] };
  const table = subsetTable(n, ks);
  const draws = ks.map(() => new Float64Array(resamples));
  const counts = new Int32Array(n);
  // The table transposed, flat[m·width + g] = G[g][m], so one configuration reads one stretch.
  const width = ks.length;
  const flat = new Float64Array((n + 1) * width);
  for (let g = 0; g < width; g++) for (let m = 0; m <= n; m++) flat[m * width + g] = table[g]![m]!;
  const gridK = Int32Array.from(ks);
  const sums = new Float64Array(width);
  const random = seededRandom(seed);
  for (let r = 0; r < resamples; r++) {
    counts.fill(0);
    for (let d = 0; d < n; d++) counts[Math.floor(random() * n)]!++;
    // Walk the drawn configurations in dev order; each adds to every k whose subset can still
    // avoid all items above it (remaining ≥ k: a prefix of the sorted grid).
    sums.fill(0);
    let remaining = n;
    for (let j = 0; j < n && remaining >= 1; j++) {
      const c = counts[j]!;
      if (c === 0) continue;
      const t = tests[j]!;
      const base = remaining * width;
      const below = (remaining - c) * width;
      for (let g = 0; g < width && gridK[g]! <= remaining; g++) sums[g] += t * (flat[base + g]! - flat[below + g]!);
      remaining -= c;
    }
    for (let g = 0; g < width; g++) draws[g]![r] = sums[g]!;
  }
  const tail = (1 - level) / 2;
  // Typed arrays sort numerically without a comparator; quantile's own sort of sorted input is linear.
  const sorted = draws.map((d) => Array.from(d.sort()));
  return { ks, low: sorted.map((d) => quantile(d, tail)), high: sorted.map((d) => quantile(d, 1 - tail)) };
}

/** One cell's curve with its band (null where k is off the band's grid); null for a cell with no scores. */
export function bestOfKCurve(cell: Cell, options: { resamples?: number; seed?: number } = {}): BestOfKCurve | null {
  const n = cell.scores.length;
  if (n === 0) return null;
  const means = expectedBestOfK(cell.scores);
  const band = bootstrapBand(cell.scores, options);
  const at = new Map(band.ks.map((k, g) => [k, g]));
  const curve: BestOfKPoint[] = means.map((mean, i) => {
    const g = at.get(i + 1);
    return { k: i + 1, mean, low: g === undefined ? null : band.low[g]!, high: g === undefined ? null : band.high[g]! };
  });
  return { miniExperiment: cell.miniExperiment, activation: cell.activation, n, curve };
}

export function bestOfKCurves(cells: readonly Cell[], options: { resamples?: number; seed?: number } = {}): BestOfKCurve[] {
  const curves: BestOfKCurve[] = [];
  for (const cell of cells) {
    const curve = bestOfKCurve(cell, options);
    if (curve !== null) curves.push(curve);
  }
  return curves;
}

/**
 * The smallest k from which a's curve stays strictly above b's to k = n, when b's is strictly
 * above a's at k = 1; null when there is no such crossing (a never overtakes, or was not behind).
 */
export function overtakesFrom(a: readonly number[], b: readonly number[]): number | null {
  const n = Math.min(a.length, b.length);
  if (n < 2 || !(b[0]! > a[0]! + EPSILON)) return null;
  let from = n + 1;
  for (let k = n; k >= 1 && a[k - 1]! > b[k - 1]! + EPSILON; k--) from = k;
  return from <= n ? from : null;
}

const sameConfigurations = (a: Cell, b: Cell): boolean =>
  a.scores.length === b.scores.length && a.scores.every((score, i) => score.configIndex === b.scores[i]!.configIndex);

/**
 * Per mini-experiment, crossings between each activation and the reference and among the top
 * activations by mean: both directions of each pair, cells with the same scored configurations only.
 */
export function bestOfKCrossings(
  cells: readonly Cell[],
  curves: readonly BestOfKCurve[],
  miniIds: readonly string[],
  reference: string,
  top = BEST_OF_K_TOP,
): BestOfKCrossing[] {
  const byKey = new Map(curves.map((curve) => [`${curve.miniExperiment}\u0000${curve.activation}`, curve]));
  const crossings: BestOfKCrossing[] = [];
  for (const mini of miniIds) {
    const scored = cells.filter(
      (cell) => cell.miniExperiment === mini && cell.scores.length > 0 && byKey.has(`${mini}\u0000${cell.activation}`),
    );
    const leaders = [...scored].sort((x, y) => (y.mean ?? -Infinity) - (x.mean ?? -Infinity)).slice(0, top);
    const pairs: [Cell, Cell][] = [];
    const seen = new Set<string>();
    const addPair = (x: Cell, y: Cell): void => {
      if (x.activation === y.activation) return;
      const key = [x.activation, y.activation].sort().join('\u0000');
      if (seen.has(key)) return;
      seen.add(key);
      pairs.push([x, y]);
    };
    const ref = scored.find((cell) => cell.activation === reference);
    if (ref) for (const cell of scored) addPair(cell, ref);
    for (const x of leaders) for (const y of leaders) addPair(x, y);
    for (const [x, y] of pairs) {
      if (!sameConfigurations(x, y)) continue;
      const cx = byKey.get(`${mini}\u0000${x.activation}`)!;
      const cy = byKey.get(`${mini}\u0000${y.activation}`)!;
      const mx = cx.curve.map((p) => p.mean);
      const my = cy.curve.map((p) => p.mean);
      for (const [a, b, ma, mb] of [
        [cx, cy, mx, my],
        [cy, cx, my, mx],
      ] as const) {
        const fromK = overtakesFrom(ma, mb);
        if (fromK === null) continue;
        crossings.push({
          miniExperiment: mini,
          a: a.activation,
          b: b.activation,
          fromK,
          n: a.n,
          atOne: { a: ma[0]!, b: mb[0]! },
          atN: { a: ma[a.n - 1]!, b: mb[a.n - 1]! },
        });
      }
    }
  }
  return crossings;
}

const score4 = (value: number): string => value.toFixed(4);

/** "swish overtakes penalized-tanh from k ≥ 7 of 200 configurations (…)". */
export function crossingSentence(crossing: BestOfKCrossing): string {
  const { a, b, fromK, n, atOne, atN } = crossing;
  return `${crossing.miniExperiment}: ${a} overtakes ${b} from k ≥ ${fromK} of ${n} configurations in expected best-of-k test score (k = 1, the mean: ${a} ${score4(atOne.a)} < ${b} ${score4(atOne.b)}; k = ${n}, the best: ${a} ${score4(atN.a)} > ${b} ${score4(atN.b)}).`;
}
