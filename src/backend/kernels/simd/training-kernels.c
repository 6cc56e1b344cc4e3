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
#include "activation-formulas.h"

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

// A vector of n ≤ 4 elements: whole vectors load and store directly, only a row's tail (n < 4)
// goes through the calls above. The recurrent kernels' loops over units use these; their rows are
// mostly whole vectors, and a call per vector cost as much as the LSTM's whole gate arithmetic.
static inline __attribute__((always_inline)) vf load_n(const f32 *p, int n) { return n == 4 ? wasm_v128_load(p) : load_partial(p, n); }

static inline __attribute__((always_inline)) void store_n(f32 *p, vf v, int n) {
  if (n == 4) wasm_v128_store(p, v);
  else store_partial(p, v, n);
}

// One row of a tile into C: the first `cols` (≤ 8) of its eight sums, added to C (acc) or stored.
static inline __attribute__((always_inline)) void put_row(f32 *c, vf v0, vf v1, int cols, int acc) {
  if (cols == 8) {
    wasm_v128_store(c, acc ? vadd(wasm_v128_load(c), v0) : v0);
    wasm_v128_store(c + 4, acc ? vadd(wasm_v128_load(c + 4), v1) : v1);
    return;
  }
  int n0 = cols < 4 ? cols : 4;
  store_n(c, acc ? vadd(load_n(c, n0), v0) : v0, n0);
  if (cols > 4) store_partial(c + 4, acc ? vadd(load_partial(c + 4, cols - 4), v1) : v1, cols - 4);
}

// A tile's sums: up to four rows of C, eight columns each as two vectors.
typedef struct { vf c[4][2]; } tile_sums_t;

static inline __attribute__((always_inline)) tile_sums_t tile_zero(void) {
  tile_sums_t t;
  for (int r = 0; r < 4; r++) t.c[r][0] = t.c[r][1] = SPLAT(0);
  return t;
}

// One k step of a tile: row r (< rows, a constant once inlined) adds a[r·as]·(b0, b1).
static inline __attribute__((always_inline)) void tile_step(int rows, tile_sums_t *t, const f32 *a, int as, vf b0, vf b1) {
  for (int r = 0; r < rows; r++) {
    vf ar = SPLAT(a[r * as]);
    t->c[r][0] = vmuladd(ar, b0, t->c[r][0]);
    t->c[r][1] = vmuladd(ar, b1, t->c[r][1]);
  }
}

// The first `rows` rows of a tile into C (row stride ldc), `cols` ≤ 8 columns, added (acc) or stored.
static inline __attribute__((always_inline)) void tile_put(int rows, const tile_sums_t *t, int cols, int acc, f32 *c, int ldc) {
  for (int r = 0; r < rows; r++) put_row(c + r * ldc, t->c[r][0], t->c[r][1], cols, acc);
}

// rows ≤ 4 rows of C, the first `cols` ≤ 8 columns starting at C; B must be readable eight columns
// wide (a tail tile reads padding). Called with constant `rows`, so the tests on it fold away once
// inlined; `cols` and `acc` are tested once per tile.
static inline __attribute__((always_inline)) void tile_x8(int rows, int cols, int acc, int k, const f32 *a, int as, int ak, const f32 *b, int ldb, f32 *c, int ldc) {
  tile_sums_t t = tile_zero();
  // Pointers stepped by hand: the build disables loop strength reduction (for the packed strips
  // below), and left to index arithmetic this loop multiplied p by the strides at every step.
  const f32 *ap = a, *bp = b;
  for (int p = 0; p < k; p++, ap += ak, bp += ldb) tile_step(rows, &t, ap, as, wasm_v128_load(bp), wasm_v128_load(bp + 4));
  tile_put(rows, &t, cols, acc, c, ldc);
}

// rows ≤ 4 rows of C, the last `cols` < 8 columns (one or two partial vectors).
static inline __attribute__((always_inline)) void tile_tail(int rows, int cols, int k, const f32 *a, int as, int ak, const f32 *b, int ldb, f32 *c, int ldc) {
  int n0 = cols < 4 ? cols : 4;
  int n1 = cols - n0;
  tile_sums_t t = tile_zero();
  const f32 *ap = a, *bp = b;
  for (int p = 0; p < k; p++, ap += ak, bp += ldb)
    tile_step(rows, &t, ap, as, n0 == 4 ? wasm_v128_load(bp) : load_partial(bp, n0), n1 > 0 ? load_partial(bp + 4, n1) : SPLAT(0));
  for (int r = 0; r < rows; r++) {
    f32 *row = c + r * ldc;
    store_n(row, vadd(load_n(row, n0), t.c[r][0]), n0);
    if (n1 > 0) store_partial(row + 4, vadd(load_partial(row + 4, n1), t.c[r][1]), n1);
  }
}

