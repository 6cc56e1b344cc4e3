// The elementwise activations' formulas, four lanes at a time: for every activation NAME,
//   NAME_f(x, p)      f(x)
//   NAME_d(x, y, p)   f'(x), given y = f(x) as well (several read it back instead of recomputing)
// with `p` the activation's constant where it has one (a leaky slope, CELU's α). Shared by the
// activation kernels (activations.c) and the training kernels' LSTM, which applies them to its
// gates (src/backend/kernels/simd/training-kernels.c). The formulas mirror the `fused` scalar forms
// in activations/*.ts, which remain the readable statement of what each computes.
#ifndef ACTBENCH_ACTIVATION_FORMULAS_H
#define ACTBENCH_ACTIVATION_FORMULAS_H
#include "vmath.h"

// ---- sigmoidal ----
static inline vf sigmoid_f(vf x, float p) { return vsigmoid(x); }
static inline vf sigmoid_d(vf x, vf y, float p) { return vmul(y, vsub(SPLAT(1.0f), y)); }

static inline vf tanh_f(vf x, float p) { return vtanh(x); }
static inline vf tanh_d(vf x, vf y, float p) { return vsub(SPLAT(1.0f), vmul(y, y)); }

// y = s·tanh(x), s = 1 right of 0 and 0.25 left; f' = s(1 − (y/s)²) = s − y²/s.
static inline vf penalized_tanh_f(vf x, float p) { return vmul(vselect(vgt(x, 0.0f), SPLAT(1.0f), SPLAT(0.25f)), vtanh(x)); }
static inline vf penalized_tanh_d(vf x, vf y, float p) {
  vf s = vselect(vgt(x, 0.0f), SPLAT(1.0f), SPLAT(0.25f));
  return vsub(s, vdiv(vmul(y, y), s));
}

static inline vf softsign_f(vf x, float p) { return vdiv(x, vadd(SPLAT(1.0f), vabs(x))); }
static inline vf softsign_d(vf x, vf y, float p) {
  vf d = vadd(SPLAT(1.0f), vabs(x));
  return vdiv(SPLAT(1.0f), vmul(d, d));
}

// ---- self-gated: y = x·g(x), so the backward pass reads the gate back as g = y/x instead of
// recomputing it (g(0) given where x is 0). y/x is accurate to an ulp: y is x·g rounded once.
static inline vf gate_from_output(vf x, vf y, float gate_at_zero) {
  return vselect(wasm_f32x4_eq(x, SPLAT(0.0f)), SPLAT(gate_at_zero), vdiv(y, x));
}

// f' = σ + x·σ(1 − σ) = σ + y(1 − σ)
static inline vf swish_f(vf x, float p) { return vscaled_sigmoid(x, x); }
static inline vf swish_d(vf x, vf y, float p) {
  vf s = gate_from_output(x, y, 0.5f);
  return vadd(s, vmul(y, vsub(SPLAT(1.0f), s)));
}

// GELU = x·Φ(x), Φ(x) = (1 + erf(x/√2))/2; f' = Φ(x) + x·φ(x). erf by a rational function, not
// erfc by an exp: the forward pass costs a third, and in the left tail (x < −5, where GELU is
// below 1e-6·|x|) the value is accurate to ~1e-7·|x| absolute instead of relatively, as in PyTorch
// and tfjs, which compute 1 + erf too.
static inline vf gelu_f(vf x, float p) {
  vf half_x = vmul(SPLAT(0.5f), x);
  return vmuladd(half_x, verf(vmul(x, SPLAT(0.70710678118654752f))), half_x);
}
static inline vf gelu_d(vf x, vf y, float p) {
  vf phi = vmul(SPLAT(0.3989422804014327f), vexp(vmul(SPLAT(-0.5f), vmul(x, x))));
  return vmuladd(x, phi, gate_from_output(x, y, 0.5f));
}

// 0.5·x·(1 + tanh(u)) = x·σ(2u), u = √(2/π)(x + 0.044715x³)
static inline vf gelu_tanh_u2(vf x) { return vmul(SPLAT(1.5957691216057308f), vmuladd(vmul(SPLAT(0.044715f), x), vmul(x, x), x)); }
static inline vf gelu_tanh_f(vf x, float p) { return vscaled_sigmoid(x, gelu_tanh_u2(x)); }
static inline vf gelu_tanh_d(vf x, vf y, float p) {
  vf s = gate_from_output(x, y, 0.5f);
  vf du2 = vmul(SPLAT(1.5957691216057308f), vmuladd(SPLAT(3.0f * 0.044715f), vmul(x, x), SPLAT(1.0f)));
  return vadd(s, vmul(vmul(vmul(x, s), vsub(SPLAT(1.0f), s)), du2));
}

