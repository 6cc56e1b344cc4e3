// Four-lane float32 elementary functions for the WASM SIMD activation kernels. Each is accurate
// to a few float32 ulps over the range a float32 activation needs and propagates NaN. Constants
// are those of published float32 approximations (Cephes' expf/sinf/atanf, Eigen's tanh rational
// fit, Numerical Recipes' erfc); the code is ours. No function here touches memory or the stack:
// the kernels may run on a memory that is not theirs (tfjs-wasm's heap).
#ifndef ACTBENCH_VMATH_H
#define ACTBENCH_VMATH_H
#include <wasm_simd128.h>

typedef v128_t vf;

#define SPLAT(c) wasm_f32x4_splat(c)
#define FLT_MAX_F 3.40282346638528859812e+38f

static inline vf vadd(vf a, vf b) { return wasm_f32x4_add(a, b); }
static inline vf vsub(vf a, vf b) { return wasm_f32x4_sub(a, b); }
static inline vf vmul(vf a, vf b) { return wasm_f32x4_mul(a, b); }
static inline vf vdiv(vf a, vf b) { return wasm_f32x4_div(a, b); }
static inline vf vneg(vf a) { return wasm_f32x4_neg(a); }
static inline vf vabs(vf a) { return wasm_f32x4_abs(a); }
// a·b + c, written out (relaxed-SIMD FMA is not available to this toolchain and Node 20).
static inline vf vmuladd(vf a, vf b, vf c) { return wasm_f32x4_add(wasm_f32x4_mul(a, b), c); }
// pmin/pmax compile to single minps/maxps and return the first operand when it is NaN, so
// clamping x with them keeps a NaN x.
static inline vf vclamp_below(vf x, float hi) { return wasm_f32x4_pmin(x, SPLAT(hi)); }
static inline vf vclamp_above(vf x, float lo) { return wasm_f32x4_pmax(x, SPLAT(lo)); }
static inline vf vclamp(vf x, float lo, float hi) { return vclamp_below(vclamp_above(x, lo), hi); }
/** mask ? a : b, lane by lane. */
static inline vf vselect(v128_t mask, vf a, vf b) { return wasm_v128_bitselect(a, b, mask); }
static inline v128_t vgt(vf a, float c) { return wasm_f32x4_gt(a, SPLAT(c)); }
static inline v128_t vlt(vf a, float c) { return wasm_f32x4_lt(a, SPLAT(c)); }
/** 1.0 where the mask is set, 0.0 elsewhere. */
static inline vf vone_if(v128_t mask) { return wasm_v128_and(mask, SPLAT(1.0f)); }

/**
 * e^x = 2^k·(1 + q), with q = e^r − 1 for r = x − k·ln2, |r| ≤ ln2/2; returns q and sets *scale to
 * 2^k. Below -87.3 the result would be denormal and is held at e^-87.3 (~1e-38); above 88 it is
 * held at e^88 (~1.7e38): callers never need more (the limits at ±∞ are set by the kernel).
 */
__attribute__((always_inline)) static inline vf exp_parts(vf x, vf *scale) {
  x = vclamp(x, -87.3365447f, 88.0f);
  // Adding 1.5·2^23 + 127 rounds x·log2(e) to an integer k in the low mantissa bits, already
  // biased as a float exponent: shifted left by 23 they are the bits of 2^k. Subtracting the
  // constant again gives k as a float. (Cheaper than nearest + a saturating conversion.)
  vf n = vmuladd(x, SPLAT(1.44269504088896341f), SPLAT(12583039.0f));
  *scale = wasm_i32x4_shl(n, 23);
  vf k = vsub(n, SPLAT(12583039.0f));
  // r = x - k·ln2 with ln2 split in two so that k·C1 is exact.
  vf r = vsub(vsub(x, vmul(k, SPLAT(0.693359375f))), vmul(k, SPLAT(-2.12194440e-4f)));
  // r + r²·(c5 + c4·r + … + c0·r⁵) in Estrin's order: six dependent steps instead of Horner's
  // twelve. The kernels are bound by latency, not by V8's SIMD throughput (exp-based ones −10%).
  vf r2 = vmul(r, r);
  vf low = vmuladd(SPLAT(1.6666665459e-1f), r, SPLAT(5.0000001201e-1f));
  vf mid = vmuladd(SPLAT(8.3334519073e-3f), r, SPLAT(4.1665795894e-2f));
  vf high = vmuladd(SPLAT(1.9875691500e-4f), r, SPLAT(1.3981999507e-3f));
  vf p = vmuladd(vmuladd(high, r2, mid), r2, low);
  return vmuladd(p, r2, r);
}

