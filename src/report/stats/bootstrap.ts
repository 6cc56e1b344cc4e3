// Percentile bootstrap confidence interval of a mean (Efron & Tibshirani 1993, §13.3): resample
// the values with replacement, take the mean of each resample, and read the interval off the
// quantiles of those means. Seeded, so a report shows the same interval every time it is built.

import { quantile } from './descriptive.js';
import { seededRandom } from '../../util/random.js';
import { requireFinite } from './validate.js';

export interface Interval {
  low: number;
  high: number;
}

/**
 * Percentile bootstrap CI of the mean; deterministic for a seed. Empty input gives NaN bounds, one
 * value gives a zero-width interval at it. Throws on non-finite values or options out of range.
 */
export function bootstrapMeanInterval(
  values: readonly number[],
  options: { level?: number; resamples?: number; seed?: number } = {},
): Interval {
  const { level = 0.95, resamples = 2000, seed = 1 } = options;
  if (!(level > 0 && level < 1)) throw new RangeError(`bootstrapMeanInterval: level must be in (0, 1), got ${level}`);
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new RangeError(`bootstrapMeanInterval: resamples must be a positive integer, got ${resamples}`);
  }
  requireFinite(values, 'bootstrapMeanInterval');
  const n = values.length;
  if (n === 0) return { low: NaN, high: NaN };
  const random = seededRandom(seed);
  const resampleMeans = new Array<number>(resamples);
  for (let resample = 0; resample < resamples; resample++) {
    let sum = 0;
    for (let draw = 0; draw < n; draw++) sum += values[Math.floor(random() * n)]!;
    resampleMeans[resample] = sum / n;
  }
  const tail = (1 - level) / 2;
  return { low: quantile(resampleMeans, tail), high: quantile(resampleMeans, 1 - tail) };
}
