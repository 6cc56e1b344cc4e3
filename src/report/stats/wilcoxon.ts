// Paired two-sided Wilcoxon signed-rank test, as R's wilcox.test(x, y, paired = TRUE) computes it:
// zero differences dropped; the exact null distribution when fewer than 50 pairs remain, no
// |difference| is tied and none was zero; otherwise the normal approximation with tie and
// continuity correction. (R, too, leaves the exact branch when zeros were dropped.)
// The exact p-value comes from @stdlib/stats-wilcoxon; the normal branch is written here because
// stdlib switches to it only above 50 pairs (R: from 50) and cannot be asked to use it at 50.

import wilcoxon from '@stdlib/stats-wilcoxon';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { median } from './descriptive.js';
import { averageRanks, tieGroupSizes } from './ranks.js';
import { requireFinite } from './validate.js';

export interface WilcoxonResult {
  /** Sum of the ranks of positive differences x - y (R's V). */
  statistic: number;
  /** Pairs with a non-zero difference (zeros dropped, as R and Wilcoxon do). */
  n: number;
  /** Two-sided. NaN when n is 0. */
  pValue: number;
  method: 'exact' | 'normal';
  /** Median of x - y (positive: x better when higher is better). */
  medianDifference: number;
}

/** Below this many non-zero differences (and without ties) the exact distribution is used, as in R. */
const EXACT_BELOW = 50;

/**
 * Paired two-sided signed-rank test; exact without ties for n < 50, else normal with tie and continuity correction.
 * As in R, dropped zero differences also send it to the normal approximation. Throws when the
 * lengths differ or a value is not finite. With no non-zero difference (n = 0) the p-value is NaN;
 * with one it is 1.
 */
export function wilcoxonSignedRank(x: readonly number[], y: readonly number[]): WilcoxonResult {
  if (x.length !== y.length) {
    throw new RangeError(`wilcoxonSignedRank: x has ${x.length} values but y has ${y.length}; pairs must match`);
  }
  requireFinite(x, 'wilcoxonSignedRank x');
  requireFinite(y, 'wilcoxonSignedRank y');
  const allDifferences = x.map((value, index) => value - y[index]!);
  const differences = allDifferences.filter((difference) => difference !== 0);
  const n = differences.length;
  const medianDifference = median(allDifferences);

  // rank 1 = the smallest |difference|
  const ranks = averageRanks(differences.map(Math.abs), false);
  const statistic = differences.reduce((sum, difference, index) => (difference > 0 ? sum + ranks[index]! : sum), 0);
  const tieSizes = tieGroupSizes(ranks);
  const hasTies = tieSizes.some((size) => size > 1);

  if (n === 0) return { statistic, n, pValue: NaN, method: 'exact', medianDifference };
  // V is 0 or 1 with probability ½ each, so either outcome is as extreme as the other
  if (n === 1) return { statistic, n, pValue: 1, method: 'exact', medianDifference };
  const hadZeros = n < allDifferences.length;
  if (n < EXACT_BELOW && !hasTies && !hadZeros) {
    const exact = wilcoxon(differences, { alternative: 'two-sided', exact: true });
    // stdlib doubles the smaller tail without capping; at V = n(n+1)/4 that exceeds 1
    return { statistic, n, pValue: Math.min(1, exact.pValue), method: 'exact', medianDifference };
  }
  return { statistic, n, pValue: normalApproximation(statistic, n, tieSizes), method: 'normal', medianDifference };
}

/** Two-sided p-value of V under the normal approximation, variance reduced for ties, continuity-corrected. */
function normalApproximation(statistic: number, n: number, tieSizes: readonly number[]): number {
  const tieTerm = tieSizes.reduce((sum, size) => sum + size ** 3 - size, 0);
  const sigma = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48);
  const centred = statistic - (n * (n + 1)) / 4;
  const z = (centred - 0.5 * Math.sign(centred)) / sigma;
  return Math.min(1, 2 * normalCdf(-Math.abs(z), 0, 1));
}
