// Two rank statistics for the diagnostics section: the ROC AUC of a score for a binary outcome
// (did the run diverge?) and Spearman's rank correlation (does a score at initialisation go with
// the final test score?). Plain numbers in and out.

/** Ranks 1…n with ties given their average rank. */
export function averageRanks(values: readonly number[]): number[] {
  // Compared, not subtracted: ∞ − ∞ is NaN, and infinite values (a norm that blew up) must rank.
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.value === order[start]!.value) end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k]!.index] = rank;
    start = end + 1;
  }
  return ranks;
}

/**
 * The probability that a random positive scores higher than a random negative, ties counting one
 * half (the Mann–Whitney U over the product of the class sizes). Null when either class is
 * empty: then no pair exists and the AUC is not defined.
 */
export function rocAuc(scores: readonly number[], positive: readonly boolean[]): number | null {
  if (scores.length !== positive.length) throw new Error(`rocAuc: ${scores.length} scores but ${positive.length} labels`);
  const positives = positive.filter(Boolean).length;
  const negatives = positive.length - positives;
  if (positives === 0 || negatives === 0) return null;
  const ranks = averageRanks(scores);
  const positiveRankSum = ranks.reduce((sum, rank, i) => sum + (positive[i] ? rank : 0), 0);
  const u = positiveRankSum - (positives * (positives + 1)) / 2;
  return u / (positives * negatives);
}

/**
 * Spearman's ρ: Pearson's correlation of the average ranks (so ties are handled). Null with fewer
 * than three pairs or when either side is constant (no ranking to correlate).
 */
export function spearman(x: readonly number[], y: readonly number[]): number | null {
  if (x.length !== y.length) throw new Error(`spearman: ${x.length} x values but ${y.length} y values`);
  if (x.length < 3) return null;
  const rx = averageRanks(x);
  const ry = averageRanks(y);
  const mean = (x.length + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < rx.length; i++) {
    const dx = rx[i]! - mean;
    const dy = ry[i]! - mean;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}