static inline __attribute__((always_inline)) void rows_block(int rows, int n, int k, const f32 *a, int as, int ak, const f32 *b, int ldb, f32 *c, int ldc) {
  int j = 0;
  for (; j + 8 <= n; j += 8) tile_x8(rows, 8, 1, k, a, as, ak, b + j, ldb, c + j, ldc);
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

#ifndef MATMUL_KC
#define MATMUL_KC 256
#endif
#ifndef MATMUL_NC
#define MATMUL_NC 128
#endif

// dst[c×ld] = srcᵀ for src [r×c] row-major: four-by-four blocks through registers (the strided
// reads of a plain loop cost as much as the product they feed).
static void transpose_into(int r, int c, const f32 *src, f32 *dst, int ld) {
  int j = 0;
  for (; j + 4 <= r; j += 4) {
    int p = 0;
    for (; p + 4 <= c; p += 4) {
      vf r0 = wasm_v128_load(src + j * c + p);
      vf r1 = wasm_v128_load(src + (j + 1) * c + p);
      vf r2 = wasm_v128_load(src + (j + 2) * c + p);
      vf r3 = wasm_v128_load(src + (j + 3) * c + p);
      vf t0 = wasm_i32x4_shuffle(r0, r1, 0, 4, 1, 5);
      vf t1 = wasm_i32x4_shuffle(r2, r3, 0, 4, 1, 5);
      vf t2 = wasm_i32x4_shuffle(r0, r1, 2, 6, 3, 7);
      vf t3 = wasm_i32x4_shuffle(r2, r3, 2, 6, 3, 7);
      wasm_v128_store(dst + p * ld + j, wasm_i64x2_shuffle(t0, t1, 0, 2));
      wasm_v128_store(dst + (p + 1) * ld + j, wasm_i64x2_shuffle(t0, t1, 1, 3));
      wasm_v128_store(dst + (p + 2) * ld + j, wasm_i64x2_shuffle(t2, t3, 0, 2));
      wasm_v128_store(dst + (p + 3) * ld + j, wasm_i64x2_shuffle(t2, t3, 1, 3));
    }
    for (; p < c; p++) {
      for (int q = 0; q < 4; q++) dst[p * ld + j + q] = src[(j + q) * c + p];
    }
  }
  for (; j < r; j++) {
    for (int p = 0; p < c; p++) dst[p * ld + j] = src[j * c + p];
  }
}

static int round_up8(int n) { return (n + 7) & ~7; }

// ---- BatchMatMul: A packed into strips, B in strips or in place --------------------------------
// gemm_acc above reads A and B where they lie, so every k step of its loop computes four row
// addresses of A and one of B (a wasm load has no register index, so V8 emits a lea for each),
// and V8 spills the loop counter: ~37 x64 instructions for 16 vector multiplies and adds, ~6
// cycles where the four FP pipes need 4. Here A is copied into strips of four rows laid out
// k-major ([p][4]), and B is read either in strips of eight columns ([p][8]) or in place, so that a
// tile's step reads at constant offsets from two pointers, one of them moving by a fixed stride
// (~28 instructions; the build's -disable-lsr keeps those offsets in the loads, see
// scripts/build-training-kernels.sh). BatchMatMul, the recurrences and
// the Winograd convolutions use these; each sum runs over k in the same order, in the same blocks,
// from the same zero as the strided loops they replaced, so the outputs did not change by a bit
// (checked on every product of the reference models and 8 training steps of each).

static int round_up4(int n) { return (n + 3) & ~3; }

// Strips of four rows of A into `pack` ([m/4 strips][k][4], the last strip's missing rows unset):
// A is [m×k] row-major, or [k×m] when transposed.
static void pack_a_strips(int m, int k, int transposed, const f32 *a, f32 *pack) {
  for (int i = 0; i < m; i += 4) {
    int rows = m - i < 4 ? m - i : 4;
    f32 *strip = pack + i * k;
    if (!transposed) {
      transpose_into(rows, k, a + i * k, strip, 4);
    } else if (rows == 4) {
      for (int p = 0; p < k; p++) wasm_v128_store(strip + p * 4, wasm_v128_load(a + p * m + i));
    } else {
      for (int p = 0; p < k; p++) {
        for (int r = 0; r < rows; r++) strip[p * 4 + r] = a[p * m + i + r];
      }
    }
  }
}

// Strips of eight columns of B into `pack` ([n/8 strips][k][8], the last strip zero-padded): B is
// [k×n] row-major, or [n×k] when transposed.
static void pack_b_strips(int n, int k, int transposed, const f32 *b, f32 *pack) {
  for (int j = 0; j < n; j += 8) {
    int cols = n - j < 8 ? n - j : 8;
    f32 *strip = pack + j * k;
    if (cols < 8) __builtin_memset(strip, 0, (unsigned long)k * 8 * sizeof(f32));
    if (transposed) {
      transpose_into(cols, k, b + j * k, strip, 8);
    } else if (cols == 8) {
      for (int p = 0; p < k; p++) {
        wasm_v128_store(strip + p * 8, wasm_v128_load(b + p * n + j));
        wasm_v128_store(strip + p * 8 + 4, wasm_v128_load(b + p * n + j + 4));
      }
    } else {
      for (int p = 0; p < k; p++) {
        for (int c = 0; c < cols; c++) strip[p * 8 + c] = b[p * n + j + c];
      }
    }
  }
}

// `rows` (constant once inlined) × `cols` ≤ 8 of C from kc steps of an A strip and eight columns
// of B, whose rows lie `bs` floats apart (8 in a strip, the row length where B is read in place).
static inline __attribute__((always_inline)) void panel_tile(int rows, int cols, int acc, int kc, const f32 *ap, const f32 *bp, int bs, f32 *c, int ldc) {
  tile_sums_t t = tile_zero();
  // Not unrolled: V8 hoists an unrolled body's loads to its top, where sixteen broadcasts and eight
  // B vectors spill (measured: 34 → 24 GFLOP/s unrolled by four, 27 by two).
#pragma clang loop unroll(disable)
  for (int p = 0; p < kc; p++, ap += 4, bp += bs) tile_step(rows, &t, ap, 1, wasm_v128_load(bp), wasm_v128_load(bp + 4));
  tile_put(rows, &t, cols, acc, c, ldc);
}

// Where B is read: packed in strips (bcol = k, bs = 8: column j's strip starts at b + j·k) or in
// place, row-major (bcol = 1, bs = the row length). Step p of column j is at b + j·bcol + p·bs.
typedef struct { const f32 *b; int bcol, bs; } b_view_t;

static inline b_view_t b_strips(const f32 *bpack, int k) { return (b_view_t){bpack, k, 8}; }

// Columns j0 … j1 of `rows` rows of C, k steps p0 … p0 + kc of A's strip and of B, added to C
// (acc) or written.
static inline __attribute__((always_inline)) void panel_rows(int rows, int n, int p0, int kc, int acc, int j0, int j1, const f32 *astrip, b_view_t b, f32 *c) {
  for (int j = j0; j < j1; j += 8) panel_tile(rows, n - j < 8 ? n - j : 8, acc, kc, astrip + p0 * 4, b.b + j * b.bcol + p0 * b.bs, b.bs, c + j, n);
}

// Every row of C[m×n] (row-major), columns j0 … j1, from k steps p0 … p0 + kc of A's strips and B.
static void panel_block(int m, int n, int k, int p0, int kc, int acc, int j0, int j1, const f32 *apack, b_view_t b, f32 *c) {
  int i = 0;
  for (; i + 4 <= m; i += 4) panel_rows(4, n, p0, kc, acc, j0, j1, apack + i * k, b, c + i * n);
  switch (m - i) {
    case 3: panel_rows(3, n, p0, kc, acc, j0, j1, apack + i * k, b, c + i * n); break;
    case 2: panel_rows(2, n, p0, kc, acc, j0, j1, apack + i * k, b, c + i * n); break;
    case 1: panel_rows(1, n, p0, kc, acc, j0, j1, apack + i * k, b, c + i * n); break;
    default: break;
  }
}

// B is packed when it comes transposed, when its rows are not whole tiles, or when A has eight
// strips or more (MATMUL_PACK_B_ROWS rows); otherwise it is read in place. Packed, its strips
// stream through the cache (64×300·300×256 and 960×50·50×400: 30 → 33 and 27 → 33 GFLOP/s against in
// place), but the copy costs as much as the product when A has a row or two (1×4096·4096×512: 1.6
// GFLOP/s packed, 9.0 in place); between 16 and 48 rows the two measured within noise.
#ifndef MATMUL_PACK_B_ROWS
#define MATMUL_PACK_B_ROWS 32
#endif
static int packs_b(int m, int n, int transpose_b) { return transpose_b || n % 8 != 0 || m >= MATMUL_PACK_B_ROWS; }

/** Floats of scratch `matmul` needs: A's strips of four rows, then B's strips of eight columns if B is packed. */
__attribute__((export_name("matmul_scratch")))
int matmul_scratch(int m, int n, int k, int transpose_a, int transpose_b) {
  (void)transpose_a;
  return round_up4(m) * k + (packs_b(m, n, transpose_b) ? k * round_up8(n) : 0);
}

/**
 * C[m×n] = op(A)·op(B), row-major and contiguous, for BatchMatMul: A is [m×k], or [k×m]
 * (transpose_a); B is [k×n], or [n×k] (transpose_b). `scratch` holds matmul_scratch floats.
 */
__attribute__((export_name("matmul")))
void matmul(int m, int n, int k, int transpose_a, int transpose_b, const f32 *a, const f32 *b, f32 *c, f32 *scratch) {
  if (k == 0) {
    __builtin_memset(c, 0, (unsigned long)m * (unsigned long)n * sizeof(f32));
    return;
  }
  f32 *apack = scratch;
  pack_a_strips(m, k, transpose_a, a, apack);
  b_view_t bv = {b, 1, n};
  if (packs_b(m, n, transpose_b)) {
    f32 *bpack = scratch + round_up4(m) * k;
    pack_b_strips(n, k, transpose_b, b, bpack);
    bv = b_strips(bpack, k);
  }
  // Blocks of B small enough to stay in cache while every row of A passes over them: a plain pass
  // over a large B (the CNN's 4096×512 dense kernel) per four rows of A runs at memory speed. The
  // first block writes C, the others add to it.
  for (int p0 = 0; p0 < k; p0 += MATMUL_KC) {
    int kc = k - p0 < MATMUL_KC ? k - p0 : MATMUL_KC;
    for (int j0 = 0; j0 < n; j0 += MATMUL_NC) {
      panel_block(m, n, k, p0, kc, p0 > 0, j0, n - j0 < MATMUL_NC ? n : j0 + MATMUL_NC, apack, bv, c);
    }
  }
}

/** C[m×n] += A[m×k]·B[k×n] (offsets into the memory, row-major, contiguous). For the tests. */
__attribute__((export_name("gemm_acc")))
void gemm_acc_export(int m, int n, int k, const f32 *a, const f32 *b, f32 *c) {
  gemm_acc(m, n, k, a, k, 1, b, n, c, n);
}

// ---- activations over a row -------------------------------------------------------------------
// The recurrent kernels (LSTM, simple RNN) apply any of the registry's elementwise activations to
// their gates and cells: the formulas of activation-formulas.h, picked by id once per row. The ids
// are the positions in this list; src/backend/kernels/recurrent-ops.ts holds the same list (tests
// run every activation through both these kernels and the op-by-op cells).
#define ACTIVATION_LIST(X) \
  X(sigmoid) X(tanh) X(penalized_tanh) X(softsign) X(swish) X(gelu) X(gelu_tanh) X(mish) X(relu) X(leaky_relu) X(relu6) \
  X(softplus) X(elu) X(selu) X(hard_sigmoid) X(hard_swish) X(cube) X(sin) X(cosid) X(minsin) X(arctid) X(maxsig) X(maxtanh)

#define ACTIVATION_ID(NAME) ACTIVATION_##NAME,
enum { ACTIVATION_LIST(ACTIVATION_ID) ACTIVATION_COUNT };

/** How many activations the recurrent kernels know (the length of ACTIVATION_LIST). */
__attribute__((export_name("recurrent_activation_count")))
int recurrent_activation_count(void) { return ACTIVATION_COUNT; }

// y[0..n) = f(x[0..n)) for activation `id`.
static void activation_row(int id, f32 p, const f32 *x, f32 *y, int n) {
  switch (id) {
#define FORWARD_CASE(NAME)                                                        \
  case ACTIVATION_##NAME:                                                         \
    for (int i = 0; i < n; i += 4) {                                              \
      int k = n - i < 4 ? n - i : 4;                                              \
      if (k == 4) wasm_v128_store(y + i, NAME##_f(wasm_v128_load(x + i), p));     \
      else store_partial(y + i, NAME##_f(load_partial(x + i, k), p), k);          \
    }                                                                             \
    break;
    ACTIVATION_LIST(FORWARD_CASE)
#undef FORWARD_CASE
    default: break;
  }
}

// d[0..n) = f'(x) given y = f(x), for activation `id`.
static void derivative_row(int id, f32 p, const f32 *x, const f32 *y, f32 *d, int n) {
  switch (id) {
#define DERIVATIVE_CASE(NAME)                                                                              \
  case ACTIVATION_##NAME:                                                                                  \
    for (int i = 0; i < n; i += 4) {                                                                       \
      int k = n - i < 4 ? n - i : 4;                                                                       \
      if (k == 4) wasm_v128_store(d + i, NAME##_d(wasm_v128_load(x + i), wasm_v128_load(y + i), p));       \
      else store_partial(d + i, NAME##_d(load_partial(x + i, k), load_partial(y + i, k), p), k);          \
    }                                                                                                      \
    break;
    ACTIVATION_LIST(DERIVATIVE_CASE)
#undef DERIVATIVE_CASE
    default: break;
  }
}

// ---- the recurrences' product ----------------------------------------------------------------
// Each step of a recurrence adds h_{t−1}·R (forward) or dz_t·Rᵀ (backward) to a [batch × n] block.
// R is the same at every step, so it is packed into strips once per call, and only the step's
// small left operand is packed per step; the sum over k runs whole from zero and is then added,
// as gemm_acc's did, so the results are gemm_acc's bit for bit.

/** Floats of scratch for a recurrence's product over [batch × k]·[k × n]: A's strips, then B's. */
static int recurrence_pack_floats(int batch, int k, int n) { return round_up4(batch) * k + k * round_up8(n); }

// C[m×n] += A[m×k]·B for row-major A and C, B already packed by pack_b_strips; `apack` holds
// round_up4(m)·k floats.
static void gemm_strips_acc(int m, int n, int k, const f32 *a, const f32 *bpack, f32 *c, f32 *apack) {
  pack_a_strips(m, k, 0, a, apack);
  panel_block(m, n, k, 0, k, 1, 0, n, apack, b_strips(bpack, k), c);
}

// ---- LSTM ------------------------------------------------------------------------------------

/**
 * Forward pass over all steps. xw [T, B, 4U] (x·W + b), r [U, 4U], h0, c0 [B, U]; g_block and
 * o_block (2 or 3) place the candidate and output-gate blocks; mask [T, B] (1 = step taken, 0 =
 * the state and output carry over, as tfjs-layers does for masked steps).
 * Writes h [T, B, U], c [T, B, U], pre [T, B, 4U] (z before the activations) and gates
 * [T, B, 4U] (after them), both kept for the backward pass. scratch: lstm_forward_scratch floats.
 */
__attribute__((export_name("lstm_forward")))
void lstm_forward(int steps, int batch, int units, int g_block, int o_block, int gate_act, f32 gate_p, int cell_act, f32 cell_p,
                  const f32 *xw, const f32 *r, const f32 *h0, const f32 *c0, const f32 *mask, f32 *h, f32 *c, f32 *pre, f32 *gates, f32 *scratch) {
  const int u4 = 4 * units;
  const int go = g_block * units, oo = o_block * units;
  f32 *apack = scratch;
  f32 *rpack = apack + round_up4(batch) * units;
  pack_b_strips(u4, units, 0, r, rpack);
  for (int t = 0; t < steps; t++) {
    f32 *z = pre + t * batch * u4;
    __builtin_memcpy(z, xw + t * batch * u4, (unsigned long)batch * u4 * sizeof(f32));
    const f32 *hp = t > 0 ? h + (t - 1) * batch * units : h0;
    const f32 *cp = t > 0 ? c + (t - 1) * batch * units : c0;
    gemm_strips_acc(batch, u4, units, hp, rpack, z, apack);
    f32 *ht = h + t * batch * units;
    f32 *ct = c + t * batch * units;
    for (int b = 0; b < batch; b++) {
      const f32 *zb = z + b * u4;
      f32 *gb = gates + t * batch * u4 + b * u4;
      f32 *hb = ht + b * units;
      f32 *cb = ct + b * units;
      const f32 *cpb = cp + b * units;
      if (mask[t * batch + b] == 0.0f) {
        __builtin_memcpy(hb, hp + b * units, (unsigned long)units * sizeof(f32));
        __builtin_memcpy(cb, cpb, (unsigned long)units * sizeof(f32));
        continue;
      }
      activation_row(gate_act, gate_p, zb, gb, units);
      activation_row(gate_act, gate_p, zb + units, gb + units, units);
      activation_row(gate_act, gate_p, zb + oo, gb + oo, units);
      activation_row(cell_act, cell_p, zb + go, gb + go, units);
      for (int u = 0; u < units; u += 4) {
        int n = units - u < 4 ? units - u : 4;
        vf cn = vadd(vmul(load_n(gb + units + u, n), load_n(cpb + u, n)), vmul(load_n(gb + u, n), load_n(gb + go + u, n)));
        store_n(cb + u, cn, n);
      }
      activation_row(cell_act, cell_p, cb, hb, units);
      for (int u = 0; u < units; u += 4) {
        int n = units - u < 4 ? units - u : 4;
        store_n(hb + u, vmul(load_n(gb + oo + u, n), load_n(hb + u, n)), n);
      }
    }
  }
}

/** Floats of scratch lstm_forward needs. */
__attribute__((export_name("lstm_forward_scratch")))
int lstm_forward_scratch(int batch, int units) { return recurrence_pack_floats(batch, units, 4 * units); }

/** Floats of scratch lstm_backward needs. */
__attribute__((export_name("lstm_backward_scratch")))
int lstm_backward_scratch(int batch, int units) { return recurrence_pack_floats(batch, 4 * units, units) + batch * units + 6 * units; }

/**
 * Backward pass. dh [T, B, U] is the gradient of the loss with respect to each step's output h_t;
 * r, c0, mask and the forward pass's c, pre and gates as lstm_forward wrote them. Writes dz
 * [T, B, 4U] and the initial state's gradients dh0, dc0 [B, U]. scratch: lstm_backward_scratch
 * floats (the product's packed operands, the running gradient of h, and rows of activation values
 * and slopes; dc0 doubles as the running gradient of c). A masked step passes both gradients through and has dz = 0.
 */
__attribute__((export_name("lstm_backward")))
void lstm_backward(int steps, int batch, int units, int g_block, int o_block, int gate_act, f32 gate_p, int cell_act, f32 cell_p,
                   const f32 *r, const f32 *c0, const f32 *mask, const f32 *c, const f32 *pre, const f32 *gates, const f32 *dh,
                   f32 *dz, f32 *dh0, f32 *dc0, f32 *scratch) {
  const int u4 = 4 * units;
  const int go = g_block * units, oo = o_block * units;
  f32 *apack = scratch;                     // dz_t's strips
  f32 *rpack = apack + round_up4(batch) * u4;  // rᵀ [4U, U] in strips, so that dz·rᵀ is a plain product
  f32 *dh_next = rpack + u4 * round_up8(units);  // [B, U]: the gradient reaching h_{t−1} through the recurrence
  f32 *ac = dh_next + batch * units;        // a(c_t) for one row
  f32 *dac = ac + units;                    // a'(c_t)
  f32 *slope = dac + units;                 // [4U]: each block's activation slope at z
  f32 *dc_next = dc0;                       // [B, U]: the gradient reaching c_{t−1}
  pack_b_strips(units, u4, 1, r, rpack);
  __builtin_memset(dh_next, 0, (unsigned long)batch * units * sizeof(f32));
  __builtin_memset(dc_next, 0, (unsigned long)batch * units * sizeof(f32));
  for (int t = steps - 1; t >= 0; t--) {
    const f32 *ct = c + t * batch * units;
    const f32 *cp = t > 0 ? c + (t - 1) * batch * units : c0;
    const f32 *dht = dh + t * batch * units;
    f32 *dzt = dz + t * batch * u4;
    for (int b = 0; b < batch; b++) {
      const f32 *gb = gates + t * batch * u4 + b * u4;
      const f32 *zb = pre + t * batch * u4 + b * u4;
      f32 *dzb = dzt + b * u4;
      int off = b * units;
      if (mask[t * batch + b] == 0.0f) {
        // h_t = h_{t−1}, c_t = c_{t−1}: both gradients flow on unchanged (dh_next gains dh_t below).
        __builtin_memset(dzb, 0, (unsigned long)u4 * sizeof(f32));
        for (int u = 0; u < units; u++) dh_next[off + u] += dht[off + u];
        continue;
      }
      activation_row(cell_act, cell_p, ct + off, ac, units);
      derivative_row(cell_act, cell_p, ct + off, ac, dac, units);
      derivative_row(gate_act, gate_p, zb, gb, slope, units);
      derivative_row(gate_act, gate_p, zb + units, gb + units, slope + units, units);
      derivative_row(gate_act, gate_p, zb + oo, gb + oo, slope + oo, units);
      derivative_row(cell_act, cell_p, zb + go, gb + go, slope + go, units);
      for (int u = 0; u < units; u += 4) {
        int n = units - u < 4 ? units - u : 4;
        vf i = load_n(gb + u, n);
        vf f = load_n(gb + units + u, n);
        vf o = load_n(gb + oo + u, n);
        vf g = load_n(gb + go + u, n);
        vf tc = load_n(ac + u, n);
        vf dhv = vadd(load_n(dht + off + u, n), load_n(dh_next + off + u, n));
        vf dc = vadd(load_n(dc_next + off + u, n), vmul(vmul(dhv, o), load_n(dac + u, n)));
        store_n(dzb + u, vmul(vmul(dc, g), load_n(slope + u, n)), n);
        store_n(dzb + units + u, vmul(vmul(dc, load_n(cp + off + u, n)), load_n(slope + units + u, n)), n);
        store_n(dzb + oo + u, vmul(vmul(dhv, tc), load_n(slope + oo + u, n)), n);
        store_n(dzb + go + u, vmul(vmul(dc, i), load_n(slope + go + u, n)), n);
        store_n(dc_next + off + u, vmul(dc, f), n);
        // Taken into dz and dc: what reaches h_{t−1} comes from the recurrence product below.
        store_n(dh_next + off + u, SPLAT(0.0f), n);
      }
    }
    // dh_next = (masked rows' carried gradient) + dz_t·rᵀ; the masked rows' dz is zero.
    gemm_strips_acc(batch, units, u4, dzt, rpack, dh_next, apack);
  }
  __builtin_memcpy(dh0, dh_next, (unsigned long)batch * units * sizeof(f32));
}

// ---- simple RNN -------------------------------------------------------------------------------

/**
 * Forward pass of h_t = a(xw_t + h_{t−1}·r) over all steps: xw [T, B, U] (x·W + b), r [U, U], h0
 * [B, U], mask [T, B] as for the LSTM, activation `act` (an ACTIVATION_LIST id) with constant `p`.
 * Writes h [T, B, U] and pre [T, B, U] (before the activation, kept for the backward pass).
 * scratch: rnn_forward_scratch floats.
 */
__attribute__((export_name("rnn_forward")))
void rnn_forward(int steps, int batch, int units, int act, f32 p, const f32 *xw, const f32 *r, const f32 *h0, const f32 *mask, f32 *h, f32 *pre, f32 *scratch) {
  f32 *apack = scratch;
  f32 *rpack = apack + round_up4(batch) * units;
  pack_b_strips(units, units, 0, r, rpack);
  for (int t = 0; t < steps; t++) {
    f32 *z = pre + t * batch * units;
    __builtin_memcpy(z, xw + t * batch * units, (unsigned long)batch * units * sizeof(f32));
    const f32 *hp = t > 0 ? h + (t - 1) * batch * units : h0;
    gemm_strips_acc(batch, units, units, hp, rpack, z, apack);
    f32 *ht = h + t * batch * units;
    for (int b = 0; b < batch; b++) {
      int off = b * units;
      if (mask[t * batch + b] == 0.0f) __builtin_memcpy(ht + off, hp + off, (unsigned long)units * sizeof(f32));
      else activation_row(act, p, z + off, ht + off, units);
    }
  }
}

/** Floats of scratch rnn_forward needs. */
__attribute__((export_name("rnn_forward_scratch")))
int rnn_forward_scratch(int batch, int units) { return recurrence_pack_floats(batch, units, units); }

/** Floats of scratch rnn_backward needs. */
__attribute__((export_name("rnn_backward_scratch")))
int rnn_backward_scratch(int batch, int units) { return recurrence_pack_floats(batch, units, units) + batch * units + units; }

/**
 * Backward pass: dh [T, B, U] is the gradient reaching each step's output; r, mask and the forward
 * pass's pre and h. Writes dz [T, B, U] (the gradient of each step's pre-activation, which is also
 * xw's) and dh0 [B, U]. scratch: rnn_backward_scratch floats. Masked steps pass dh through, dz = 0.
 */
__attribute__((export_name("rnn_backward")))
void rnn_backward(int steps, int batch, int units, int act, f32 p, const f32 *r, const f32 *mask, const f32 *pre, const f32 *h, const f32 *dh,
                  f32 *dz, f32 *dh0, f32 *scratch) {
  f32 *apack = scratch;                           // dz_t's strips
  f32 *rpack = apack + round_up4(batch) * units;  // rᵀ in strips, so that dz·rᵀ is a plain product
  f32 *dh_next = rpack + units * round_up8(units);  // [B, U]: the gradient reaching h_{t−1} through the recurrence
  f32 *slope = dh_next + batch * units;
  pack_b_strips(units, units, 1, r, rpack);
  __builtin_memset(dh_next, 0, (unsigned long)batch * units * sizeof(f32));
  for (int t = steps - 1; t >= 0; t--) {
    f32 *dzt = dz + t * batch * units;
    const f32 *dht = dh + t * batch * units;
    for (int b = 0; b < batch; b++) {
      int off = b * units;
      if (mask[t * batch + b] == 0.0f) {
        __builtin_memset(dzt + off, 0, (unsigned long)units * sizeof(f32));
        for (int u = 0; u < units; u++) dh_next[off + u] += dht[off + u];
        continue;
      }
      derivative_row(act, p, pre + t * batch * units + off, h + t * batch * units + off, slope, units);
      for (int u = 0; u < units; u += 4) {
        int n = units - u < 4 ? units - u : 4;
        vf total = vadd(load_n(dht + off + u, n), load_n(dh_next + off + u, n));
        store_n(dzt + off + u, vmul(total, load_n(slope + u, n)), n);
        store_n(dh_next + off + u, SPLAT(0.0f), n);
      }
    }
    gemm_strips_acc(batch, units, units, dzt, rpack, dh_next, apack);
  }
  __builtin_memcpy(dh0, dh_next, (unsigned long)batch * units * sizeof(f32));
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

// ---- column sums ------------------------------------------------------------------------------

/**
 * out[j] = Σ_i x[i×cols + j], each column summed in row order in float32, as tfjs-wasm's Sum adds
 * (same operations, same order). The bias gradient of every dense and conv layer is such a sum
 * over all positions; tfjs-wasm transposes the tensor first (15 ms for a 64×32×32×32 conv output).
 */
__attribute__((export_name("column_sums")))
void column_sums(int rows, int cols, const f32 *x, f32 *out) {
  __builtin_memset(out, 0, (unsigned long)cols * sizeof(f32));
  for (int i = 0; i < rows; i++) {
    const f32 *row = x + i * cols;
    int j = 0;
    for (; j + 4 <= cols; j += 4) wasm_v128_store(out + j, vadd(wasm_v128_load(out + j), wasm_v128_load(row + j)));
    for (; j < cols; j++) out[j] += row[j];
  }
}

// ---- Winograd F(2×2, 3×3) convolution ----------------------------------------------------------
// A stride-1 3×3 convolution over NHWC data computed as Lavin and Gray's F(2×2, 3×3): each 2×2
// block of outputs comes from a 4×4 block of inputs through 16 products per channel pair instead
// of 36, i.e. 2.25× fewer multiplications. Per block of tiles: the inputs' transform V = Bᵀ·d·B
// (16 matrices of tiles × input channels), then 16 products V[ξ]·U[ξ] with the transformed filter
// U = G·g·Gᵀ (input × output channels) in the 4×8 register tiles above, then the outputs'
// transform Y = Aᵀ·M·A. Blocks of WINO_TILES tiles keep V and M in cache between the three steps.
// Channel counts must be multiples of four (the transforms run four channels at a time).
//   Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1],  G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1],
//   Aᵀ = [1 1 1 0; 0 1 −1 −1].

#ifndef WINO_TILES
#define WINO_TILES 64
#endif

// Floats between the starts of two ξ planes of a block (V, M, dM) of n-float rows: one cache line
// more than the plane. The transforms read or write all sixteen planes of a tile at once, and
// planes a power of two apart (64 tiles × 64 channels × 4 bytes = 16 KB) all fall in the same L1
// set, eight ways for sixteen streams; skewed, they spread over sixteen sets.
static inline int wino_plane(int n) { return WINO_TILES * n + 16; }

// The 1-D transforms; each 2-D one applies its 1-D one to the columns, then to the rows.
typedef struct { vf v[4]; } vf4;
typedef struct { vf v[3]; } vf3;
typedef struct { vf v[2]; } vf2;

// Bᵀ·d (inputs, 4 → 4).
static inline __attribute__((always_inline)) vf4 winograd_bt(vf d0, vf d1, vf d2, vf d3) {
  return (vf4){{vsub(d0, d2), vadd(d1, d2), vsub(d2, d1), vsub(d1, d3)}};
}
// G·g (filter, 3 → 4).
static inline __attribute__((always_inline)) vf4 winograd_g(vf g0, vf g1, vf g2) {
  const vf half = SPLAT(0.5f);
  return (vf4){{g0, vmul(vadd(vadd(g0, g1), g2), half), vmul(vadd(vsub(g0, g1), g2), half), g2}};
}
// Aᵀ·m (outputs, 4 → 2).
static inline __attribute__((always_inline)) vf2 winograd_at(vf m0, vf m1, vf m2, vf m3) {
  return (vf2){{vadd(vadd(m0, m1), m2), vsub(vsub(m1, m2), m3)}};
}
// A·g (output gradients, 2 → 4): the transpose of Aᵀ.
static inline __attribute__((always_inline)) vf4 winograd_a(vf g0, vf g1) { return (vf4){{g0, vadd(g0, g1), vsub(g0, g1), vneg(g1)}}; }
// Gᵀ·q (filter gradients, 4 → 3): the transpose of G.
static inline __attribute__((always_inline)) vf3 winograd_gt(vf q0, vf q1, vf q2, vf q3) {
  const vf half = SPLAT(0.5f);
  return (vf3){{vadd(q0, vmul(vadd(q1, q2), half)), vmul(vsub(q1, q2), half), vadd(vmul(vadd(q1, q2), half), q3)}};
}

/** Floats of scratch winograd_conv3x3 needs: U, then one block's V and M. */
__attribute__((export_name("winograd_scratch")))
int winograd_scratch(int ci, int co) { return 16 * ci * round_up8(co) + 16 * wino_plane(ci) + 16 * wino_plane(co) + WINO_TILES * ci; }

// U[ξ] [ci × co] from W[r][s][c][k], four output channels at a time, each U[ξ] in strips of eight
// output channels as pack_b_strips lays out B (columns up to ldu, the padding zero).
static inline int winograd_u_at(int xi, int c, int k, int ci, int ldu) { return xi * ci * ldu + (k & ~7) * ci + c * 8 + (k & 7); }

static void winograd_filter(int ci, int co, const f32 *w, f32 *u, int ldu) {
  for (int c = 0; c < ci; c++) {
    for (int k = 0; k < co; k += 4) {
      vf g[3][3];
      vf4 t[3];
      for (int r = 0; r < 3; r++)
        for (int s = 0; s < 3; s++) g[r][s] = wasm_v128_load(w + ((r * 3 + s) * ci + c) * co + k);
      for (int s = 0; s < 3; s++) t[s] = winograd_g(g[0][s], g[1][s], g[2][s]);
      for (int r = 0; r < 4; r++) {
        vf4 row = winograd_g(t[0].v[r], t[1].v[r], t[2].v[r]);
        for (int s = 0; s < 4; s++) wasm_v128_store(u + winograd_u_at(r * 4 + s, c, k, ci, ldu), row.v[s]);
      }
    }
    for (int xi = 0; xi < 16; xi++)
      for (int k = co; k < ldu; k++) u[winograd_u_at(xi, c, k, ci, ldu)] = 0.0f;
  }
}

// A tile's place: its example, its 2×2 output block's top-left corner (oy, ox), and how many of the
// block's rows and columns lie inside the output (1 at an odd bottom or right edge).
typedef struct { int b, oy, ox, rows, cols; } wino_tile_t;

static inline __attribute__((always_inline)) wino_tile_t winograd_tile(int tile, int out_h, int out_w) {
  const int tiles_h = (out_h + 1) / 2, tiles_w = (out_w + 1) / 2;
  const int oy = 2 * ((tile / tiles_w) % tiles_h), ox = 2 * (tile % tiles_w);
  return (wino_tile_t){tile / (tiles_h * tiles_w), oy, ox, out_h - oy < 2 ? 1 : 2, out_w - ox < 2 ? 1 : 2};
}

static inline int winograd_tiles(int batch, int out_h, int out_w) { return batch * ((out_h + 1) / 2) * ((out_w + 1) / 2); }

// V[ξ][t][c] (ξ stride wino_plane(ci)) = Bᵀ·d·B for the tb tiles from t0 on: d is the tile's 4×4
// block of x, zero outside it.
static void winograd_inputs(int t0, int tb, int out_h, int out_w, int in_h, int in_w, int ci, int pad_top, int pad_left, const f32 *x, f32 *v) {
  for (int t = 0; t < tb; t++) {
    const wino_tile_t p = winograd_tile(t0 + t, out_h, out_w);
    const int y0 = p.oy - pad_top, x0 = p.ox - pad_left;
    const f32 *xb = x + p.b * in_h * in_w * ci;
    for (int c = 0; c < ci; c += 4) {
      vf d[4][4];
      vf4 e[4];
      for (int r = 0; r < 4; r++)
        for (int s = 0; s < 4; s++) {
          const int yy = y0 + r, xx = x0 + s;
          d[r][s] = (yy >= 0 && yy < in_h && xx >= 0 && xx < in_w) ? wasm_v128_load(xb + (yy * in_w + xx) * ci + c) : SPLAT(0.0f);
        }
      for (int s = 0; s < 4; s++) e[s] = winograd_bt(d[0][s], d[1][s], d[2][s], d[3][s]);
      for (int r = 0; r < 4; r++) {
        vf4 row = winograd_bt(e[0].v[r], e[1].v[r], e[2].v[r], e[3].v[r]);
        for (int s = 0; s < 4; s++) wasm_v128_store(v + (r * 4 + s) * wino_plane(ci) + t * ci + c, row.v[s]);
      }
    }
  }
}

/**
 * y [batch, out_h, out_w, co] = x [batch, in_h, in_w, ci] ⊛ w [3, 3, ci, co], stride 1, the input
 * padded by pad_top and pad_left (and whatever the output size implies at the bottom and right)
 * with zeros. `scratch` holds winograd_scratch(ci, co) floats.
 */
__attribute__((export_name("winograd_conv3x3")))
void winograd_conv3x3(int batch, int in_h, int in_w, int ci, int out_h, int out_w, int co, int pad_top, int pad_left, const f32 *x,
                      const f32 *w, f32 *y, f32 *scratch) {
  const int ldu = round_up8(co);
  f32 *u = scratch;
  f32 *v = u + 16 * ci * ldu;
  f32 *m = v + 16 * wino_plane(ci);
  f32 *vpack = m + 16 * wino_plane(co);  // one V[ξ] in strips of four tiles
  winograd_filter(ci, co, w, u, ldu);
  const int tiles = winograd_tiles(batch, out_h, out_w);
  for (int t0 = 0; t0 < tiles; t0 += WINO_TILES) {
    const int tb = tiles - t0 < WINO_TILES ? tiles - t0 : WINO_TILES;
    winograd_inputs(t0, tb, out_h, out_w, in_h, in_w, ci, pad_top, pad_left, x, v);
    // Products: M[ξ][tile][k] = V[ξ]·U[ξ], through packed strips as BatchMatMul's (one pass over ci).
    for (int xi = 0; xi < 16; xi++) {
      pack_a_strips(tb, ci, 0, v + xi * wino_plane(ci), vpack);
      panel_block(tb, co, ci, 0, ci, 0, 0, co, vpack, b_strips(u + xi * ci * ldu, ci), m + xi * wino_plane(co));
    }
    // Outputs: the 2×2 block Aᵀ·M·A of each tile, clipped at the bottom and right edges.
    for (int t = 0; t < tb; t++) {
      const wino_tile_t p = winograd_tile(t0 + t, out_h, out_w);
      f32 *yb = y + ((p.b * out_h + p.oy) * out_w + p.ox) * co;
      for (int k = 0; k < co; k += 4) {
        vf q[4][4];
        vf2 z[4];
        for (int xi = 0; xi < 16; xi++) q[xi / 4][xi % 4] = wasm_v128_load(m + xi * wino_plane(co) + t * co + k);
        for (int s = 0; s < 4; s++) z[s] = winograd_at(q[0][s], q[1][s], q[2][s], q[3][s]);
        for (int i = 0; i < p.rows; i++) {
          vf2 row = winograd_at(z[0].v[i], z[1].v[i], z[2].v[i], z[3].v[i]);
          for (int j = 0; j < p.cols; j++) wasm_v128_store(yb + (i * out_w + j) * co + k, row.v[j]);
        }
      }
    }
  }
}

/** Floats of scratch winograd_filter_grad3x3 needs: dU, then one block's V and dM. */
__attribute__((export_name("winograd_filter_grad_scratch")))
int winograd_filter_grad_scratch(int ci, int co) { return 16 * ci * co + 16 * wino_plane(ci) + 16 * wino_plane(round_up8(co)) + WINO_TILES * ci; }

/**
 * The filter gradient of winograd_conv3x3's convolution, dW [3, 3, ci, co], from x and dy [batch,
 * out_h, out_w, co], through the same transforms run backwards: dM = A·dY·Aᵀ per tile (dy's 2×2
 * block, zero beyond the edges), dU[ξ] = Σ over tiles V[ξ]ᵀ·dM[ξ] (one product per ξ and block
 * of tiles, accumulated), dW = Gᵀ·dU·G. `scratch` holds winograd_filter_grad_scratch(ci, co) floats.
 */
__attribute__((export_name("winograd_filter_grad3x3")))
void winograd_filter_grad3x3(int batch, int in_h, int in_w, int ci, int out_h, int out_w, int co, int pad_top, int pad_left, const f32 *x,
                             const f32 *dy, f32 *dw, f32 *scratch) {
  const int ldm = round_up8(co);
  f32 *du = scratch;
  f32 *v = du + 16 * ci * co;
  f32 *dm = v + 16 * wino_plane(ci);
  f32 *vpack = dm + 16 * wino_plane(ldm);  // one V[ξ]ᵀ in strips of four channels
  __builtin_memset(du, 0, (unsigned long)(16 * ci * co) * sizeof(f32));
  const int tiles = winograd_tiles(batch, out_h, out_w);
  for (int t0 = 0; t0 < tiles; t0 += WINO_TILES) {
    const int tb = tiles - t0 < WINO_TILES ? tiles - t0 : WINO_TILES;
    winograd_inputs(t0, tb, out_h, out_w, in_h, in_w, ci, pad_top, pad_left, x, v);
    // dM[ξ] [tb × co] in strips of eight output channels, as pack_b_strips lays out B (columns up
    // to ldm, the padding zero): the tile's four channels k … k + 3 lie together in a strip.
    for (int t = 0; t < tb; t++) {
      const wino_tile_t p = winograd_tile(t0 + t, out_h, out_w);
      const f32 *g = dy + ((p.b * out_h + p.oy) * out_w + p.ox) * co;
      for (int k = 0; k < co; k += 4) {
        vf gv[2][2];
        for (int i = 0; i < 2; i++)
          for (int j = 0; j < 2; j++) gv[i][j] = i < p.rows && j < p.cols ? wasm_v128_load(g + (i * out_w + j) * co + k) : SPLAT(0.0f);
        // h = A·g (4×2), then dM = h·Aᵀ (4×4).
        vf4 h[2];
        for (int j = 0; j < 2; j++) h[j] = winograd_a(gv[0][j], gv[1][j]);
        for (int r = 0; r < 4; r++) {
          vf4 row = winograd_a(h[0].v[r], h[1].v[r]);
          for (int s = 0; s < 4; s++) wasm_v128_store(dm + (r * 4 + s) * wino_plane(ldm) + (k & ~7) * tb + t * 8 + (k & 7), row.v[s]);
        }
      }
      for (int xi = 0; xi < 16; xi++)
        for (int k = co; k < ldm; k++) dm[xi * wino_plane(ldm) + (k & ~7) * tb + t * 8 + (k & 7)] = 0.0f;
    }
    // dU[ξ] += V[ξ]ᵀ·dM[ξ], each sum over the block's tiles whole, then added.
    for (int xi = 0; xi < 16; xi++) {
      pack_a_strips(ci, tb, 1, v + xi * wino_plane(ci), vpack);
      panel_block(ci, co, tb, 0, tb, 1, 0, co, vpack, b_strips(dm + xi * wino_plane(ldm), tb), du + xi * ci * co);
    }
  }
  // dW = Gᵀ·dU·G, four output channels at a time.
  for (int c = 0; c < ci; c++) {
    for (int k = 0; k < co; k += 4) {
      vf q[4][4];
      vf3 z[4];
      for (int xi = 0; xi < 16; xi++) q[xi / 4][xi % 4] = wasm_v128_load(du + (xi * ci + c) * co + k);
      for (int s = 0; s < 4; s++) z[s] = winograd_gt(q[0][s], q[1][s], q[2][s], q[3][s]);
      for (int r = 0; r < 3; r++) {
        vf3 row = winograd_gt(z[0].v[r], z[1].v[r], z[2].v[r], z[3].v[r]);
        for (int s = 0; s < 3; s++) wasm_v128_store(dw + ((r * 3 + s) * ci + c) * co + k, row.v[s]);
      }
    }
  }
}

// ---- equality mask -----------------------------------------------------------------------------

/**
 * out[i] = (a[i] == b[i]) as a 0/1 byte (tfjs's bool), sixteen at a time. NaN equals nothing, as
 * in tfjs. The gradient of every max reduction (a global max-pool, maxout) masks with it; tfjs-wasm
 * spends ~6 ns per element on it, ~140 with broadcasting.
 */
__attribute__((export_name("equal_mask")))
void equal_mask(int n, const f32 *a, const f32 *b, unsigned char *out) {
  int i = 0;
  for (; i + 16 <= n; i += 16) {
    v128_t m0 = wasm_f32x4_eq(wasm_v128_load(a + i), wasm_v128_load(b + i));
    v128_t m1 = wasm_f32x4_eq(wasm_v128_load(a + i + 4), wasm_v128_load(b + i + 4));
    v128_t m2 = wasm_f32x4_eq(wasm_v128_load(a + i + 8), wasm_v128_load(b + i + 8));
    v128_t m3 = wasm_f32x4_eq(wasm_v128_load(a + i + 12), wasm_v128_load(b + i + 12));
    v128_t bytes = wasm_i8x16_narrow_i16x8(wasm_i16x8_narrow_i32x4(m0, m1), wasm_i16x8_narrow_i32x4(m2, m3));
    wasm_v128_store(out + i, wasm_v128_and(bytes, wasm_i8x16_splat(1)));
  }
  for (; i < n; i++) out[i] = a[i] == b[i];
}

// ---- max-pool gradient --------------------------------------------------------------------------

/**
 * dx of a max pool over NHWC data: each window's dy goes to the window's largest input, the first
 * one strictly greater than all before it scanning rows then columns (padding skipped), which is
 * the position tfjs-cpu's maxPoolPositions picks; a window with nothing above −∞ (or only NaN)
 * passes nothing on. Four channels at a time, the argmax kept per lane as the window index; the
 * window is then added back as dy where a lane's index matches and 0 elsewhere, so there is no
 * scatter. dx is zeroed first and accumulated, so overlapping windows (stride < size) add up.
 * tfjs-wasm's own kernel visits every input once per window covering it and took 23 ns/element.
 */
__attribute__((export_name("max_pool_grad")))
void max_pool_grad(int batch, int in_h, int in_w, int ch, int out_h, int out_w, int fh, int fw, int sh, int sw, int dh, int dw, int pad_top,
                   int pad_left, const f32 *x, const f32 *dy, f32 *dx) {
  __builtin_memset(dx, 0, (unsigned long)batch * in_h * in_w * ch * sizeof(f32));
  for (int b = 0; b < batch; b++) {
    const f32 *xb = x + b * in_h * in_w * ch;
    f32 *dxb = dx + b * in_h * in_w * ch;
    for (int oy = 0; oy < out_h; oy++) {
      const int y0 = oy * sh - pad_top;
      // The window's rows and columns inside the input: [wy0, wy1) × [wx0, wx1).
      int wy0 = 0, wy1 = fh;
      while (wy0 < fh && y0 + wy0 * dh < 0) wy0++;
      while (wy1 > wy0 && y0 + (wy1 - 1) * dh >= in_h) wy1--;
      for (int ox = 0; ox < out_w; ox++) {
        const int x0 = ox * sw - pad_left;
        int wx0 = 0, wx1 = fw;
        while (wx0 < fw && x0 + wx0 * dw < 0) wx0++;
        while (wx1 > wx0 && x0 + (wx1 - 1) * dw >= in_w) wx1--;
        const f32 *g = dy + ((b * out_h + oy) * out_w + ox) * ch;
        int c = 0;
        for (; c + 4 <= ch; c += 4) {
          vf best = SPLAT(-__builtin_inff());
          v128_t at = wasm_i32x4_splat(-1);
          for (int wy = wy0; wy < wy1; wy++)
            for (int wx = wx0; wx < wx1; wx++) {
              vf v = wasm_v128_load(xb + ((y0 + wy * dh) * in_w + (x0 + wx * dw)) * ch + c);
              v128_t greater = wasm_f32x4_gt(v, best);
              best = wasm_v128_bitselect(v, best, greater);
              at = wasm_v128_bitselect(wasm_i32x4_splat(wy * fw + wx), at, greater);
            }
          vf gv = wasm_v128_load(g + c);
          for (int wy = wy0; wy < wy1; wy++)
            for (int wx = wx0; wx < wx1; wx++) {
              f32 *p = dxb + ((y0 + wy * dh) * in_w + (x0 + wx * dw)) * ch + c;
              v128_t here = wasm_i32x4_eq(at, wasm_i32x4_splat(wy * fw + wx));
              wasm_v128_store(p, vadd(wasm_v128_load(p), wasm_v128_and(gv, here)));
            }
        }
        for (; c < ch; c++) {
          f32 best = -__builtin_inff();
          int at = -1;
          for (int wy = wy0; wy < wy1; wy++)
            for (int wx = wx0; wx < wx1; wx++) {
              int i = ((y0 + wy * dh) * in_w + (x0 + wx * dw)) * ch + c;
              if (xb[i] > best) {
                best = xb[i];
                at = i;
              }
            }
          if (at >= 0) dxb[at] += g[c];
        }
      }
    }
  }
}

// ---- optimizer updates ----------------------------------------------------------------------
// One step of an optimizer for one variable, as tfjs's optimizers compute it op by op: the same
// float32 operations in the same order (no fused multiply-add in WASM SIMD, so each product and
// sum is rounded as tfjs's separate ops round it), hence the same numbers to the bit. tfjs spends
// ~5–15 small ops per variable and step on these. Scalars come in p0…p8, already float32 and
// already combined as tfjs combines them (1 − β, −lr, bias corrections); each rule names its own.
// A rule maps (value, gradient, first state, second state) to their new values; rules with one
// state ignore the second.

typedef struct { vf value, s0, s1; } update_t;

#define RULE(NAME) static inline __attribute__((always_inline)) update_t NAME##_rule(vf value, vf g, vf s0, vf s1, f32 p0, f32 p1, f32 p2, f32 p3, f32 p4, f32 p5, f32 p6, f32 p7, f32 p8)

// Adam: p0 β1, p1 1−β1, p2 β2, p3 1−β2, p4 1−β1ᵗ, p5 1−β2ᵗ, p6 ε, p7 −lr. s0 m, s1 v.
RULE(adam) {
  vf m = vadd(vmul(s0, SPLAT(p0)), vmul(g, SPLAT(p1)));
  vf v = vadd(vmul(s1, SPLAT(p2)), vmul(vmul(g, g), SPLAT(p3)));
  vf step = vmul(vdiv(vdiv(m, SPLAT(p4)), vadd(wasm_f32x4_sqrt(vdiv(v, SPLAT(p5))), SPLAT(p6))), SPLAT(p7));
  return (update_t){vadd(step, value), m, v};
}

// Adamax: p0 β1, p1 1−β1, p2 β2, p3 the step's rate over 1−β1ᵗ (negative), p4 ε. s0 m, s1 u.
// f32x4.max is IEEE maximum, NaN if either is NaN, like tfjs's maximum.
RULE(adamax) {
  vf m = vadd(vmul(s0, SPLAT(p0)), vmul(g, SPLAT(p1)));
  vf u = wasm_f32x4_max(vmul(s1, SPLAT(p2)), vabs(g));
  return (update_t){vadd(vmul(SPLAT(p3), vdiv(m, vadd(u, SPLAT(p4)))), value), m, u};
}

// Adadelta: p0 ρ, p1 1−ρ, p2 ε, p3 −lr. s0 the gradients' average, s1 the updates'. As in tfjs,
// the update scales by the gradients' average from before this step.
RULE(adadelta) {
  vf eps = SPLAT(p2);
  vf grads = vadd(vmul(s0, SPLAT(p0)), vmul(vmul(g, g), SPLAT(p1)));
  vf update = vmul(vdiv(wasm_f32x4_sqrt(vadd(s1, eps)), wasm_f32x4_sqrt(vadd(s0, eps))), g);
  vf updates = vadd(vmul(s1, SPLAT(p0)), vmul(vmul(update, update), SPLAT(p1)));
  return (update_t){vadd(vmul(update, SPLAT(p3)), value), grads, updates};
}

// Adagrad: p0 ε, p1 −lr. s0 the sum of squared gradients.
RULE(adagrad) {
  vf sum = vadd(s0, vmul(g, g));
  return (update_t){vadd(vmul(vdiv(g, wasm_f32x4_sqrt(vadd(sum, SPLAT(p0)))), SPLAT(p1)), value), sum, s1};
}

// RMSprop, not centred: p0 decay, p1 1−decay, p2 momentum, p3 lr, p4 ε. s0 mean square, s1 momentum.
RULE(rmsprop) {
  vf square = vadd(vmul(s0, SPLAT(p0)), vmul(vmul(g, g), SPLAT(p1)));
  vf moment = vadd(vmul(s1, SPLAT(p2)), vdiv(vmul(g, SPLAT(p3)), wasm_f32x4_sqrt(vadd(square, SPLAT(p4)))));
  return (update_t){vsub(value, moment), square, moment};
}

// SGD with momentum, not Nesterov: p0 momentum, p1 −lr. s0 the accumulation.
RULE(momentum) {
  vf acc = vadd(vmul(SPLAT(p0), s0), g);
  return (update_t){vadd(vmul(SPLAT(p1), acc), value), acc, s1};
}

// Nadam as actbench's Nadam class computes it: p0 β1, p1 1−β1, p2 β2, p3 1−β2, p4 1−β1^(t+1),
// p5 1−β1ᵗ, p6 1−β2ᵗ, p7 lr, p8 ε. s0 m, s1 v.
RULE(nadam) {
  vf m = vadd(vmul(s0, SPLAT(p0)), vmul(g, SPLAT(p1)));
  vf v = vadd(vmul(s1, SPLAT(p2)), vmul(vmul(g, g), SPLAT(p3)));
  vf m_hat = vadd(vdiv(vmul(m, SPLAT(p0)), SPLAT(p4)), vdiv(vmul(g, SPLAT(p1)), SPLAT(p5)));
  vf v_hat = vdiv(v, SPLAT(p6));
  return (update_t){vsub(value, vdiv(vmul(m_hat, SPLAT(p7)), vadd(wasm_f32x4_sqrt(v_hat), SPLAT(p8)))), m, v};
}

// ---- Keras 2's rules (keras/optimizers.py, 2.1.3–2.2.5; src/engine/keras-optimizers.ts) ----
// E18 trained with Keras 2, whose rules differ from tfjs's in where ε goes and what a first step
// does. Written as Keras writes each formula, one float32 operation at a time; the engine's
// op-by-op form (for backends without this kernel) repeats the same order.

// Keras Adam: p0 β1, p1 1−β1, p2 β2, p3 1−β2, p4 −lr·√(1−β2ᵗ)/(1−β1ᵗ), p5 ε. s0 m, s1 v. ε is added
// to √v, not to the bias-corrected √v̂ as in tfjs.
RULE(keras_adam) {
  vf m = vadd(vmul(s0, SPLAT(p0)), vmul(g, SPLAT(p1)));
  vf v = vadd(vmul(s1, SPLAT(p2)), vmul(vmul(g, g), SPLAT(p3)));
  return (update_t){vadd(value, vdiv(vmul(m, SPLAT(p4)), vadd(wasm_f32x4_sqrt(v), SPLAT(p5)))), m, v};
}

// Keras Adagrad: p0 ε, p1 −lr. s0 the sum of squared gradients, from zero; ε outside the root.
RULE(keras_adagrad) {
  vf sum = vadd(s0, vmul(g, g));
  return (update_t){vadd(value, vdiv(vmul(g, SPLAT(p1)), vadd(wasm_f32x4_sqrt(sum), SPLAT(p0)))), sum, s1};
}

// Keras Adadelta: p0 ρ, p1 1−ρ, p2 ε, p3 −lr. s0 the gradients' average, s1 the updates'. The step
// divides by the average that already includes this gradient (tfjs's uses the one before it).
RULE(keras_adadelta) {
  vf eps = SPLAT(p2);
  vf grads = vadd(vmul(s0, SPLAT(p0)), vmul(vmul(g, g), SPLAT(p1)));
  vf update = vdiv(vmul(g, wasm_f32x4_sqrt(vadd(s1, eps))), wasm_f32x4_sqrt(vadd(grads, eps)));
  vf updates = vadd(vmul(s1, SPLAT(p0)), vmul(vmul(update, update), SPLAT(p1)));
  return (update_t){vadd(value, vmul(update, SPLAT(p3))), grads, updates};
}

// Keras RMSprop: p0 ρ, p1 1−ρ, p2 ε, p3 −lr. s0 the mean square; ε outside the root.
RULE(keras_rmsprop) {
  vf square = vadd(vmul(s0, SPLAT(p0)), vmul(vmul(g, g), SPLAT(p1)));
  return (update_t){vadd(value, vdiv(vmul(g, SPLAT(p3)), vadd(wasm_f32x4_sqrt(square), SPLAT(p2)))), square, s1};
}

// Keras Nadam, with its momentum schedule folded into two per-step scalars: p0 β1, p1 1−β1, p2 β2,
// p3 1−β2, p4 (1−μₜ)/(1−Πμ up to t), p5 μₜ₊₁/(1−Πμ up to t+1), p6 1−β2ᵗ, p7 −lr, p8 ε. s0 m, s1 v.
RULE(keras_nadam) {
  vf m = vadd(vmul(s0, SPLAT(p0)), vmul(g, SPLAT(p1)));
  vf v = vadd(vmul(s1, SPLAT(p2)), vmul(vmul(g, g), SPLAT(p3)));
  vf m_bar = vadd(vmul(g, SPLAT(p4)), vmul(m, SPLAT(p5)));
  vf v_hat = vdiv(v, SPLAT(p6));
  return (update_t){vadd(value, vdiv(vmul(m_bar, SPLAT(p7)), vadd(wasm_f32x4_sqrt(v_hat), SPLAT(p8)))), m, v};
}

// NAME_update(n, p0…p8, value, gradient, s0, s1, value_out, s0_out, s1_out); with STATES 1, s1 and
// s1_out are not touched. The last n mod 4 elements go through the same rule on a partial vector.
#define OPTIMIZER_KERNEL(NAME, STATES)                                                                                       \
  __attribute__((export_name(#NAME "_update"))) void NAME##_update(                                                          \
      int n, f32 p0, f32 p1, f32 p2, f32 p3, f32 p4, f32 p5, f32 p6, f32 p7, f32 p8, const f32 *value, const f32 *grad,     \
      const f32 *s0, const f32 *s1, f32 *value_out, f32 *s0_out, f32 *s1_out) {                                             \
    int i = 0;                                                                                                              \
    for (; i + 4 <= n; i += 4) {                                                                                            \
      update_t u = NAME##_rule(wasm_v128_load(value + i), wasm_v128_load(grad + i), wasm_v128_load(s0 + i),                 \
                               STATES > 1 ? wasm_v128_load(s1 + i) : SPLAT(0.0f), p0, p1, p2, p3, p4, p5, p6, p7, p8);      \
      wasm_v128_store(value_out + i, u.value);                                                                              \
      wasm_v128_store(s0_out + i, u.s0);                                                                                    \
      if (STATES > 1) wasm_v128_store(s1_out + i, u.s1);                                                                    \
    }                                                                                                                       \
    if (i < n) {                                                                                                            \
      int r = n - i;                                                                                                        \
      update_t u = NAME##_rule(load_partial(value + i, r), load_partial(grad + i, r), load_partial(s0 + i, r),              \
                               STATES > 1 ? load_partial(s1 + i, r) : SPLAT(0.0f), p0, p1, p2, p3, p4, p5, p6, p7, p8);     \
      store_partial(value_out + i, u.value, r);                                                                             \
      store_partial(s0_out + i, u.s0, r);                                                                                   \
      if (STATES > 1) store_partial(s1_out + i, u.s1, r);                                                                   \
    }                                                                                                                       \
  }

OPTIMIZER_KERNEL(adam, 2)
OPTIMIZER_KERNEL(adamax, 2)
OPTIMIZER_KERNEL(adadelta, 2)
OPTIMIZER_KERNEL(adagrad, 1)
OPTIMIZER_KERNEL(rmsprop, 2)
OPTIMIZER_KERNEL(momentum, 1)
OPTIMIZER_KERNEL(nadam, 2)
OPTIMIZER_KERNEL(keras_adam, 2)
OPTIMIZER_KERNEL(keras_adagrad, 1)
OPTIMIZER_KERNEL(keras_adadelta, 2)
OPTIMIZER_KERNEL(keras_rmsprop, 1)
OPTIMIZER_KERNEL(keras_nadam, 2)
