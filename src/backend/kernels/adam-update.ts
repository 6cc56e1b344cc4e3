// Adam's update of one variable as a single kernel: tfjs's AdamOptimizer spends ~15 small ops per
// variable and step (multiplies, adds, divides, a square root, each with its own output), which on
// a small model costs as much as its forward pass. This kernel reads value, gradient and both
// moments once and writes the three new tensors, with the same float32 operations in the same
// order, so the results are tfjs's to the bit. 'wasm': simd/training-kernels.c on tfjs-wasm's heap;
// 'cpu': the same arithmetic in a JS loop on the tensors' own arrays (copying four inputs into the
// SIMD module's memory would cost more than the loop).
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { kernelIO, asFloat32, UnsupportedKernelInputError, type SupportedBackendName } from './tensor-io.js';
import { onWasmHeap, trainingKernelsAvailable } from './training-simd.js';

export const ADAM_UPDATE = 'ActbenchAdamUpdate';

/** float32 scalars, computed on the JS side as tfjs's AdamOptimizer computes them. */
export interface AdamUpdateAttrs {
  beta1: number;
  oneMinusBeta1: number;
  beta2: number;
  oneMinusBeta2: number;
  /** 1 − β1ᵗ and 1 − β2ᵗ for this step. */
  oneMinusAccBeta1: number;
  oneMinusAccBeta2: number;
  epsilon: number;
  /** −learning rate. */
  negLearningRate: number;
}

type Inputs = { value: TensorInfo; gradient: TensorInfo; m: TensorInfo; v: TensorInfo };

function readInputs(inputs: object): Inputs {
  const { value, gradient, m, v } = inputs as Partial<Inputs>;
  if (!value || !gradient || !m || !v) throw new UnsupportedKernelInputError(ADAM_UPDATE, 'needs inputs value, gradient, m and v');
  const size = value.shape.reduce((a, b) => a * b, 1);
  for (const [role, t] of Object.entries({ gradient, m, v })) {
    if (t.shape.reduce((a, b) => a * b, 1) !== size) throw new UnsupportedKernelInputError(ADAM_UPDATE, `input '${role}' has shape [${t.shape}], value has [${value.shape}]`);
  }
  for (const [role, t] of Object.entries({ value, gradient, m, v })) {
    if (t.dtype !== 'float32') throw new UnsupportedKernelInputError(ADAM_UPDATE, `input '${role}' has dtype ${t.dtype}; only float32 is supported`);
  }
  return { value, gradient, m, v };
}

/** The update written as tfjs's ops compute it, each result rounded to float32. */
function updateInJs(a: AdamUpdateAttrs, value: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, valueOut: Float32Array, mOut: Float32Array, vOut: Float32Array): void {
  const f = Math.fround;
  for (let i = 0; i < value.length; i++) {
    const g = grad[i]!;
    const m1 = f(f(m[i]! * a.beta1) + f(g * a.oneMinusBeta1));
    const v1 = f(f(v[i]! * a.beta2) + f(f(g * g) * a.oneMinusBeta2));
    mOut[i] = m1;
    vOut[i] = v1;
    const denominator = f(f(Math.sqrt(f(v1 / a.oneMinusAccBeta2))) + a.epsilon);
    valueOut[i] = f(f(f(f(m1 / a.oneMinusAccBeta1) / denominator) * a.negLearningRate) + value[i]!);
  }
}

/** Outputs: the new value, m and v, in that order. */
export function adamUpdateKernel(backendName: SupportedBackendName): KernelFunc {
  return (args) => {
    const { value, gradient, m, v } = readInputs(args.inputs);
    const attrs = args.attrs as unknown as AdamUpdateAttrs;
    const io = kernelIO(backendName, args.backend);
    const outputs = [value, m, v].map((t) => io.allocate(t.shape.slice(), 'float32'));
    const [valueOut, mOut, vOut] = outputs as [TensorInfo, TensorInfo, TensorInfo];
    const size = value.shape.reduce((x, y) => x * y, 1);
    if (backendName === 'wasm' && trainingKernelsAvailable()) {
      const { kernels, address } = onWasmHeap(args.backend);
      kernels.adam_update(size, attrs.beta1, attrs.oneMinusBeta1, attrs.beta2, attrs.oneMinusBeta2, attrs.oneMinusAccBeta1, attrs.oneMinusAccBeta2, attrs.epsilon, attrs.negLearningRate,
        address(value), address(gradient), address(m), address(v), address(valueOut), address(mOut), address(vOut));
    } else {
      const view = (t: TensorInfo, role: string) => asFloat32(ADAM_UPDATE, io.view(t), role);
      updateInJs(attrs, view(value, 'value'), view(gradient, 'gradient'), view(m, 'm'), view(v, 'v'), view(valueOut, 'value'), view(mOut, 'm'), view(vOut, 'v'));
    }
    return outputs;
  };
}
