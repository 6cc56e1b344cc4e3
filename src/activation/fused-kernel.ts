// Turns an activation's scalar forward/derivative pair into two tfjs kernels (one pass each)
// for the pure-JS and WASM backends, with the backward kernel registered as the gradient.
import * as tf from '@tensorflow/tfjs-core';
import { FLT_MAX } from './float32.js';
import type { FusedScalar } from './types.js';

/** Backends whose tensors live in JS-reachable typed arrays, so a JS loop can be a kernel. */
export const FUSED_BACKENDS = ['cpu', 'wasm'] as const;

type Loop1 = (x: Float32Array, y: Float32Array) => void;
type Loop2 = (x: Float32Array, y: Float32Array, dy: Float32Array, dx: Float32Array) => void;

// Infinite inputs take the function's limits (from its float64 reference) so scalar forms only need
// to be right for finite x; the derivative at ±∞ is taken at ±FLT_MAX (x and y alike, so that
// y·(1 − σ) stays 0 instead of ∞·0). The tests on ±∞ are predictable
// branches. NaN passes through to the scalar functions, which propagate it.
const FORWARD_LOOP = `return function forward(x, y) {
  const n = x.length;
  for (let i = 0; i < n; i++) { const v = x[i]; y[i] = v === Infinity ? limits.pos : v === -Infinity ? limits.neg : f(v); }
};`;
const BACKWARD_LOOP = `return function backward(x, y, dy, dx) {
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const v = x[i], w = y[i];
    dx[i] = dy[i] * f(v === Infinity ? ${FLT_MAX} : v === -Infinity ? ${-FLT_MAX} : v, w === Infinity ? ${FLT_MAX} : w === -Infinity ? ${-FLT_MAX} : w);
  }
};`;

/**
 * V8 keeps type feedback per function *source*: one shared loop calling many different scalar
 * functions becomes megamorphic and runs 5-15× slower. Compiling the fixed loop text once per
 * activation (the name in a comment keeps V8's compilation cache from handing back a shared copy)
 * gives each activation its own loop with its scalar function inlined. Only `fn` varies, the
 * source text is a constant of this module.
 */
function stampLoop<T>(loopSource: string, kernelName: string, fn: unknown, limits: InfiniteLimits): T {
  if (!/^[A-Za-z0-9_]+$/.test(kernelName)) throw new Error(`invalid kernel name '${kernelName}'`);
  return new Function('f', 'limits', `/* ${kernelName} */ ${loopSource}`)(fn, limits) as T;
}

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
export function elementwiseKernel(backendName: string, fill: (out: Float32Array, inputs: Float32Array[]) => void): tf.KernelFunc {
  if (backendName === 'wasm') {
    return ({ inputs, backend }) => {
      const wasm = backend as unknown as WasmBackendLike;
      const tensors = Object.values(inputs) as tf.TensorInfo[];
      // Allocate first: growing the heap detaches views taken before.
      const out = wasm.makeOutput(tensors[0]!.shape, 'float32');
      fill(wasm.typedArrayFromHeap(out), tensors.map((t) => wasm.typedArrayFromHeap(t)));
      return out;
    };
  }
  return ({ inputs, backend }) => {
    const cpu = backend as unknown as CpuBackendLike;
    const tensors = Object.values(inputs) as tf.TensorInfo[];
    const out = new Float32Array(tf.util.sizeFromShape(tensors[0]!.shape));
    fill(out, tensors.map((t) => cpu.data.get(t.dataId).values));
    return cpu.makeTensorInfo(tensors[0]!.shape, 'float32', out);
  };
}

export interface FusedOp {
  kernelName: string;
  apply: (x: tf.Tensor) => tf.Tensor;
}

const registered = new Map<string, FusedOp>();

/** Registers (once) and returns the fused op for an activation. */
export function fusedOp(activationName: string, scalar: FusedScalar, limits: InfiniteLimits): FusedOp {
  const existing = registered.get(activationName);
  if (existing) return existing;
  const kernelName = `Actbench_${activationName.replace(/[^A-Za-z0-9]/g, '_')}`;
  const gradKernelName = `${kernelName}_Grad`;
  const forward = stampLoop<Loop1>(FORWARD_LOOP, kernelName, scalar.forward, limits);
  const backward = stampLoop<Loop2>(BACKWARD_LOOP, gradKernelName, scalar.derivative, limits);
  for (const backendName of FUSED_BACKENDS) {
    tf.registerKernel({
      kernelName,
      backendName,
      kernelFunc: elementwiseKernel(backendName, (out, [x]) => forward(x!, out)),
    });
    // Inputs arrive in the order of the runKernel call below: x, y, dy.
    tf.registerKernel({
      kernelName: gradKernelName,
      backendName,
      kernelFunc: elementwiseKernel(backendName, (out, [x, y, dy]) => backward(x!, y!, dy!, out)),
    });
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
  const op: FusedOp = {
    kernelName,
    apply: (x) => {
      const input = x.dtype === 'float32' ? x : tf.cast(x, 'float32');
      return tf.engine().runKernel(kernelName, { x: input }) as tf.Tensor;
    },
  };
  registered.set(activationName, op);
  return op;
}
