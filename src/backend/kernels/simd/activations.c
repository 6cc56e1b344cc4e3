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

static inline v128_t infinite_lanes(vf v) { return wasm_f32x4_eq(vabs(v), SPLAT(__builtin_inff())); }

/**
 * The limits f(±∞) = pos/neg, written over y wherever x is infinite. Run after a kernel's loop, and
 * only when the loop saw an infinity: a per-vector branch in the loop cost as much as the formula
 * (V8 spilled and reloaded the kernel's constants around it; softplus forward 3.5 → 2.5 ns/element
 * without it). Shared by every kernel, so not inlined.
 */
__attribute__((noinline)) static void apply_limits(const float *x, float *y, int n, float pos, float neg) {
  for (int i = 0; i < n; i += 4) {
    int count = n - i < 4 ? n - i : 4;
    vf v = count == 4 ? wasm_v128_load(x + i) : load_tail(x + i, count);
    if (!wasm_v128_any_true(infinite_lanes(v))) continue;
    vf out = count == 4 ? wasm_v128_load(y + i) : load_tail(y + i, count);
    out = vselect(wasm_f32x4_eq(v, SPLAT(__builtin_inff())), SPLAT(pos), out);
    out = vselect(wasm_f32x4_eq(v, SPLAT(-__builtin_inff())), SPLAT(neg), out);
    if (count == 4) wasm_v128_store(y + i, out);
    else store_tail(y + i, out, count);
  }
}

// ±∞ → ±FLT_MAX, NaN kept (pmin/pmax return their first operand when it is NaN). Unconditional:
// two instructions, cheaper than testing for infinities first.
static inline vf finite(vf v) { return vclamp(v, -FLT_MAX_F, FLT_MAX_F); }
static inline vf as_is(vf v) { return v; }

static inline vf load_upto4(const float *p, int count) { return count == 4 ? wasm_v128_load(p) : load_tail(p, count); }
static inline void store_upto4(float *p, vf v, int count) {
  if (count == 4) wasm_v128_store(p, v);
  else store_tail(p, v, count);
}

