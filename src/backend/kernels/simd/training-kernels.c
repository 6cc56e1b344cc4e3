// WASM SIMD kernels for training on the CPU backends, built by scripts/build-training-kernels.sh
// into training-kernels.wasm (kept in the repository: a fresh install needs no C toolchain).
//
// The whole-sequence LSTM: tfjs-layers runs an LSTM as ~100 small tfjs ops per time step (forward
// and backward), and at tens of microseconds of overhead each, the ops, not the arithmetic, set
// the pace. These two kernels run a layer's recurrence for all time steps in one call each:
//
//   z_t = xw_t + h_{t−1}·R            (xw = x·W + b for all steps, computed outside by one matMul)
//   i, f, o = σ(z_t[gate blocks]),  g = tanh(z_t[candidate block])
//   c_t = f⊙c_{t−1} + i⊙g,  h_t = o⊙tanh(c_t)
// z's four blocks of U are i, f, then g and o in the order the caller names (Keras and tfjs-layers:
// i, f, g, o; actbench's ActivationLSTMCell: i, f, o, g).
//
// The backward kernel returns dz for every step (dxw = dz; dW, db and dR follow from it by
// matMuls outside) and the gradients of the initial state.
//
// Like the activation kernels, these run on memory that is not theirs (tfjs-wasm's heap): no
// stack, no data segment, no globals; every buffer, scratch included, comes from the caller.
#include "../../../activation/simd/vmath.h"

typedef float f32;

// ---- small dense products -------------------------------------------------------------------
// C[m×n] += A[m×k]·B[k×n]. B and C are row-major (leading dimensions ldb, ldc); A is read with a
// row stride `as` and a column stride `ak`, so that A may be a transposed or strided view (the
// conv filter gradient reads pixels × channels as channels × pixels). Tiles of up to 4 rows × 8
// columns: eight accumulator vectors, two B loads and four A broadcasts per k, which fits V8's
// sixteen SIMD registers (bigger tiles spill). ~30 GFLOP/s on one core here, as XNNPACK.

// The tails of rows whose length is not a multiple of four. Not inlined: inlined at -O2 and above,
// clang 14 miscompiled the forward pass (a tail store landed on the wrong elements; found by the
// tests, gone at -O1 or with these two kept as calls). Full vectors never come through here.
static __attribute__((noinline)) vf load_partial(const f32 *p, int n) {
  return wasm_f32x4_make(p[0], n > 1 ? p[1] : 0.0f, n > 2 ? p[2] : 0.0f, n > 3 ? p[3] : 0.0f);
}

static __attribute__((noinline)) void store_partial(f32 *p, vf v, int n) {
  p[0] = wasm_f32x4_extract_lane(v, 0);
  if (n > 1) p[1] = wasm_f32x4_extract_lane(v, 1);
  if (n > 2) p[2] = wasm_f32x4_extract_lane(v, 2);
  if (n > 3) p[3] = wasm_f32x4_extract_lane(v, 3);
}

// rows ≤ 4 rows of C, eight columns starting at C. Called with constant `rows`, so the tests on it
// fold away once inlined.
static inline __attribute__((always_inline)) void tile_x8(int rows, int k, const f32 *a, int as, int ak, const f32 *b, int ldb, f32 *c, int ldc) {
  vf c00 = SPLAT(0), c01 = SPLAT(0), c10 = SPLAT(0), c11 = SPLAT(0);
  vf c20 = SPLAT(0), c21 = SPLAT(0), c30 = SPLAT(0), c31 = SPLAT(0);
  for (int p = 0; p < k; p++) {
    vf b0 = wasm_v128_load(b + p * ldb);
    vf b1 = wasm_v128_load(b + p * ldb + 4);
    vf a0 = SPLAT(a[p * ak]);
    c00 = vmuladd(a0, b0, c00);
    c01 = vmuladd(a0, b1, c01);
    if (rows > 1) {
      vf a1 = SPLAT(a[as + p * ak]);
      c10 = vmuladd(a1, b0, c10);
      c11 = vmuladd(a1, b1, c11);
    }
    if (rows > 2) {
      vf a2 = SPLAT(a[2 * as + p * ak]);
      c20 = vmuladd(a2, b0, c20);
      c21 = vmuladd(a2, b1, c21);
    }
    if (rows > 3) {
      vf a3 = SPLAT(a[3 * as + p * ak]);
      c30 = vmuladd(a3, b0, c30);
      c31 = vmuladd(a3, b1, c31);
    }
  }
  wasm_v128_store(c, vadd(wasm_v128_load(c), c00));
  wasm_v128_store(c + 4, vadd(wasm_v128_load(c + 4), c01));
  if (rows > 1) {
    wasm_v128_store(c + ldc, vadd(wasm_v128_load(c + ldc), c10));
    wasm_v128_store(c + ldc + 4, vadd(wasm_v128_load(c + ldc + 4), c11));
  }
  if (rows > 2) {
    wasm_v128_store(c + 2 * ldc, vadd(wasm_v128_load(c + 2 * ldc), c20));
    wasm_v128_store(c + 2 * ldc + 4, vadd(wasm_v128_load(c + 2 * ldc + 4), c21));
  }
  if (rows > 3) {
    wasm_v128_store(c + 3 * ldc, vadd(wasm_v128_load(c + 3 * ldc), c30));
    wasm_v128_store(c + 3 * ldc + 4, vadd(wasm_v128_load(c + 3 * ldc + 4), c31));
  }
}

