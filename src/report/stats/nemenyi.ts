// The Nemenyi post-hoc test's critical difference of average ranks (Demšar 2006, §3.2.2), and the
// quantile of the studentized range with infinite degrees of freedom that it needs. No kept
// package offers that quantile, so it is computed here: the range R of k independent standard
// normals has  P(R ≤ q) = k ∫ φ(z) [Φ(z) − Φ(z − q)]^(k−1) dz  (z is the largest of the k), which is
// integrated numerically and inverted by bisection.

import normalCdf from '@stdlib/stats-base-dists-normal-cdf';

/** The integrand is negligible beyond ±9 standard deviations (φ(9) ≈ 1e-18). */
const INTEGRATION_LIMIT = 9;
/** Simpson panels of width 0.02: quantiles agree to 10 digits with 16 times as many panels. */
const INTEGRATION_STEPS = 900;

interface Grid {
  z: number[];
  weightedDensity: number[];
  cdf: number[];
  step: number;
}
let grid: Grid | undefined;

/** Simpson nodes over the largest value, with weight·φ(z) and Φ(z) computed once (they do not depend on q). */
function integrationGrid(): Grid {
  if (grid) return grid;
  const step = (2 * INTEGRATION_LIMIT) / INTEGRATION_STEPS;
  const z: number[] = [];
  const weightedDensity: number[] = [];
  const cdf: number[] = [];
  for (let index = 0; index <= INTEGRATION_STEPS; index++) {
    const node = -INTEGRATION_LIMIT + index * step;
    const weight = index === 0 || index === INTEGRATION_STEPS ? 1 : index % 2 === 1 ? 4 : 2;
    z.push(node);
    weightedDensity.push((weight * Math.exp(-0.5 * node * node)) / Math.sqrt(2 * Math.PI));
    cdf.push(normalCdf(node, 0, 1));
  }
  grid = { z, weightedDensity, cdf, step };
  return grid;
}

/** P(range of k standard normals ≤ q), by composite Simpson's rule over the largest value. */
function studentizedRangeCdf(q: number, k: number): number {
  if (q <= 0) return 0;
  const { z, weightedDensity, cdf, step } = integrationGrid();
  let sum = 0;
  for (let index = 0; index < z.length; index++) {
    sum += weightedDensity[index]! * (cdf[index]! - normalCdf(z[index]! - q, 0, 1)) ** (k - 1);
  }
  return Math.min(1, (k * sum * step) / 3);
}

/** Quantile of the studentized range with infinite degrees of freedom for k groups (e.g. k=2, p=0.95 → 2.772). */
export function studentizedRangeQuantile(p: number, k: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`studentizedRangeQuantile: p must be in (0, 1), got ${p}`);
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`studentizedRangeQuantile: k must be an integer ≥ 2, got ${k}`);
  let low = 0;
  let high = 4;
  while (studentizedRangeCdf(high, k) < p) high *= 2;
  // 42 halvings narrow the bracket by 2^-42 (about 1e-12 of its width): finer than the integration error
  for (let iteration = 0; iteration < 42; iteration++) {
    const middle = (low + high) / 2;
    if (studentizedRangeCdf(middle, k) < p) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

/**
 * Nemenyi critical difference of average ranks: q_alpha(k)/sqrt(2) * sqrt(k(k+1)/(6N)).
 * Two treatments whose average ranks over N blocks differ by at least this much differ
 * significantly at level alpha.
 */
export function nemenyiCriticalDifference(treatments: number, blocks: number, alpha = 0.05): number {
  if (!Number.isInteger(blocks) || blocks < 1)
    throw new RangeError(`nemenyiCriticalDifference: blocks must be a positive integer, got ${blocks}`);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`nemenyiCriticalDifference: alpha must be in (0, 1), got ${alpha}`);
  const k = treatments;
  return (studentizedRangeQuantile(1 - alpha, k) / Math.SQRT2) * Math.sqrt((k * (k + 1)) / (6 * blocks));
}