// tanh(softplus(x)) = n/(n+2), n = e(e+2), e = e^x; past x = 20 it is 1 in float32, and the clamp
// keeps n finite.
static inline vf mish_f(vf x, float p) {
  vf e = vexp(vclamp_below(x, 20.0f));
  vf n = vmul(e, vadd(e, SPLAT(2.0f)));
  return vmul(x, vdiv(n, vadd(n, SPLAT(2.0f))));
}
static inline vf mish_d(vf x, vf y, float p) {
  vf e = vexp(vclamp_below(x, 20.0f));
  vf n = vmul(e, vadd(e, SPLAT(2.0f)));
  vf g = vdiv(n, vadd(n, SPLAT(2.0f)));
  vf sigma = vdiv(e, vadd(SPLAT(1.0f), e));
  return vadd(g, vmul(vmul(x, vsub(SPLAT(1.0f), vmul(g, g))), sigma));
}

// ---- rectifiers ----
static inline vf relu_f(vf x, float p) { return vclamp_above(x, 0.0f); }
static inline vf relu_d(vf x, vf y, float p) { return vone_if(vgt(x, 0.0f)); }

// Leaky ReLU with slope `param` in [0, 1] (src/activation/leaky-relu.ts): max(x, p·x), two
// instructions where a select took five (a bitselect is three in V8); NaN stays NaN (pmax keeps
// its first operand). f' = p + (1 − p)·[x > 0].
static inline vf leaky_relu_f(vf x, float p) { return wasm_f32x4_pmax(x, vmul(SPLAT(p), x)); }
static inline vf leaky_relu_d(vf x, vf y, float p) { return vadd(SPLAT(p), wasm_v128_and(vgt(x, 0.0f), SPLAT(1.0f - p))); }

static inline vf relu6_f(vf x, float p) { return vclamp(x, 0.0f, 6.0f); }
static inline vf relu6_d(vf x, vf y, float p) { return vone_if(wasm_v128_and(vgt(x, 0.0f), vlt(x, 6.0f))); }

// ln(1 + e^x) = max(x, 0) + ln(1 + e^−|x|); f' = σ(x)
static inline vf softplus_f(vf x, float p) { return vadd(vclamp_above(x, 0.0f), vlog1p_unit(vexp(vneg(vabs(x))))); }
// σ(x) = (1 + tanh(x/2))/2: tanh's rational function costs 40% less than exp and a division. In
// the left tail σ is then accurate to ~3e-8 absolute rather than relatively: ample for a gradient.
static inline vf softplus_d(vf x, vf y, float p) { return vmuladd(SPLAT(0.5f), vtanh(vmul(SPLAT(0.5f), x)), SPLAT(0.5f)); }

// ---- exponential ----
// ELU with α = param (CELU: α·(e^(x/α) − 1) left of 0, ELU when α = 1); left of 0 f' = e^(x/α) = y/α + 1.
static inline vf elu_f(vf x, float p) { return vselect(vgt(x, 0.0f), x, vmul(SPLAT(p), vexpm1(vdiv(x, SPLAT(p))))); }
static inline vf elu_d(vf x, vf y, float p) { return vselect(vgt(x, 0.0f), SPLAT(1.0f), vadd(vdiv(y, SPLAT(p)), SPLAT(1.0f))); }

// λ·(x if x > 0 else α(e^x − 1)); left of 0 f' = λαe^x = y + λα.
#define SELU_ALPHA 1.6732632423543772848170429916717f
#define SELU_LAMBDA 1.0507009873554804934193349852946f
static inline vf selu_f(vf x, float p) { return vmul(SPLAT(SELU_LAMBDA), vselect(vgt(x, 0.0f), x, vmul(SPLAT(SELU_ALPHA), vexpm1(x)))); }
static inline vf selu_d(vf x, vf y, float p) { return vselect(vgt(x, 0.0f), SPLAT(SELU_LAMBDA), vadd(y, SPLAT(SELU_LAMBDA * SELU_ALPHA))); }