/** e^x (see exp_parts for its range). */
static inline vf vexp(vf x) {
  vf scale;
  vf q = exp_parts(x, &scale);
  return vmuladd(q, scale, scale);
}

/**
 * e^x − 1 = 2^k·q + (2^k − 1): near 0, k = 0 and it is q itself, with full relative accuracy; one
 * polynomial, where a separate Taylor series for |x| < 0.3 and a select cost elu and selu 25%.
 */
static inline vf vexpm1(vf x) {
  vf scale;
  vf q = exp_parts(x, &scale);
  return vmuladd(q, scale, vsub(scale, SPLAT(1.0f)));
}

/** a·σ(u) = a / (1 + e^−u): one division, no multiplication after it. */
static inline vf vscaled_sigmoid(vf a, vf u) { return vdiv(a, vadd(SPLAT(1.0f), vexp(vneg(u)))); }
static inline vf vsigmoid(vf x) { return vscaled_sigmoid(SPLAT(1.0f), x); }

/** tanh as a rational function on [-9, 9]; beyond, tanh is ±1 in float32. */
static inline vf vtanh(vf x) {
  vf c = vclamp(x, -9.0f, 9.0f);
  vf c2 = vmul(c, c);
  vf p = SPLAT(-2.76076847742355e-16f);
  p = vmuladd(p, c2, SPLAT(2.00018790482477e-13f));
  p = vmuladd(p, c2, SPLAT(-8.60467152213735e-11f));
  p = vmuladd(p, c2, SPLAT(5.12229709037114e-8f));
  p = vmuladd(p, c2, SPLAT(1.48572235717979e-5f));
  p = vmuladd(p, c2, SPLAT(6.37261928875436e-4f));
  p = vmuladd(p, c2, SPLAT(4.89352455891786e-3f));
  vf q = SPLAT(1.19825839466702e-6f);
  q = vmuladd(q, c2, SPLAT(1.18534705686654e-4f));
  q = vmuladd(q, c2, SPLAT(2.26843463243900e-3f));
  q = vmuladd(q, c2, SPLAT(4.89352518554385e-3f));
  return vdiv(vmul(c, p), q);
}

/**
 * ln(1 + u) for u in [0, 1]: 2·atanh(s), s = u/(2+u) ≤ 1/3, odd series to s^13 (the next term is
 * below 1.4e-8 relative), in Estrin's order for a short dependency chain.
 */
static inline vf vlog1p_unit(vf u) {
  vf s = vdiv(u, vadd(SPLAT(2.0f), u));
  vf z = vmul(s, s);
  vf z2 = vmul(z, z);
  vf low = vmuladd(SPLAT(1.0f / 3.0f), z, SPLAT(1.0f));
  vf mid = vmuladd(SPLAT(1.0f / 7.0f), z, SPLAT(1.0f / 5.0f));
  vf high = vmuladd(vmuladd(SPLAT(1.0f / 13.0f), z2, vmuladd(SPLAT(1.0f / 11.0f), z, SPLAT(1.0f / 9.0f))), z2, mid);
  return vmul(vmul(SPLAT(2.0f), s), vmuladd(high, z2, low));
}

