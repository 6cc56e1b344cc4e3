// Fused forward and backward kernels of the elementwise activations, four lanes at a time
// (WASM SIMD). The formulas mirror the `fused` scalar forms in activations/*.ts, which remain the
// readable statement of what each kernel computes; tests hold the two and the float64 reference
// together. Kernel ABI, for every activation NAME:
//   NAME_forward(x, y, n, pos, neg, param)        y = f(x); x = ±∞ gives pos/neg (f's limits)
//   NAME_backward(x, y, dy, dx, n, param)         dx = dy·f'(x), with x, y = ±∞ taken at ±FLT_MAX
// `param` is the activation's constant where it has one (a leaky slope, CELU's α).
#include "vmath.h"

static inline vf load_tail(const float *p, int count) {
  vf v = SPLAT(0.0f);
  v = wasm_v128_load32_lane(p, v, 0);
  if (count > 1) v = wasm_v128_load32_lane(p + 1, v, 1);
  if (count > 2) v = wasm_v128_load32_lane(p + 2, v, 2);
  return v;
}

static inline void store_tail(float *p, vf v, int count) {
  wasm_v128_store32_lane(p, v, 0);
  if (count > 1) wasm_v128_store32_lane(p + 1, v, 1);
  if (count > 2) wasm_v128_store32_lane(p + 2, v, 2);
}

static inline int any_infinite(vf v) { return wasm_v128_any_true(wasm_f32x4_eq(vabs(v), SPLAT(__builtin_inff()))); }

// Infinite inputs are rare: a predictable branch skips the selects for ordinary vectors.
static inline vf with_limits(vf x, vf y, float pos, float neg) {
  if (!any_infinite(x)) return y;
  y = vselect(wasm_f32x4_eq(x, SPLAT(__builtin_inff())), SPLAT(pos), y);
  return vselect(wasm_f32x4_eq(x, SPLAT(-__builtin_inff())), SPLAT(neg), y);
}

static inline vf finite(vf v) { return any_infinite(v) ? vclamp(v, -FLT_MAX_F, FLT_MAX_F) : v; }

#define KERNEL_PAIR(NAME, LIMITS, FINITE)                                                                                          \
  __attribute__((export_name(#NAME "_forward"))) void NAME##_forward(const float *x, float *y, int n, float pos, \
                                                                     float neg, float param) {                \
    int i = 0;                                                                                                 \
    /* Two vectors per iteration: halves the loop overhead that dominates the cheap functions. */         \
    for (; i + 8 <= n; i += 8) {                                                                               \
      vf v0 = wasm_v128_load(x + i), v1 = wasm_v128_load(x + i + 4);                                           \
      wasm_v128_store(y + i, LIMITS(v0, NAME##_f(v0, param), pos, neg));                                      \
      wasm_v128_store(y + i + 4, LIMITS(v1, NAME##_f(v1, param), pos, neg));                                  \
    }                                                                                                          \
    for (; i + 4 <= n; i += 4) {                                                                               \
      vf v = wasm_v128_load(x + i);                                                                            \
      wasm_v128_store(y + i, LIMITS(v, NAME##_f(v, param), pos, neg));                                    \
    }                                                                                                          \
    if (i < n) {                                                                                               \
      vf v = load_tail(x + i, n - i);                                                                          \
      store_tail(y + i, LIMITS(v, NAME##_f(v, param), pos, neg), n - i);                                  \
    }                                                                                                          \
  }                                                                                                            \
  __attribute__((export_name(#NAME "_backward"))) void NAME##_backward(const float *x, const float *y,          \
                                                                       const float *dy, float *dx, int n,      \
                                                                       float param) {                          \
    int i = 0;                                                                                                 \
    for (; i + 4 <= n; i += 4) {                                                                               \
      vf d = NAME##_d(FINITE(wasm_v128_load(x + i)), FINITE(wasm_v128_load(y + i)), param);                   \
      wasm_v128_store(dx + i, vmul(wasm_v128_load(dy + i), d));                                                \
    }                                                                                                          \
    if (i < n) {                                                                                               \
      vf d = NAME##_d(FINITE(load_tail(x + i, n - i)), FINITE(load_tail(y + i, n - i)), param);               \
      store_tail(dx + i, vmul(load_tail(dy + i, n - i), d), n - i);                                            \
    }                                                                                                          \
  }

static inline vf as_is(vf v) { return v; }
static inline vf output_as_is(vf x, vf y, float pos, float neg) { return y; }

// The general case: infinite inputs take the limits passed in, and the derivative is taken at ±FLT_MAX.
#define KERNELS(NAME) KERNEL_PAIR(NAME, with_limits, finite)
// For formulas that already give the exact limits at ±∞ and a finite or correctly infinite
// derivative there (clamps, selects, polynomials): no per-vector test for infinities.
#define KERNELS_EXACT_AT_INFINITY(NAME) KERNEL_PAIR(NAME, output_as_is, as_is)

#include "activation-formulas.h"

KERNELS(sigmoid)
KERNELS_EXACT_AT_INFINITY(tanh)
KERNELS_EXACT_AT_INFINITY(penalized_tanh)
KERNELS(softsign)
KERNELS(swish)
KERNELS(gelu)
KERNELS(gelu_tanh)
KERNELS(mish)
KERNELS_EXACT_AT_INFINITY(relu)
KERNELS_EXACT_AT_INFINITY(leaky_relu)
KERNELS_EXACT_AT_INFINITY(relu6)
KERNELS(softplus)
KERNELS(elu)
KERNELS(selu)
KERNELS_EXACT_AT_INFINITY(hard_sigmoid)
KERNELS(hard_swish)
KERNELS_EXACT_AT_INFINITY(cube)
KERNELS(sin)
KERNELS(cosid)
KERNELS(minsin)
KERNELS(arctid)
KERNELS(maxsig)
KERNELS_EXACT_AT_INFINITY(maxtanh)

// Scratch-free memory management for the standalone instance: the JS side places tensors at
// offsets it chooses, so the module needs no allocator.
