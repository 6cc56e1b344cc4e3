// Sum over the leading axes (all positions of a [..., C] tensor, per channel): the bias gradient of
// every dense and convolution layer. tfjs transposes the reduced axes last and then sums rows, and
// tfjs-wasm's transpose of a 64×32×32×32 conv output takes ~15 ms (tfjs-cpu's is slow too), so the
// CNN spent ~12 % of its step there. Here the tensor is read as [rows, C] and summed a row at a
// time into C accumulators, with each backend's own arithmetic: float32 in row order on 'wasm'
// (simd/training-kernels.c, as tfjs-wasm adds), float64 rounded once on 'cpu' (as tfjs-cpu adds).
// Other reductions, and int32, go to the kernel this one wraps.
import { util } from '@tensorflow/tfjs-core';
import type { KernelFunc, SumAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import { kernelIO, type SupportedBackendName } from './tensor-io.js';
import { onWasmHeap, trainingKernelsAvailable } from './training-simd.js';

/** [rows, columns] when `axes` are the leading axes of `shape` and leave at least one; else null. */
export function leadingAxesSum(shape: readonly number[], axes: readonly number[]): { rows: number; columns: number } | null {
  const sorted = [...new Set(axes)].sort((a, b) => a - b);
  if (sorted.length === 0 || sorted.length >= shape.length || sorted.some((axis, i) => axis !== i)) return null;
  const rows = shape.slice(0, sorted.length).reduce((a, b) => a * b, 1);
  return { rows, columns: shape.slice(sorted.length).reduce((a, b) => a * b, 1) };
}

export function columnSumKernel(backendName: SupportedBackendName, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const { axis, keepDims } = args.attrs as unknown as SumAttrs;
    if (x.dtype !== 'float32') return fallback(args);
    const axes = util.parseAxisParam(axis, x.shape);
    const layout = leadingAxesSum(x.shape, axes);
    if (!layout || (backendName === 'wasm' && !trainingKernelsAvailable())) return fallback(args);
    const kept = x.shape.slice(axes.length);
    const outShape = keepDims ? [...axes.map(() => 1), ...kept] : kept;
    const io = kernelIO(backendName, args.backend);
    const out = io.allocate(outShape, 'float32');
    if (backendName === 'wasm') {
      const { kernels, address } = onWasmHeap(args.backend);
      kernels.column_sums(layout.rows, layout.columns, address(x), address(out));
    } else {
      const values = io.view(x);
      const sums = new Float64Array(layout.columns);
      for (let r = 0; r < layout.rows; r++) {
        const offset = r * layout.columns;
        for (let c = 0; c < layout.columns; c++) sums[c]! += values[offset + c]!;
      }
      io.view(out).set(sums);
    }
    return out;
  };
}
