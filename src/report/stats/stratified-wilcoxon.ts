// Stratified paired Wilcoxon signed-rank test: one activation against another over several
// mini-experiments (strata) at once, when each mini-experiment alone has too few paired
// configurations for a test to reach significance after Holm's correction. The |differences| are
// ranked within each stratum (zeros dropped, ties given their average rank), and V is the sum,
// over every stratum, of the ranks of the positive differences. Ranking within a stratum makes it
// scale-free: a mini-experiment whose scores differ by whole points weighs as much as one (with as many pairs) whose
// scores differ by hundredths, and any monotone rescaling of one mini-experiment's |differences|
// leaves V unchanged. Under the null hypothesis (every difference symmetric about zero) each sign
// is + or − with probability ½ independently, so V is a sum of independent rank·Bernoulli(½)
// terms; with one stratum it is the ordinary signed-rank test (src/report/stats/wilcoxon.ts).
//
// The same rule as the ordinary test decides exact or normal: exact (the null distribution by
// convolution) when fewer than 50 non-zero pairs remain, no |difference| is tied within its
// stratum and none was zero; otherwise normal with the within-stratum tie corrections and a
// continuity correction. A stratum whose every difference is zero carries no information and is
// left out before that rule is applied (an activation untouched in one mini-experiment).
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { median } from './descriptive.js';
import { averageRanks, tieGroupSizes } from './ranks.js';
import { requireFinite } from './validate.js';

export interface StratifiedWilcoxonResult {
  /** Sum over strata of the within-stratum ranks of the positive differences. */
  statistic: number;
  /** V's expectation under the null hypothesis, Σ n_s(n_s + 1)/4: V above it means positive differences dominate. */
  expected: number;
  /** Non-zero differences over all strata. */
  n: number;
  /** Strata with at least one non-zero difference (the ones the test uses). */
  strata: number;
  /** Two-sided; NaN when n is 0. */
  pValue: number;
  method: 'exact' | 'normal';
  /** Median of all differences (zeros included), in the units of the scores. */
  medianDifference: number;
  /** Differences above and below zero. */
  positive: number;
  negative: number;
}

/** Below this many non-zero differences (and without ties or zeros) the exact distribution is used, as in wilcoxon.ts and R. */
const EXACT_BELOW = 50;

/**
 * Two-sided stratified signed-rank test of paired differences (x − y), one array per stratum.
 * Throws on a non-finite difference.
 */
export function stratifiedSignedRank(strata: readonly (readonly number[])[]): StratifiedWilcoxonResult {
  strata.forEach((differences, index) => requireFinite(differences, `stratifiedSignedRank stratum ${index}`));
  const all = strata.flat();
  const used = strata.map((differences) => differences.filter((d) => d !== 0)).filter((nonZero) => nonZero.length > 0);
  // Zeros beside non-zero differences in a stratum (an all-zero stratum is left out, not counted).
  const hadZeros = strata.some((differences) => differences.some((d) => d !== 0) && differences.some((d) => d === 0));
  let statistic = 0;
  let expected = 0;
  let variance = 0;
  let hasTies = false;
  const ranks: number[] = [];
  for (const nonZero of used) {
    const within = averageRanks(nonZero.map(Math.abs), false);
    nonZero.forEach((d, i) => {
      if (d > 0) statistic += within[i]!;
    });
    const m = nonZero.length;
    const tieTerm = tieGroupSizes(within).reduce((sum, size) => sum + size ** 3 - size, 0);
    if (tieTerm > 0) hasTies = true;
    expected += (m * (m + 1)) / 4;
    variance += (m * (m + 1) * (2 * m + 1)) / 24 - tieTerm / 48;
    ranks.push(...within);
  }
  const n = ranks.length;
  const base = {
    statistic,
    expected,
    n,
    strata: used.length,
    medianDifference: all.length > 0 ? median(all) : NaN,
    positive: all.filter((d) => d > 0).length,
    negative: all.filter((d) => d < 0).length,
  };
  if (n === 0) return { ...base, pValue: NaN, method: 'exact' };
  if (n < EXACT_BELOW && !hasTies && !hadZeros) return { ...base, pValue: exactTwoSided(ranks, statistic), method: 'exact' };
  const centred = statistic - expected;
  const z = variance > 0 ? (centred - 0.5 * Math.sign(centred)) / Math.sqrt(variance) : 0;
  return { ...base, pValue: Math.min(1, 2 * normalCdf(-Math.abs(z), 0, 1)), method: 'normal' };
}

/**
 * The exact null distribution of V = Σ rᵢ·Bᵢ (Bᵢ independent, ½ each) for integer ranks, by
 * convolution; two-sided p = twice the smaller tail at V, capped at 1 (as wilcoxon.ts and stdlib).
 */
function exactTwoSided(ranks: readonly number[], statistic: number): number {
  const total = ranks.reduce((sum, r) => sum + r, 0);
  // probabilities[v] = P(V = v): a multiple of 2^−n, held exactly by a double for n < 50.
  let probabilities = new Float64Array(total + 1);
  probabilities[0] = 1;
  let reach = 0;
  for (const rank of ranks) {
    const next = new Float64Array(total + 1);
    for (let v = 0; v <= reach; v++) {
      const p = probabilities[v]! / 2;
      if (p === 0) continue;
      next[v] += p;
      next[v + rank] += p;
    }
    reach += rank;
    probabilities = next;
  }
  let lower = 0;
  let upper = 0;
  for (let v = 0; v <= total; v++) {
    if (v <= statistic) lower += probabilities[v]!;
    if (v >= statistic) upper += probabilities[v]!;
  }
  return Math.min(1, 2 * Math.min(lower, upper));
}
