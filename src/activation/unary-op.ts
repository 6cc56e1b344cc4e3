// Registers an elementwise op as a pair of tfjs kernels, forward and backward, with the
// backward one as the op's gradient: shared by the JS-loop and the WASM SIMD fused variants.
import * as tf from '@tensorflow/tfjs-core';

/** Backends whose tensors live in JS-reachable memory, so fused kernels can be registered for them. */
export const FUSED_BACKENDS = ['cpu', 'wasm'] as const;
export type FusedBackend = (typeof FUSED_BACKENDS)[number];

/** f(+∞) and f(−∞); NaN where the function has no limit. */
export interface InfiniteLimits {
  pos: number;
  neg: number;
}

interface CpuBackendLike {
  data: { get(dataId: object): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): tf.TensorInfo;
}
interface WasmBackendLike {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}

/** A kernel for the JS or WASM backend that runs `fill(output, inputs)` on views of the backend's own memory. */
export function elementwiseKernel(backendName: FusedBackend, fill: (out: Float32Array, inputs: Float32Array[]) => void): tf.KernelFunc {
  if (backendName === 'wasm') {
    return ({ inputs, backend }) => {
      const wasm = backend as unknown as WasmBackendLike;
      const tensors = Object.values(inputs) as tf.TensorInfo[];
      // Allocate first: growing the heap detaches views taken before.
      const out = wasm.makeOutput(tensors[0]!.shape, 'float32');
      fill(
        wasm.typedArrayFromHeap(out),
        tensors.map((t) => wasm.typedArrayFromHeap(t)),
      );
      return out;
    };
  }
  return ({ inputs, backend }) => {
    const cpu = backend as unknown as CpuBackendLike;
    const tensors = Object.values(inputs) as tf.TensorInfo[];
    const out = new Float32Array(tf.util.sizeFromShape(tensors[0]!.shape));
    fill(
      out,
      tensors.map((t) => cpu.data.get(t.dataId).values),
    );
    return cpu.makeTensorInfo(tensors[0]!.shape, 'float32', out);
  };
}

export interface UnaryKernels {
  /** inputs { x } → y */
  forward: tf.KernelFunc;
  /** inputs { x, y, dy } (in that order) → dx */
  backward: tf.KernelFunc;
}

/** Registers the op's kernels for every fused backend and its gradient; returns the op. */
export function registerUnaryOp(kernelName: string, kernelsFor: (backendName: FusedBackend) => UnaryKernels): (x: tf.Tensor) => tf.Tensor {
  const gradKernelName = `${kernelName}_Grad`;
  for (const backendName of FUSED_BACKENDS) {
    const { forward, backward } = kernelsFor(backendName);
    tf.registerKernel({ kernelName, backendName, kernelFunc: forward });
    tf.registerKernel({ kernelName: gradKernelName, backendName, kernelFunc: backward });
  }
  tf.registerGradient({
    kernelName,
    inputsToSave: ['x'],
    outputsToSave: [true],
    gradFunc: (dy, saved) => {
      const [x, y] = saved as [tf.Tensor, tf.Tensor];
      return { x: () => tf.engine().runKernel(gradKernelName, { x, y, dy: dy as tf.Tensor }) as tf.Tensor };
    },
  });
  return (x) => tf.engine().runKernel(kernelName, { x: x.dtype === 'float32' ? x : tf.cast(x, 'float32') }) as tf.Tensor;
}