// F and D are the formulas the loops run. LIMITS and WIDE are constants, 1 or 0. LIMITS: the loops
// collect which lanes were infinite and apply_limits patches the output afterwards. WIDE: F and D
// hold only for |x| ≤ 8192 (the periodic functions' float32 reduction); the loops collect the
// lanes beyond, and the vectors holding any are computed again with the full-range NAME_f/NAME_d.
// `flatten` inlines the formulas into every loop: left to itself clang called sin/cos-based ones
// out of line, and V8 spilled every register around each call (sin 5.4 → 3.9 ns/element inlined).
#define KERNEL_PAIR(NAME, F, D, LIMITS, FINITE, WIDE)                                                              \
  __attribute__((export_name(#NAME "_forward"), flatten)) void NAME##_forward(const float *x, float *y, int n,     \
                                                                              float pos, float neg, float param) { \
    int i = 0;                                                                                                     \
    v128_t infinite = wasm_i32x4_splat(0), wide = wasm_i32x4_splat(0);                                            \
    /* Two vectors per iteration: halves the loop overhead that dominates the cheap functions. */                \
    for (; i + 8 <= n; i += 8) {                                                                                   \
      vf v0 = wasm_v128_load(x + i), v1 = wasm_v128_load(x + i + 4);                                               \
      wasm_v128_store(y + i, F(v0, param));                                                                        \
      wasm_v128_store(y + i + 4, F(v1, param));                                                                    \
      if (LIMITS) infinite = wasm_v128_or(infinite, wasm_v128_or(infinite_lanes(v0), infinite_lanes(v1)));        \
      if (WIDE) wide = wasm_v128_or(wide, wasm_v128_or(beyond_reduction(v0), beyond_reduction(v1)));              \
    }                                                                                                              \
    for (; i + 4 <= n; i += 4) {                                                                                   \
      vf v = wasm_v128_load(x + i);                                                                                \
      wasm_v128_store(y + i, F(v, param));                                                                         \
      if (LIMITS) infinite = wasm_v128_or(infinite, infinite_lanes(v));                                            \
      if (WIDE) wide = wasm_v128_or(wide, beyond_reduction(v));                                                    \
    }                                                                                                              \
    if (i < n) {                                                                                                   \
      vf v = load_tail(x + i, n - i);                                                                              \
      store_tail(y + i, F(v, param), n - i);                                                                       \
      if (LIMITS) infinite = wasm_v128_or(infinite, infinite_lanes(v));                                            \
      if (WIDE) wide = wasm_v128_or(wide, beyond_reduction(v));                                                    \
    }                                                                                                              \
    if (WIDE && wasm_v128_any_true(wide)) {                                                                        \
      for (int j = 0; j < n; j += 4) {                                                                             \
        int count = n - j < 4 ? n - j : 4;                                                                         \
        vf v = load_upto4(x + j, count);                                                                           \
        if (wasm_v128_any_true(beyond_reduction(v))) store_upto4(y + j, NAME##_f(v, param), count);               \
      }                                                                                                            \
    }                                                                                                              \
    if (LIMITS && wasm_v128_any_true(infinite)) apply_limits(x, y, n, pos, neg);                                   \
  }                                                                                                                \
  __attribute__((export_name(#NAME "_backward"), flatten)) void NAME##_backward(                                   \
      const float *x, const float *y, const float *dy, float *dx, int n, float param) {                            \
    v128_t wide = wasm_i32x4_splat(0);                                                                             \
    int i = 0;                                                                                                     \
    /* Two vectors per iteration here too: the memory-bound backward passes lost a fifth to the loop. */         \
    for (; i + 8 <= n; i += 8) {                                                                                   \
      vf v0 = FINITE(wasm_v128_load(x + i)), v1 = FINITE(wasm_v128_load(x + i + 4));                               \
      wasm_v128_store(dx + i, vmul(wasm_v128_load(dy + i), D(v0, FINITE(wasm_v128_load(y + i)), param)));         \
      wasm_v128_store(dx + i + 4, vmul(wasm_v128_load(dy + i + 4), D(v1, FINITE(wasm_v128_load(y + i + 4)), param))); \
      if (WIDE) wide = wasm_v128_or(wide, wasm_v128_or(beyond_reduction(v0), beyond_reduction(v1)));              \
    }                                                                                                              \
    for (; i + 4 <= n; i += 4) {                                                                                   \
      vf v = FINITE(wasm_v128_load(x + i));                                                                        \
      wasm_v128_store(dx + i, vmul(wasm_v128_load(dy + i), D(v, FINITE(wasm_v128_load(y + i)), param)));           \
      if (WIDE) wide = wasm_v128_or(wide, beyond_reduction(v));                                                   \
    }                                                                                                              \
    if (i < n) {                                                                                                   \
      vf v = FINITE(load_tail(x + i, n - i));                                                                      \
      store_tail(dx + i, vmul(load_tail(dy + i, n - i), D(v, FINITE(load_tail(y + i, n - i)), param)), n - i);     \
      if (WIDE) wide = wasm_v128_or(wide, beyond_reduction(v));                                                   \
    }                                                                                                              \
    if (WIDE && wasm_v128_any_true(wide)) {                                                                        \
      for (int j = 0; j < n; j += 4) {                                                                             \
        int count = n - j < 4 ? n - j : 4;                                                                         \
        vf v = FINITE(load_upto4(x + j, count));                                                                   \
        if (!wasm_v128_any_true(beyond_reduction(v))) continue;                                                    \
        vf d = NAME##_d(v, FINITE(load_upto4(y + j, count)), param);                                               \
        store_upto4(dx + j, vmul(load_upto4(dy + j, count), d), count);                                            \
      }                                                                                                            \
    }                                                                                                              \
  }

// The general case: infinite inputs take the limits passed in, and the derivative is taken at ±FLT_MAX.
#define KERNELS(NAME) KERNEL_PAIR(NAME, NAME##_f, NAME##_d, 1, finite, 0)
// For formulas that already give the exact limits at ±∞ and a finite or correctly infinite
// derivative there (clamps, selects, polynomials): nothing collected, nothing clamped.
#define KERNELS_EXACT_AT_INFINITY(NAME) KERNEL_PAIR(NAME, NAME##_f, NAME##_d, 0, as_is, 0)
// sin and cos inside: the reduced-range formulas in the loops, the full-range ones where needed.
#define KERNELS_PERIODIC(NAME) KERNEL_PAIR(NAME, NAME##_f_reduced, NAME##_d_reduced, 1, finite, 1)

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
KERNELS_EXACT_AT_INFINITY(hard_swish)
KERNELS_EXACT_AT_INFINITY(cube)
KERNELS_PERIODIC(sin)
KERNELS_PERIODIC(cosid)
KERNELS_PERIODIC(minsin)
KERNELS(arctid)
KERNELS(maxsig)
KERNELS_EXACT_AT_INFINITY(maxtanh)

// Scratch-free memory management for the standalone instance: the JS side places tensors at
// offsets it chooses, so the module needs no allocator.