// ---- hard ----
static inline vf hard_sigmoid_f(vf x, float p) { return vclamp(vmuladd(SPLAT(0.2f), x, SPLAT(0.5f)), 0.0f, 1.0f); }
static inline vf hard_sigmoid_d(vf x, vf y, float p) { return wasm_v128_and(wasm_v128_and(vgt(x, -2.5f), vlt(x, 2.5f)), SPLAT(0.2f)); }

// x·relu6(x + 3)/6, zeroed at and below −3 so that −∞ gives 0 (not −∞·0): exact at ±∞ without the
// per-vector infinity test, which cost as much as the formula. The mask is "not x ≤ −3" so NaN stays NaN.
static inline vf hard_swish_f(vf x, float p) {
  vf y = vmul(x, vmul(vclamp(vadd(x, SPLAT(3.0f)), 0.0f, 6.0f), SPLAT(1.0f / 6.0f)));
  return wasm_v128_andnot(y, wasm_f32x4_le(x, SPLAT(-3.0f)));
}
static inline vf hard_swish_d(vf x, vf y, float p) {
  vf inside = vmul(vmuladd(SPLAT(2.0f), x, SPLAT(3.0f)), SPLAT(1.0f / 6.0f));
  return wasm_v128_andnot(vselect(vlt(x, 3.0f), inside, SPLAT(1.0f)), wasm_f32x4_le(x, SPLAT(-3.0f)));
}

// ---- polynomial ----
static inline vf cube_f(vf x, float p) { return vmul(vmul(x, x), x); }
static inline vf cube_d(vf x, vf y, float p) { return vmul(SPLAT(3.0f), vmul(x, x)); }

// ---- periodic and searched ----
// Written once over a sine and cosine SIN/COS, and instantiated twice: NAME_f/NAME_d for any x
// (what the recurrent kernels use), and NAME_f_reduced/NAME_d_reduced for |x| ≤ 8192 only, which
// the activation kernels run in their loops and follow with the full-range ones on the rare vectors
// that need them (a test-and-branch per vector in the loop cost 10–20%).
#define PERIODIC_FORMULAS(SUFFIX, SIN, COS)                                                                        \
  static inline vf sin_f##SUFFIX(vf x, float p) { return SIN(x); }                                                 \
  static inline vf sin_d##SUFFIX(vf x, vf y, float p) { return COS(x); }                                            \
  static inline vf cosid_f##SUFFIX(vf x, float p) { return vsub(COS(x), x); }                                       \
  static inline vf cosid_d##SUFFIX(vf x, vf y, float p) { return vsub(vneg(SIN(x)), SPLAT(1.0f)); }                 \
  /* min(x, sin x) is x left of 0 and sin x right of it. */                                                      \
  static inline vf minsin_f##SUFFIX(vf x, float p) { return vselect(vgt(x, 0.0f), SIN(x), x); }                     \
  static inline vf minsin_d##SUFFIX(vf x, vf y, float p) { return vselect(vgt(x, 0.0f), COS(x), SPLAT(1.0f)); }
PERIODIC_FORMULAS(, vsin_any, vcos_any)
PERIODIC_FORMULAS(_reduced, vsin, vcos)

static inline vf arctid_f(vf x, float p) {
  vf a = vatan(x);
  return vsub(vmul(a, a), x);
}
// y + x = arctan(x)², and arctan(x) has x's sign: no arctan in the backward pass.
static inline vf arctid_d(vf x, vf y, float p) {
  vf a = wasm_v128_or(wasm_f32x4_sqrt(vclamp_above(vadd(y, x), 0.0f)), wasm_v128_and(x, wasm_i32x4_splat((int)0x80000000)));
  return vsub(vdiv(vmul(SPLAT(2.0f), a), vmuladd(x, x, SPLAT(1.0f))), SPLAT(1.0f));
}

// max(x, σ(x)): where y is x the slope is 1, elsewhere y = σ(x) and the slope is y(1 − y).
static inline vf maxsig_f(vf x, float p) { return wasm_f32x4_pmax(vsigmoid(x), x); }
static inline vf maxsig_d(vf x, vf y, float p) { return vselect(wasm_f32x4_eq(y, x), SPLAT(1.0f), vmul(y, vsub(SPLAT(1.0f), y))); }

// max(x, tanh x) is x right of 0 and tanh x left of it.
static inline vf maxtanh_f(vf x, float p) { return vselect(vgt(x, 0.0f), x, vtanh(x)); }
static inline vf maxtanh_d(vf x, vf y, float p) { return vselect(vgt(x, 0.0f), SPLAT(1.0f), vsub(SPLAT(1.0f), vmul(y, y))); }

#endif