// rows ≤ 4 rows of C, the last `cols` < 8 columns (one or two partial vectors).
static inline __attribute__((always_inline)) void tile_tail(int rows, int cols, int k, const f32 *a, int as, int ak, const f32 *b, int ldb, f32 *c, int ldc) {
  int n0 = cols < 4 ? cols : 4;
  int n1 = cols - n0;
  vf c00 = SPLAT(0), c01 = SPLAT(0), c10 = SPLAT(0), c11 = SPLAT(0);
  vf c20 = SPLAT(0), c21 = SPLAT(0), c30 = SPLAT(0), c31 = SPLAT(0);
  for (int p = 0; p < k; p++) {
    vf b0 = n0 == 4 ? wasm_v128_load(b + p * ldb) : load_partial(b + p * ldb, n0);
    vf b1 = n1 > 0 ? load_partial(b + p * ldb + 4, n1) : SPLAT(0);
    vf a0 = SPLAT(a[p * ak]);
    c00 = vmuladd(a0, b0, c00);
    c01 = vmuladd(a0, b1, c01);
    if (rows > 1) {
      vf a1 = SPLAT(a[as + p * ak]);
      c10 = vmuladd(a1, b0, c10);
      c11 = vmuladd(a1, b1, c11);
    }
    if (rows > 2) {
      vf a2 = SPLAT(a[2 * as + p * ak]);
      c20 = vmuladd(a2, b0, c20);
      c21 = vmuladd(a2, b1, c21);
    }
    if (rows > 3) {
      vf a3 = SPLAT(a[3 * as + p * ak]);
      c30 = vmuladd(a3, b0, c30);
      c31 = vmuladd(a3, b1, c31);
    }
  }
#define ADD_ROW(r, v0, v1)                                                        \
  do {                                                                            \
    f32 *row = c + (r) * ldc;                                                     \
    store_partial(row, vadd(load_partial(row, n0), v0), n0);                      \
    if (n1 > 0) store_partial(row + 4, vadd(load_partial(row + 4, n1), v1), n1);  \
  } while (0)
  ADD_ROW(0, c00, c01);
  if (rows > 1) ADD_ROW(1, c10, c11);
  if (rows > 2) ADD_ROW(2, c20, c21);
  if (rows > 3) ADD_ROW(3, c30, c31);
#undef ADD_ROW
}

static inline __attribute__((always_inline)) void rows_block(int rows, int n, int k, const f32 *a, int as, int ak, const f32 *b, int ldb, f32 *c, int ldc) {
  int j = 0;
  for (; j + 8 <= n; j += 8) tile_x8(rows, k, a, as, ak, b + j, ldb, c + j, ldc);
  if (j < n) tile_tail(rows, n - j, k, a, as, ak, b + j, ldb, c + j, ldc);
}

static void gemm_acc(int m, int n, int k, const f32 *a, int as, int ak, const f32 *b, int ldb, f32 *c, int ldc) {
  int i = 0;
  for (; i + 4 <= m; i += 4) rows_block(4, n, k, a + i * as, as, ak, b, ldb, c + i * ldc, ldc);
  switch (m - i) {
    case 3: rows_block(3, n, k, a + i * as, as, ak, b, ldb, c + i * ldc, ldc); break;
    case 2: rows_block(2, n, k, a + i * as, as, ak, b, ldb, c + i * ldc, ldc); break;
    case 1: rows_block(1, n, k, a + i * as, as, ak, b, ldb, c + i * ldc, ldc); break;
    default: break;
  }
}