/** arctan(x): |x| folded below tan(π/8) by arctan identities chosen per lane, then a polynomial. */
static inline vf vatan(vf x) {
  vf a = vabs(x);
  v128_t big = vgt(a, 2.414213562373095f);
  v128_t mid = wasm_v128_andnot(vgt(a, 0.4142135623730950f), big);
  vf folded = vselect(big, vdiv(SPLAT(-1.0f), a), vselect(mid, vdiv(vsub(a, SPLAT(1.0f)), vadd(a, SPLAT(1.0f))), a));
  vf base = vselect(big, SPLAT(1.5707963267948966f), vselect(mid, SPLAT(0.7853981633974483f), SPLAT(0.0f)));
  vf z = vmul(folded, folded);
  vf p = SPLAT(8.05374449538e-2f);
  p = vmuladd(p, z, SPLAT(-1.38776856032e-1f));
  p = vmuladd(p, z, SPLAT(1.99777106478e-1f));
  p = vmuladd(p, z, SPLAT(-3.33329491539e-1f));
  vf unsigned_result = vadd(base, vmuladd(vmul(p, z), folded, folded));
  // Give the result x's sign bit.
  return wasm_v128_or(unsigned_result, wasm_v128_and(x, wasm_i32x4_splat((int)0x80000000)));
}

/** Scalar double sin/cos of one lane, for inputs too large for the float32 reduction. */
static inline double sin_or_cos_double(double x, int want_cos) {
  const double k = __builtin_rint(x * 0.6366197723675814);
  const double r = x - k * 1.5707963267341256 - k * 6.077100506506192e-11;
  const double r2 = r * r;
  const double s = r + r * r2 * (-1.0 / 6 + r2 * (1.0 / 120 + r2 * (-1.0 / 5040 + r2 * (1.0 / 362880 + r2 * (-1.0 / 39916800)))));
  const double c = 1 + r2 * (-0.5 + r2 * (1.0 / 24 + r2 * (-1.0 / 720 + r2 * (1.0 / 40320 + r2 * (-1.0 / 3628800 + r2 * (1.0 / 479001600))))));
  // Quadrant of x (k mod 4) without an integer conversion of a possibly huge k.
  const int q = (int)(k - 4 * __builtin_floor(k / 4)) + want_cos;
  const double base = (q & 1) ? c : s;
  return (q & 2) ? -base : base;
}

/** Lanes with |x| beyond the float32 reduction's range get sin/cos from the double path (rare). */
__attribute__((always_inline)) static inline vf fix_large_lanes(vf x, vf result, int want_cos) {
  if (!wasm_v128_any_true(vgt(vabs(x), 8192.0f))) return result;
  float lanes[4] = {wasm_f32x4_extract_lane(x, 0), wasm_f32x4_extract_lane(x, 1), wasm_f32x4_extract_lane(x, 2), wasm_f32x4_extract_lane(x, 3)};
  for (int lane = 0; lane < 4; lane++) lanes[lane] = __builtin_fabsf(lanes[lane]) > 8192.0f ? (float)sin_or_cos_double(lanes[lane], want_cos) : __builtin_nanf("");
  v128_t fixed = wasm_f32x4_make(lanes[0], lanes[1], lanes[2], lanes[3]);
  return vselect(vgt(vabs(x), 8192.0f), fixed, result);
}

/**
 * x = kπ + r with |r| ≤ π/2 (float32 Cody–Waite, π in three parts, exact products for |x| < 8192);
 * returns r and sets *flip to k's parity in the sign-bit position: sin and cos of x are those of
 * r with the sign flipped for odd k.
 */
__attribute__((always_inline)) static inline vf reduce_by_pi(vf x, v128_t *flip) {
  // Adding 1.5·2^23 rounds x/π to an integer k held in the low mantissa bits.
  vf n = vmuladd(x, SPLAT(0.318309886183790672f), SPLAT(12582912.0f));
  *flip = wasm_i32x4_shl(n, 31);
  vf k = vsub(n, SPLAT(12582912.0f));
  return vsub(vsub(vsub(x, vmul(k, SPLAT(3.140625f))), vmul(k, SPLAT(9.67502593994140625e-4f))), vmul(k, SPLAT(1.509957990978376432e-7f)));
}

