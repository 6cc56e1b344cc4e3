// Spearman's rank correlation: Pearson's correlation of the two variables' average ranks (ties
// share the mean of the ranks they span), so it measures how monotonically two orderings agree.
import { averageRanks } from './ranks.js';
import { requireFinite } from './validate.js';

function pearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  const meanX = x.reduce((a, b) => a + b, 0) / n;
  const meanY = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - meanX;
    const dy = y[i]! - meanY;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  // A constant variable has no ordering to agree with: the correlation is undefined.
  return sxx === 0 || syy === 0 ? NaN : sxy / Math.sqrt(sxx * syy);
}

/** Spearman's ρ of paired values; NaN with fewer than two pairs or a constant side. */
export function spearmanCorrelation(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) throw new RangeError(`spearmanCorrelation: ${x.length} and ${y.length} values`);
  requireFinite(x, 'spearmanCorrelation');
  requireFinite(y, 'spearmanCorrelation');
  if (x.length < 2) return NaN;
  return pearson(averageRanks(x), averageRanks(y));
}