/** C[m×n] += A[m×k]·B[k×n] (offsets into the memory, row-major, contiguous). For the tests. */
__attribute__((export_name("gemm_acc")))
void gemm_acc_export(int m, int n, int k, const f32 *a, const f32 *b, f32 *c) {
  gemm_acc(m, n, k, a, k, 1, b, n, c, n);
}

// ---- LSTM ------------------------------------------------------------------------------------

/**
 * Forward pass over all steps. xw [T, B, 4U] (x·W + b), r [U, 4U], h0, c0 [B, U]; g_block and
 * o_block (2 or 3) place the candidate and output-gate blocks.
 * Writes h [T, B, U], c [T, B, U] and gates [T, B, 4U] (the activated i, f, o, g, kept for the
 * backward pass).
 */
__attribute__((export_name("lstm_forward")))
void lstm_forward(int steps, int batch, int units, int g_block, int o_block, const f32 *xw, const f32 *r, const f32 *h0, const f32 *c0, f32 *h, f32 *c, f32 *gates) {
  const int u4 = 4 * units;
  const int go = g_block * units, oo = o_block * units;
  for (int t = 0; t < steps; t++) {
    f32 *z = gates + t * batch * u4;
    const f32 *x = xw + t * batch * u4;
    for (int e = 0; e < batch * u4; e += 4) {
      int n = batch * u4 - e;
      if (n >= 4) wasm_v128_store(z + e, wasm_v128_load(x + e));
      else store_partial(z + e, load_partial(x + e, n), n);
    }
    const f32 *hp = t > 0 ? h + (t - 1) * batch * units : h0;
    const f32 *cp = t > 0 ? c + (t - 1) * batch * units : c0;
    gemm_acc(batch, u4, units, hp, units, 1, r, u4, z, u4);
    f32 *ht = h + t * batch * units;
    f32 *ct = c + t * batch * units;
    for (int b = 0; b < batch; b++) {
      f32 *zb = z + b * u4;
      for (int u = 0; u < units; u += 4) {
        int n = units - u < 4 ? units - u : 4;
        vf i = vsigmoid(load_partial(zb + u, n));
        vf f = vsigmoid(load_partial(zb + units + u, n));
        vf o = vsigmoid(load_partial(zb + oo + u, n));
        vf g = vtanh(load_partial(zb + go + u, n));
        vf cn = vadd(vmul(f, load_partial(cp + b * units + u, n)), vmul(i, g));
        store_partial(zb + u, i, n);
        store_partial(zb + units + u, f, n);
        store_partial(zb + oo + u, o, n);
        store_partial(zb + go + u, g, n);
        store_partial(ct + b * units + u, cn, n);
        store_partial(ht + b * units + u, vmul(o, vtanh(cn)), n);
      }
    }
  }
}

/**
 * Backward pass. dh [T, B, U] is the gradient of the loss with respect to each step's output h_t;
 * r, c0, and the forward pass's c and gates as written by lstm_forward. Writes dz [T, B, 4U] and
 * the initial state's gradients dh0, dc0 [B, U]. scratch: 4U·U + B·U floats (rᵀ and the running
 * gradient of h; dc0 doubles as the running gradient of c).
 */
