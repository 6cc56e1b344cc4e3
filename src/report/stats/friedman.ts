// Friedman's rank test over a blocks × treatments matrix (mini-experiments × activations), with
// the correction for ties that R's friedman.test applies, and the Iman–Davenport F form that
// Demšar (2006, §3.2.2) recommends as less conservative. The chi-square and F tails come from
// @stdlib; the ranking and the statistics are written here (no kept package offers them).

import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import fCdf from '@stdlib/stats-base-dists-f-cdf';
import { averageRanks, tieGroupSizes } from './ranks.js';
import { requireFinite } from './validate.js';

export interface FriedmanResult {
  /** Friedman's chi-square, with the correction for ties. */
  statistic: number;
  df: number;
  pValue: number;
  /** Iman–Davenport F (Demšar 2006) and its p-value. */
  imanDavenport: { statistic: number; df1: number; df2: number; pValue: number };
  /** Mean rank per treatment (column), rank 1 = best. */
  averageRanks: number[];
  blocks: number;
  treatments: number;
}

/**
 * rows = blocks (mini-experiments), columns = treatments (activations); complete, finite matrix or it throws.
 * Needs at least one block and two treatments. When every block is tied throughout there is no
 * ranking to test: statistic and p-values are NaN (as in R). With one block the Iman–Davenport F
 * has no denominator degrees of freedom and is NaN.
 */
export function friedmanTest(scores: readonly (readonly number[])[], higherIsBetter = true): FriedmanResult {
  const blocks = scores.length;
  if (blocks === 0) throw new RangeError('friedmanTest: no blocks (rows) given');
  const treatments = scores[0]!.length;
  if (treatments < 2) throw new RangeError(`friedmanTest: needs at least 2 treatments (columns), got ${treatments}`);
  scores.forEach((row, block) => {
    if (row.length !== treatments) {
      throw new RangeError(`friedmanTest: row ${block} has ${row.length} values, expected ${treatments} like row 0`);
    }
    requireFinite(row, `friedmanTest row ${block}`);
  });

  const rankSums = new Array<number>(treatments).fill(0);
  let tieTerm = 0;
  for (const row of scores) {
    const ranks = averageRanks(row, higherIsBetter);
    ranks.forEach((rank, treatment) => (rankSums[treatment]! += rank));
    for (const size of tieGroupSizes(ranks)) tieTerm += size ** 3 - size;
  }

  const k = treatments;
  const n = blocks;
  const expectedSum = (n * (k + 1)) / 2;
  const spread = rankSums.reduce((sum, rankSum) => sum + (rankSum - expectedSum) ** 2, 0);
  // Without ties the denominator is N·k·(k+1); each tie group of size t removes (t³ − t)/(k − 1).
  const denominator = n * k * (k + 1) - tieTerm / (k - 1);
  const statistic = denominator > 0 ? (12 * spread) / denominator : NaN;
  const df = k - 1;
  const pValue = 1 - chisquareCdf(statistic, df);

  const df1 = k - 1;
  const df2 = (k - 1) * (n - 1);
  // F = (N−1)χ² / (N(k−1) − χ²). χ² reaches its maximum N(k−1) when every treatment has the same
  // rank in every block; F is then infinite, and rounding must not push the denominator below 0.
  const headroom = n * (k - 1) - statistic;
  const identicalRankings = headroom <= 1e-12 * n * (k - 1);
  const fStatistic = df2 === 0 ? NaN : identicalRankings ? Infinity : ((n - 1) * statistic) / headroom;
  const fPValue = fStatistic === Infinity ? 0 : 1 - fCdf(fStatistic, df1, df2);

  return {
    statistic,
    df,
    pValue,
    imanDavenport: { statistic: fStatistic, df1, df2, pValue: fPValue },
    averageRanks: rankSums.map((rankSum) => rankSum / n),
    blocks,
    treatments,
  };
}
