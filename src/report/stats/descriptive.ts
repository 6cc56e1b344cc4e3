// Descriptive statistics for report tables: mean, median, quantiles (R type 7), sample standard
// deviation, interquartile range. Pure functions over plain arrays; NaN in the input throws (a
// failed run must be filtered out by the caller, not averaged in); ±Infinity follows IEEE arithmetic.

import { requireNoNaN } from './validate.js';

/** Arithmetic mean; NaN for an empty array. Throws on NaN input. */
export function mean(values: readonly number[]): number {
  requireNoNaN(values, 'mean');
  if (values.length === 0) return NaN;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

/** Middle value (average of the two middle ones for even n); NaN for an empty array. */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Linear interpolation between order statistics (R type 7 / numpy default). NaN for an empty array. */
export function quantile(values: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile: p must be in [0, 1], got ${p}`);
  requireNoNaN(values, 'quantile');
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const fraction = position - below;
  const low = sorted[below]!;
  if (fraction === 0) return low;
  const high = sorted[below + 1]!;
  // equal neighbours (infinities included) need no interpolation, and Infinity − Infinity is NaN
  return high === low ? low : low + fraction * (high - low);
}

/** Sample standard deviation (divisor n − 1); NaN for fewer than two values. */
export function standardDeviation(values: readonly number[]): number {
  const centre = mean(values);
  if (values.length < 2) return NaN;
  let squares = 0;
  for (const value of values) squares += (value - centre) ** 2;
  return Math.sqrt(squares / (values.length - 1));
}

/** Third quartile minus first quartile, both R type 7; NaN for an empty array. */
export function interquartileRange(values: readonly number[]): number {
  return quantile(values, 0.75) - quantile(values, 0.25);
}