__attribute__((export_name("lstm_backward")))
void lstm_backward(int steps, int batch, int units, int g_block, int o_block, const f32 *r, const f32 *c0, const f32 *c, const f32 *gates, const f32 *dh, f32 *dz, f32 *dh0, f32 *dc0, f32 *scratch) {
  const int u4 = 4 * units;
  const int go = g_block * units, oo = o_block * units;
  f32 *rt = scratch;               // rᵀ [4U, U], so that dz·rᵀ is a plain product
  f32 *dh_next = scratch + u4 * units;  // [B, U]: the gradient reaching h_{t−1} through the recurrence
  f32 *dc_next = dc0;              // [B, U]: the gradient reaching c_{t−1}
  for (int row = 0; row < units; row++) {
    for (int col = 0; col < u4; col++) rt[col * units + row] = r[row * u4 + col];
  }
  for (int e = 0; e < batch * units; e++) {
    dh_next[e] = 0.0f;
    dc_next[e] = 0.0f;
  }
  for (int t = steps - 1; t >= 0; t--) {
    const f32 *gt = gates + t * batch * u4;
    const f32 *ct = c + t * batch * units;
    const f32 *cp = t > 0 ? c + (t - 1) * batch * units : c0;
    const f32 *dht = dh + t * batch * units;
    f32 *dzt = dz + t * batch * u4;
    const vf one = SPLAT(1.0f);
    for (int b = 0; b < batch; b++) {
      const f32 *gb = gt + b * u4;
      f32 *dzb = dzt + b * u4;
      int off = b * units;
      for (int u = 0; u < units; u += 4) {
        int n = units - u < 4 ? units - u : 4;
        vf i = load_partial(gb + u, n);
        vf f = load_partial(gb + units + u, n);
        vf o = load_partial(gb + oo + u, n);
        vf g = load_partial(gb + go + u, n);
        vf tc = vtanh(load_partial(ct + off + u, n));
        vf dhv = vadd(load_partial(dht + off + u, n), load_partial(dh_next + off + u, n));
        vf dc = vadd(load_partial(dc_next + off + u, n), vmul(vmul(dhv, o), vsub(one, vmul(tc, tc))));
        vf dzi = vmul(vmul(dc, g), vmul(i, vsub(one, i)));
        vf dzf = vmul(vmul(dc, load_partial(cp + off + u, n)), vmul(f, vsub(one, f)));
        vf dzo = vmul(vmul(dhv, tc), vmul(o, vsub(one, o)));
        vf dzg = vmul(vmul(dc, i), vsub(one, vmul(g, g)));
        store_partial(dzb + u, dzi, n);
        store_partial(dzb + units + u, dzf, n);
        store_partial(dzb + oo + u, dzo, n);
        store_partial(dzb + go + u, dzg, n);
        store_partial(dc_next + off + u, vmul(dc, f), n);
      }
    }
    for (int e = 0; e < batch * units; e++) dh_next[e] = 0.0f;
    gemm_acc(batch, units, u4, dzt, u4, 1, rt, units, dh_next, units);
  }
  for (int e = 0; e < batch * units; e++) dh0[e] = dh_next[e];
}

// ---- convolution filter gradient --------------------------------------------------------------

static inline int floor_div(int a, int b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

/**
 * dW[r, s, c, o] = Σ over images and output pixels of x[at the pixel tap (r, s) reads, c] · dy[o],
 * for NHWC x [batch, inH, inW, ci] and dy [batch, outH, outW, co]; dW [fh, fw, ci, co] is
 * overwritten. For each output row and tap, the input pixels the row reads are equally spaced
 * (stride sw·ci), so the row's contribution is one product dW_tap += X_rowᵀ·dY_row with no copy.
 * Rows outer, taps inner: a row of dy stays in cache across the taps that use it.
 */
__attribute__((export_name("conv2d_filter_grad")))
void conv2d_filter_grad(int batch, int in_h, int in_w, int ci, int out_h, int out_w, int co, int fh, int fw, int sh, int sw, int dh, int dw, int pad_top, int pad_left, const f32 *x, const f32 *dy, f32 *dfilter) {
  for (int e = 0; e < fh * fw * ci * co; e++) dfilter[e] = 0.0f;
  for (int b = 0; b < batch; b++) {
    for (int y = 0; y < out_h; y++) {
      const f32 *dy_row = dy + ((b * out_h + y) * out_w) * co;
      for (int r = 0; r < fh; r++) {
        int xr = y * sh + r * dh - pad_top;
        if (xr < 0 || xr >= in_h) continue;
        for (int s = 0; s < fw; s++) {
          // Output columns whose tap s lands inside the image: 0 ≤ col·sw + s·dw − pad_left < in_w.
          int shift = s * dw - pad_left;
          int first = shift >= 0 ? 0 : floor_div(-shift + sw - 1, sw);
          int last = floor_div(in_w - 1 - shift, sw);
          if (last > out_w - 1) last = out_w - 1;
          if (last < first) continue;
          const f32 *x_row = x + ((b * in_h + xr) * in_w + first * sw + shift) * ci;
          gemm_acc(ci, co, last - first + 1, x_row, 1, sw * ci, dy_row + first * co, co, dfilter + (r * fw + s) * ci * co, co);
        }
      }
    }
  }
}
