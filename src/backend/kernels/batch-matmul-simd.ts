// BatchMatMul in WASM SIMD (simd/training-kernels.c, matmul) on both CPU backends, for every
// transpose combination: the backward pass of each dense and recurrent layer is transposed
// products (dX = dY·Wᵀ, dW = Xᵀ·dY), which tfjs-wasm runs in a scalar loop (1–3 GFLOP/s) and
// sends to XNNPACK only untransposed. Here transposed operands are transposed back once (SIMD),
// and the product runs in 4×8 register tiles over cache-sized blocks of B; on 'cpu' the operands are copied into the kernels' memory and back.
// Batches (equal, or one side broadcast) loop over the same kernel; int32 and broadcasts of any
// other shape go to the kernel this one wraps.
import { backend_util, util } from '@tensorflow/tfjs-core';
import type { BatchMatMulAttrs, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { SupportedBackendName } from './tensor-io.js';
import { runOnBackend, trainingKernelsAvailable, trainingKernelsExports, type TrainingKernelExports } from './training-simd.js';

const FLOAT_BYTES = 4;

/** One product's sizes and how its batches pair up. */
export interface MatMulPlan {
  m: number;
  n: number;
  k: number;
  transposeA: boolean;
  transposeB: boolean;
  batch: number;
  /** Each operand's batch count: the output's, or 1 when that operand is broadcast. */
  batchA: number;
  batchB: number;
  outShape: number[];
}

/** The plan for a BatchMatMul this kernel takes, or null for one it leaves to the wrapped kernel. */
export function planMatMul(a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): MatMulPlan | null {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return null;
  const [aRows, aCols] = a.shape.slice(-2) as [number, number];
  const [bRows, bCols] = b.shape.slice(-2) as [number, number];
  const m = transposeA ? aCols : aRows;
  const k = transposeA ? aRows : aCols;
  const n = transposeB ? bRows : bCols;
  if ((transposeB ? bCols : bRows) !== k) return null;
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const batchA = util.sizeFromShape(outerA);
  const batchB = util.sizeFromShape(outerB);
  let outer: number[];
  try {
    outer = backend_util.assertAndGetBroadcastShape(outerA, outerB);
  } catch {
    return null;
  }
  const batch = util.sizeFromShape(outer);
  // Pairs batch i with batch i, or one operand with every batch of the other; anything else (both
  // broadcast along different axes) is the wrapped kernel's.
  if (!((batchA === batch && batchB === batch) || (batchA === 1 && batchB === batch) || (batchB === 1 && batchA === batch))) return null;
  return { m, n, k, transposeA, transposeB, batch, batchA, batchB, outShape: [...outer, m, n] };
}

/** Runs the plan with the operands at byte addresses `a`, `b`, output at `c`, scratch (matmul_scratch floats) at `scratch`. */
function run(kernels: TrainingKernelExports, p: MatMulPlan, a: number, b: number, c: number, scratch: number): void {
  const aStride = p.batchA === 1 ? 0 : p.m * p.k * FLOAT_BYTES;
  const bStride = p.batchB === 1 ? 0 : p.k * p.n * FLOAT_BYTES;
  const cStride = p.m * p.n * FLOAT_BYTES;
  for (let i = 0; i < p.batch; i++) {
    kernels.matmul(p.m, p.n, p.k, p.transposeA ? 1 : 0, p.transposeB ? 1 : 0, a + i * aStride, b + i * bStride, c + i * cStride, scratch);
  }
}

/** `fallback` takes what this kernel does not, and everything where the SIMD module does not load. */
export function simdBatchMatMulKernel(backendName: SupportedBackendName, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = args.attrs as unknown as BatchMatMulAttrs;
    const plan = planMatMul(a, b, transposeA, transposeB);
    if (!plan || !trainingKernelsAvailable()) return fallback(args);
    const scratchFloats = trainingKernelsExports().matmul_scratch(plan.m, plan.n, plan.k, plan.transposeA ? 1 : 0, plan.transposeB ? 1 : 0);
    const [out] = runOnBackend(
      backendName,
      args.backend,
      [a, b],
      [plan.outShape],
      scratchFloats > 0 ? [scratchFloats] : [],
      (kernels, at, outAt, scratchAt) => run(kernels, plan, at[0]!, at[1]!, outAt[0]!, scratchAt[0] ?? 0),
    );
    return out!;
  };
}