/** sin(x) for |x| ≤ 8192, absolute error < 1e-7 (odd Taylor polynomial to r^11 on |r| ≤ π/2). */
__attribute__((always_inline)) static inline vf vsin(vf x) {
  v128_t flip;
  vf r = reduce_by_pi(x, &flip);
  vf r2 = vmul(r, r);
  vf p = SPLAT(-1.0f / 39916800.0f);
  p = vmuladd(p, r2, SPLAT(1.0f / 362880.0f));
  p = vmuladd(p, r2, SPLAT(-1.0f / 5040.0f));
  p = vmuladd(p, r2, SPLAT(1.0f / 120.0f));
  p = vmuladd(p, r2, SPLAT(-1.0f / 6.0f));
  vf s = vmuladd(vmul(p, r2), r, r);
  return wasm_v128_xor(s, flip);
}

/** cos(x) for |x| ≤ 8192, absolute error < 1e-7 (even Taylor polynomial to r^12 on |r| ≤ π/2). */
__attribute__((always_inline)) static inline vf vcos(vf x) {
  v128_t flip;
  vf r = reduce_by_pi(x, &flip);
  vf r2 = vmul(r, r);
  vf p = SPLAT(1.0f / 479001600.0f);
  p = vmuladd(p, r2, SPLAT(-1.0f / 3628800.0f));
  p = vmuladd(p, r2, SPLAT(1.0f / 40320.0f));
  p = vmuladd(p, r2, SPLAT(-1.0f / 720.0f));
  p = vmuladd(p, r2, SPLAT(1.0f / 24.0f));
  p = vmuladd(p, r2, SPLAT(-0.5f));
  vf c = vmuladd(p, r2, SPLAT(1.0f));
  return wasm_v128_xor(c, flip);
}

/** sin and cos for any x: lanes beyond the float32 reduction's range through the double path. */
__attribute__((always_inline)) static inline vf vsin_any(vf x) { return fix_large_lanes(x, vsin(x), 0); }
__attribute__((always_inline)) static inline vf vcos_any(vf x) { return fix_large_lanes(x, vcos(x), 1); }

/** The lanes that vsin and vcos cannot take (|x| > 8192, ±∞); NaN is not among them. */
static inline v128_t beyond_reduction(vf x) { return vgt(vabs(x), 8192.0f); }

/**
 * erf(x) as x·P(x²)/Q(x²) on [-4, 4] (beyond, erf is ±1 in float32): Eigen's float32 rational fit,
 * absolute error ~1e-7, no exp. Near ±1 that is an absolute, not a relative, accuracy: 1 + erf(x)
 * in the left tail keeps only what the subtraction leaves.
 */
static inline vf verf(vf x) {
  x = vclamp(x, -4.0f, 4.0f);
  vf x2 = vmul(x, x);
  vf p = SPLAT(-2.72614225801306e-10f);
  p = vmuladd(p, x2, SPLAT(2.77068142495902e-08f));
  p = vmuladd(p, x2, SPLAT(-2.10102402082508e-06f));
  p = vmuladd(p, x2, SPLAT(-5.69250639462346e-05f));
  p = vmuladd(p, x2, SPLAT(-7.34990630326855e-04f));
  p = vmuladd(p, x2, SPLAT(-2.95459980854025e-03f));
  p = vmuladd(p, x2, SPLAT(-1.60960333262415e-02f));
  vf q = SPLAT(-1.45660718464996e-05f);
  q = vmuladd(q, x2, SPLAT(-2.13374055278905e-04f));
  q = vmuladd(q, x2, SPLAT(-1.68282697438203e-03f));
  q = vmuladd(q, x2, SPLAT(-7.37332916720468e-03f));
  q = vmuladd(q, x2, SPLAT(-1.42647390514189e-02f));
  return vdiv(vmul(x, p), q);
}
#endif
