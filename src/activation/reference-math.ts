// float64 special functions the reference implementations need and Math lacks.

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const ONE_OVER_SQRT_PI = 0.5641895835477563;

/** erf(x) for |x| < 3 from the all-positive series e^{-x²}·Σ 2ⁿx^{2n+1}/(1·3·…·(2n+1)); no cancellation. */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/** erfc(x) for x ≥ 3 from its continued fraction, evaluated bottom-up (converges fast there). */
function erfcContinuedFraction(x: number): number {
  let fraction = x;
  for (let n = 80; n >= 1; n--) fraction = x + n / 2 / fraction;
  return (ONE_OVER_SQRT_PI * Math.exp(-x * x)) / fraction;
}

/** Complementary error function, relative error ~1e-14, correct limits at ±∞. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x >= 3) return x === Infinity ? 0 : erfcContinuedFraction(x);
  if (x <= -3) return 2 - erfc(-x);
  return 1 - erfSeries(x);
}

export function erf(x: number): number {
  if (Math.abs(x) < 3) return erfSeries(x);
  return Math.sign(x) * (1 - erfc(Math.abs(x)));
}
