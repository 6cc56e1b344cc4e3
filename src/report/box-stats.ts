// The five-number summary a box plot draws (Tukey's: quartiles, whiskers to the most extreme
// values within 1.5 IQR of the box, the rest as outliers), with the same quartile rule as the
// report's IQR column (R type 7), so the chart and the table agree.
import type { BoxSummary } from '../plot/box-plot.js';
import { mean, quantile } from './stats/index.js';

export function boxSummary(name: string, values: readonly number[]): BoxSummary {
  if (values.length === 0) return { name, n: 0, q1: NaN, median: NaN, q3: NaN, whiskerLow: NaN, whiskerHigh: NaN, outliers: [] };
  const q1 = quantile(values, 0.25);
  const q3 = quantile(values, 0.75);
  const fence = 1.5 * (q3 - q1);
  const inside = values.filter((v) => v >= q1 - fence && v <= q3 + fence);
  return {
    name,
    n: values.length,
    q1,
    median: quantile(values, 0.5),
    q3,
    whiskerLow: Math.min(...inside),
    whiskerHigh: Math.max(...inside),
    outliers: values.filter((v) => v < q1 - fence || v > q3 + fence).sort((a, b) => a - b),
    mean: mean(values),
  };
}
