// Axis scales: "nice" tick steps (1, 2 or 5 times a power of ten) and robust automatic ranges.

export interface Ticks {
  /** Axis domain: the input range, or the input range widened to whole steps when `extend` is set. */
  lo: number;
  hi: number;
  step: number;
  /** Tick values inside [lo, hi], ascending, rounded so that 0.1 + 0.2 prints as 0.3. */
  values: number[];
}

// Guards the 1-2-5 comparisons and floor/ceil against values like 0.30000000000000004.
const EPS = 1e-9;

/** The smallest 1-2-5 step that splits `span` into at most about `target` intervals. */
export function niceStep(span: number, target: number): number {
  if (!(span > 0) || !Number.isFinite(span)) throw new RangeError(`niceStep: span must be positive and finite, got ${span}`);
  const rough = span / Math.max(1, target);
  const mag = 10 ** Math.floor(Math.log10(rough));
  const r = rough / mag;
  const m = r <= 1 + EPS ? 1 : r <= 2 + EPS ? 2 : r <= 5 + EPS ? 5 : 10;
  return m * mag;
}

function decimalsOf(step: number): number {
  return Math.max(0, Math.ceil(-Math.log10(step) - EPS));
}

/** Removes binary noise from a multiple of `step` (0.6000000000000001 → 0.6). */
function clean(v: number, step: number): number {
  const d = Math.min(20, decimalsOf(step) + 1);
  const r = Number(v.toFixed(d));
  return r === 0 ? 0 : r;
}

/**
 * Tick values for [min, max] with about `target` intervals. With `extend`, the domain grows
 * outward to the enclosing multiples of the step, so the axis ends on labelled ticks.
 * Reversed bounds are swapped; an empty range is widened so that there is something to draw.
 */
export function niceTicks(min: number, max: number, target = 5, options: { extend?: boolean } = {}): Ticks {
  if (!Number.isFinite(min) || !Number.isFinite(max)) throw new RangeError(`niceTicks: bounds must be finite, got [${min}, ${max}]`);
  let a = Math.min(min, max);
  let b = Math.max(min, max);
  if (a === b) {
    const pad = a === 0 ? 1 : Math.abs(a) * 0.1;
    a -= pad;
    b += pad;
  }
  const step = niceStep(b - a, target);
  let i0 = Math.ceil(a / step - EPS);
  let i1 = Math.floor(b / step + EPS);
  if (options.extend) {
    i0 = Math.floor(a / step + EPS);
    i1 = Math.ceil(b / step - EPS);
    a = clean(i0 * step, step);
    b = clean(i1 * step, step);
  }
  const values: number[] = [];
  for (let i = i0; i <= i1; i++) values.push(clean(i * step, step));
  return { lo: a, hi: b, step, values };
}

const MINUS = '\u2212';

/**
 * A tick label with exactly as many decimals as the step needs, so that labels on one axis line up
 * (0.5, 1.0, 1.5). Very large or small magnitudes switch to exponent notation to stay short.
 */
export function formatTick(v: number, step: number): string {
  if (!Number.isFinite(v)) return '';
  if (v === 0) return '0';
  const abs = Math.abs(v);
  let s: string;
  if (abs >= 1e6 || step < 1e-4) {
    const digits = Math.max(0, Math.min(6, Math.ceil(Math.log10(abs) - Math.log10(step) - EPS)));
    s = abs
      .toExponential(digits)
      .replace(/\.?0+e/, 'e')
      .replace('e+', 'e');
  } else {
    s = abs.toFixed(Math.min(20, decimalsOf(step)));
  }
  return v < 0 ? MINUS + s : s;
}

export interface RobustRangeOptions {
  /** Always show y = 0 (activation plots read relative to zero). */
  includeZero?: boolean;
  /** Fraction of the values at each end that may be treated as outliers. Default 0.01. */
  tail?: number;
  /** How far beyond the inner quantiles the range may reach, as a fraction of their span. Default 0.25. */
  margin?: number;
}

function quantile(sorted: readonly number[], p: number): number {
  const pos = (sorted.length - 1) * p;
  const i = Math.floor(pos);
  const lo = sorted[i] ?? 0;
  const hi = sorted[Math.min(i + 1, sorted.length - 1)] ?? lo;
  return lo + (hi - lo) * (pos - i);
}

/**
 * A y-range that covers the data but not its outliers: the `tail` and 1 − `tail` quantiles,
 * widened by `margin` of their span and capped at the data extent. A few spike points (a numerical
 * derivative at a kink, a pole) then cannot flatten the other curves into a line, while a steep but
 * legitimate tail (e^x up to x = 5) still fits, because its top values lie within the margin.
 * Quartile fences (Tukey) were tried first and cut genuine data: ReLU's f and f' pooled have an
 * IQR of 1, which clipped f at 4. Non-finite values are ignored.
 */
export function robustRange(values: Iterable<number>, options: RobustRangeOptions = {}): [number, number] {
  const tail = Math.min(0.49, Math.max(0, options.tail ?? 0.01));
  const margin = Math.max(0, options.margin ?? 0.25);
  const finite: number[] = [];
  for (const v of values) if (Number.isFinite(v)) finite.push(v);
  if (finite.length === 0) return [-1, 1];
  finite.sort((x, y) => x - y);
  const min = finite[0] ?? 0;
  const max = finite[finite.length - 1] ?? 0;
  const qlo = quantile(finite, tail);
  const qhi = quantile(finite, 1 - tail);
  const spread = qhi - qlo;
  let lo = Math.max(min, qlo - margin * spread);
  let hi = Math.min(max, qhi + margin * spread);
  if (options.includeZero) {
    lo = Math.min(lo, 0);
    hi = Math.max(hi, 0);
  }
  return [lo, hi];
}

/** Linear map from a data interval to a pixel interval (either may be reversed). */
export function linearScale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}
