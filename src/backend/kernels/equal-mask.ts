// Equal of float32 tensors on 'wasm' as one SIMD pass (simd/training-kernels.c, equal_mask), after
// expanding a broadcast operand by block copies. The gradient of every max reduction is
// dy · [x = max], the max broadcast over the reduced axes: in the document CNN's max-pool over
// time, tfjs-wasm's broadcasting Equal took ~140 ns per element (45 ms of a 32-document step),
// and its same-shape Equal ~6. Equality is exact, so the mask is tfjs's to the bit. Other dtypes
// go to the kernel this one wraps.
import { backend_util, util } from '@tensorflow/tfjs-core';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { kernelIO } from './tensor-io.js';
import { onWasmHeap, trainingKernelsAvailable } from './training-simd.js';

/**
 * Writes `from` (of `fromShape`, broadcastable to `toShape`) broadcast to `toShape` into `to`: one
 * typed-array copy per block of the trailing axes that are not broadcast.
 */
export function broadcastInto(from: Float32Array, fromShape: readonly number[], to: Float32Array, toShape: readonly number[]): void {
  const padded = [...new Array<number>(toShape.length - fromShape.length).fill(1), ...fromShape];
  let k = toShape.length;
  while (k > 0 && padded[k - 1] === toShape[k - 1]) k--;
  const block = util.sizeFromShape(toShape.slice(k));
  const outer = toShape.slice(0, k);
  const strides = outer.map((_, d) => (padded[d] === 1 ? 0 : util.sizeFromShape(padded.slice(d + 1))));
  const index = new Array<number>(outer.length).fill(0);
  const blocks = util.sizeFromShape(outer);
  for (let i = 0; i < blocks; i++) {
    let source = 0;
    for (let d = 0; d < outer.length; d++) source += index[d]! * strides[d]!;
    to.set(from.subarray(source, source + block), i * block);
    for (let d = outer.length - 1; d >= 0; d--) {
      if (++index[d]! < outer[d]!) break;
      index[d] = 0;
    }
  }
}

/** 'wasm' only: tfjs-cpu's Equal is a plain loop, and the SIMD module runs in place only on wasm's heap. */
export function equalMaskKernel(fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    if (a.dtype !== 'float32' || b.dtype !== 'float32' || !trainingKernelsAvailable()) return fallback(args);
    const outShape = backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const io = kernelIO('wasm', args.backend);
    const out = (args.backend as { makeOutput(shape: number[], dtype: 'bool'): TensorInfo }).makeOutput(outShape, 'bool');
    const n = util.sizeFromShape(outShape);
    const operands = [a, b];
    // Operands not of the output's size, expanded; allocated before any view is taken.
    const expanded = operands.map((t) => (util.sizeFromShape(t.shape) === n ? t : io.allocate(outShape, 'float32')));
    try {
      operands.forEach((t, i) => {
        if (expanded[i] !== t) broadcastInto(io.view(t) as Float32Array, t.shape, io.view(expanded[i]!) as Float32Array, outShape);
      });
      const { kernels, address } = onWasmHeap(args.backend);
      kernels.equal_mask(n, address(expanded[0]!), address(expanded[1]!), address(out));
    } finally {
      expanded.forEach((t, i) => {
        if (t !== operands[i]) io.release(t);
      });
    }
    return out;
  };
}
