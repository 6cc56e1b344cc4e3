// Float32 constants and fast float32-accurate elementary functions for the fused kernels.
// Each is accurate to a few float32 ulps (checked in float32.test.ts against Math.*), which is
// what a float32 tensor can hold; they avoid Math.exp/Math.tanh, which cost 8-20 ns per call in V8.

/** Largest finite float32. */
export const FLT_MAX = 3.4028234663852886e38;

const LOG2E = Math.LOG2E;
const LN2 = Math.LN2;
// 2^k for k in [-200, 199]: a table lookup replaces building the exponent bits.
const POW2 = new Float64Array(400);
for (let k = 0; k < 400; k++) POW2[k] = 2 ** (k - 200);

/**
 * e^x with relative error < 1e-8 for x in [-104, 89]; outside, the result over- or underflows
 * float32 anyway (clamped so the table index stays valid). NaN propagates.
 */
export function exp32(x: number): number {
  const t = (x < -104 ? -104 : x > 89 ? 89 : x) * LOG2E;
  // t + 200.5 > 0, so truncation is floor: k = round(t).
  const k = (t + 200.5) | 0;
  const r = (t - (k - 200)) * LN2;
  const p = 1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720 + r * (1 / 5040)))))));
  return p * POW2[k]!;
}

/** Logistic sigmoid 1/(1+e^-x), relative error < 1e-7. */
export function sigmoid32(x: number): number {
  return 1 / (1 + exp32(-x));
}

/**
 * tanh as a rational function of x on [-9, 9] (beyond, tanh rounds to ±1 in float32); absolute
 * error < 1e-7 and relative error of a few ulps near 0. The coefficients are those of the
 * minimax fit Eigen uses for float tanh.
 */
export function tanh32(x: number): number {
  const c = x > 9 ? 9 : x < -9 ? -9 : x;
  const c2 = c * c;
  let p = -2.76076847742355e-16;
  p = p * c2 + 2.00018790482477e-13;
  p = p * c2 - 8.60467152213735e-11;
  p = p * c2 + 5.12229709037114e-8;
  p = p * c2 + 1.48572235717979e-5;
  p = p * c2 + 6.37261928875436e-4;
  p = p * c2 + 4.89352455891786e-3;
  let q = 1.19825839466702e-6;
  q = q * c2 + 1.18534705686654e-4;
  q = q * c2 + 2.268434632439e-3;
  q = q * c2 + 4.89352518554385e-3;
  return (c * p) / q;
}

/**
 * erfc(x) with relative error < 1.2e-7 for all x (the Chebyshev fit published in Numerical
 * Recipes, §6.2), using exp32. Relative accuracy in the tail is what GELU's negative side needs.
 */
export function erfc32(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const r = t * exp32(-z * z + poly);
  // erfc(-z) = 2 - erfc(z), selected arithmetically: the sign of x is random in a layer.
  const negative = +(x < 0);
  return r + negative * (2 - 2 * r);
}

// π/2 split so that k·PIO2_HI is exact for the k used below (Cody–Waite reduction; fdlibm's split).
const PIO2_HI = 1.5707963267341256;
const PIO2_LO = 6.077100506506192e-11;
const TWO_OVER_PI = 0.6366197723675814;
// sin(x) in terms of sin(r), cos(r) for each quadrant k mod 4, as coefficients, so the quadrant
// (random in a layer) selects by table lookup instead of by branches. cos(x) = sin(x + π/2) is
// the next quadrant's entry.
const SIN_OF_S = new Float64Array([1, 0, -1, 0]);
const SIN_OF_C = new Float64Array([0, 1, 0, -1]);
/** Beyond this the two-part reduction loses accuracy; Math.sin/cos take over (rare, predictable). */
const REDUCTION_LIMIT = 1e5;

/** sin(x) (quarterTurns 0) or cos(x) (quarterTurns 1), absolute error < 1e-11 for |x| < 1e5. */
function sinShifted(x: number, quarterTurns: 0 | 1): number {
  if (!(Math.abs(x) < REDUCTION_LIMIT)) return quarterTurns === 0 ? Math.sin(x) : Math.cos(x);
  const k = ((x * TWO_OVER_PI + 1048576.5) | 0) - 1048576;
  const r = x - k * PIO2_HI - k * PIO2_LO;
  const r2 = r * r;
  const q = (k + quarterTurns) & 3;
  const sinR = r + r * r2 * (-1 / 6 + r2 * (1 / 120 + r2 * (-1 / 5040 + r2 * (1 / 362880 + r2 * (-1 / 39916800)))));
  const cosR = 1 + r2 * (-0.5 + r2 * (1 / 24 + r2 * (-1 / 720 + r2 * (1 / 40320 + r2 * (-1 / 3628800 + r2 * (1 / 479001600))))));
  return SIN_OF_S[q]! * sinR + SIN_OF_C[q]! * cosR;
}

export function sin32(x: number): number {
  return sinShifted(x, 0);
}

export function cos32(x: number): number {
  return sinShifted(x, 1);
}

/**
 * ln(1 + u) for u in [0, 1] from ln(1+u) = 2·atanh(s), s = u/(2+u) ≤ 1/3: the odd series in s
 * converges fast and keeps full relative accuracy for tiny u. NaN propagates.
 */
export function log1pUnit32(u: number): number {
  const s = u / (2 + u);
  const s2 = s * s;
  return 2 * s * (1 + s2 * (1 / 3 + s2 * (1 / 5 + s2 * (1 / 7 + s2 * (1 / 9 + s2 * (1 / 11 + s2 * (1 / 13 + s2 * (1 / 15 + s2 / 17))))))));
}

const TAN_PI_8 = 0.41421356237309503;
/**
 * arctan(x), absolute error < 1e-9: |x| is folded to z ≤ 1 (atan x = π/2 − atan(1/x)), then to
 * |w| ≤ tan(π/8) (atan z = π/4 + atan((z−1)/(z+1))); each fold is chosen arithmetically.
 */
export function atan32(x: number): number {
  const a = Math.abs(x);
  const big = +(a > 1);
  const z = (big + (1 - big) * a) / (big * a + (1 - big));
  const mid = +(z > TAN_PI_8);
  const w = (z - mid) / (1 + mid * z);
  const w2 = w * w;
  const series =
    w *
    (1 +
      w2 *
        (-1 / 3 +
          w2 * (1 / 5 + w2 * (-1 / 7 + w2 * (1 / 9 + w2 * (-1 / 11 + w2 * (1 / 13 + w2 * (-1 / 15 + w2 * (1 / 17 + w2 * (-1 / 19))))))))));
  const folded = mid * (Math.PI / 4) + series;
  const unsigned = big * (Math.PI / 2 - folded) + (1 - big) * folded;
  return (1 - 2 * +(x < 0)) * unsigned;
}
