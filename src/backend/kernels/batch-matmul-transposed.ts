// BatchMatMul on 'wasm' with transposed operands, as an explicit transpose followed by the plain
// product. tfjs-wasm sends only the non-transposed, batch-1 product to XNNPACK (26–38 GFLOP/s
// here); every transposed one — exactly the backward pass's dX = dY·Wᵀ and dW = Xᵀ·dY — runs in a
// scalar loop at 1–3 GFLOP/s. Transposing costs one pass over the operand, so the pair runs at
// 10–30 GFLOP/s. Batched products (rank > 2 with a batch above 1) go to the stock kernel as they
// are: it loops over the batch in scalar code whatever the transposes.
import { Transpose, getKernel } from '@tensorflow/tfjs-core';
import type { BatchMatMulAttrs, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { UnsupportedKernelInputError } from './tensor-io.js';

const KERNEL = 'BatchMatMul';

interface WasmBackend {
  disposeData(dataId: object): void;
}

function batchSize(t: TensorInfo): number {
  return t.shape.slice(0, -2).reduce((a, b) => a * b, 1);
}

/** Wraps the stock wasm BatchMatMul (taken before it is unregistered). */
export function transposedBatchMatMulKernel(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const { transposeA, transposeB } = args.attrs as unknown as BatchMatMulAttrs;
    if ((!transposeA && !transposeB) || batchSize(a) !== 1 || batchSize(b) !== 1) return stock(args);
    const transpose = getKernel(Transpose, 'wasm');
    if (!transpose) throw new UnsupportedKernelInputError(KERNEL, "the 'wasm' backend has no Transpose kernel");
    const backend = args.backend as WasmBackend;
    const swapLastTwo = (t: TensorInfo): TensorInfo => {
      const perm = t.shape.map((_, i) => i);
      [perm[perm.length - 2], perm[perm.length - 1]] = [perm[perm.length - 1]!, perm[perm.length - 2]!];
      return transpose.kernelFunc({ inputs: { x: t }, backend: args.backend, attrs: { perm } }) as TensorInfo;
    };
    const plainA = transposeA ? swapLastTwo(a) : a;
    const plainB = transposeB ? swapLastTwo(b) : b;
    try {
      return stock({
        inputs: { a: plainA, b: plainB },
        backend: args.backend,
        attrs: { transposeA: false, transposeB: false },
      }) as TensorInfo;
    } finally {
      if (plainA !== a) backend.disposeData(plainA.dataId);
      if (plainB !== b) backend.disposeData(plainB.dataId);
    }
  };
}
