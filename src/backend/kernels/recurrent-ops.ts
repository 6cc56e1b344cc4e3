// What the fused recurrent ops (lstm-sequence.ts, rnn-sequence.ts) share: the activations their
// kernels apply, how a kernel runs on either CPU backend, and the recurrent kernel's gradient.
import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { SimdKernelRef } from '../../activation/types.js';
import { kernelIO } from './tensor-io.js';
import { onWasmHeap, scratchSlots, type TrainingKernelExports } from './training-simd.js';

/**
 * The SIMD kernels (activation-formulas.h) the recurrent kernels apply, in the order of
 * ACTIVATION_LIST in training-kernels.c: a kernel's position is its id there.
 */
export const RECURRENT_ACTIVATIONS = [
  'sigmoid', 'tanh', 'penalized_tanh', 'softsign', 'swish', 'gelu', 'gelu_tanh', 'mish', 'relu', 'leaky_relu', 'relu6',
  'softplus', 'elu', 'selu', 'hard_sigmoid', 'hard_swish', 'cube', 'sin', 'cosid', 'minsin', 'arctid', 'maxsig', 'maxtanh',
] as const;

/** Whether the recurrent kernels can apply this activation. */
export function recurrentSupports(ref: SimdKernelRef | undefined): ref is SimdKernelRef {
  return ref !== undefined && (RECURRENT_ACTIVATIONS as readonly string[]).includes(ref.kernel);
}

/** The activation's id and constant as the kernels take them. */
export function activationArgs(ref: SimdKernelRef, op: string): { id: number; param: number } {
  const id = (RECURRENT_ACTIVATIONS as readonly string[]).indexOf(ref.kernel);
  if (id < 0) throw new Error(`${op}: no recurrent kernel for activation kernel '${ref.kernel}'`);
  return { id, param: ref.param ?? 0 };
}

/**
 * Runs a kernel of the SIMD module over `ins`, into fresh outputs of `outShapes`, with scratch
 * buffers of `scratch` floats: in place on tfjs-wasm's heap, or on 'cpu' through the module's own
 * memory (inputs copied in, outputs copied out).
 */
export function runOnBackend(
  backendName: 'wasm' | 'cpu',
  backend: object,
  ins: TensorInfo[],
  outShapes: number[][],
  scratch: number[],
  run: (kernels: TrainingKernelExports, at: number[], outAt: number[], scratchAt: number[]) => void,
): TensorInfo[] {
  const io = kernelIO(backendName, backend);
  const outs = outShapes.map((shape) => io.allocate(shape, 'float32'));
  if (backendName === 'wasm') {
    const temporary = scratch.map((n) => io.allocate([n], 'float32'));
    const { kernels, address } = onWasmHeap(backend);
    try {
      run(kernels, ins.map(address), outs.map(address), temporary.map(address));
    } finally {
      temporary.forEach((t) => io.release(t));
    }
    return outs;
  }
  const size = (shape: number[]) => shape.reduce((x, y) => x * y, 1);
  const inValues = ins.map((t) => io.view(t));
  const { kernels, addresses, views } = scratchSlots([...inValues.map((v) => v.length), ...outShapes.map(size), ...scratch]);
  inValues.forEach((values, i) => views[i]!.set(values));
  const outAt = addresses.slice(ins.length, ins.length + outs.length);
  run(kernels, addresses.slice(0, ins.length), outAt, addresses.slice(ins.length + outs.length));
  outs.forEach((t, i) => io.view(t).set(views[ins.length + i]!));
  return outs;
}

/**
 * The recurrent kernel's gradient from every step's pre-activation gradient dz [T, B, W]:
 * Σ_t h_{t−1}ᵀ·dz_t, one product over all steps (h_{−1} = h0).
 */
export function recurrentKernelGradient(h0: tf.Tensor, h: tf.Tensor, dz: tf.Tensor): tf.Tensor {
  const [steps, batch, units] = h.shape as [number, number, number];
  const width = dz.shape[2]!;
  return tf.tidy(() => {
    const first = tf.reshape(h0, [1, batch, units]);
    const previous = steps > 1 ? tf.concat([first, tf.slice(h, [0, 0, 0], [steps - 1, batch, units])], 0) : first;
    return tf.matMul(tf.reshape(previous, [steps * batch, units]), tf.reshape(dz, [steps * batch, width]), true, false);
  });
}

/**
 * A fused op's registration, done on first use: its forward and backward kernels on both CPU
 * backends (from `kernels`) and its gradient.
 */
export function lazyRegistration(forward: string, backward: string, kernels: (backendName: 'wasm' | 'cpu') => { forward: KernelFunc; backward: KernelFunc }, gradient: GradConfig): () => void {
  let registered = false;
  return () => {
    if (registered) return;
    registered = true;
    for (const backendName of ['wasm', 'cpu'] as const) {
      const { forward: forwardFunc, backward: backwardFunc } = kernels(backendName);
      tf.registerKernel({ kernelName: forward, backendName, kernelFunc: forwardFunc });
      tf.registerKernel({ kernelName: backward, backendName, kernelFunc: backwardFunc });
    }
    tf.registerGradient(gradient);
  };
}

/** Throws unless `t` is float32 of `shape`, naming the op and the argument. */
export function expectTensor(op: string, t: tf.Tensor, shape: number[], name: string): void {
  if (t.dtype !== 'float32' || t.shape.join() !== shape.join()) throw new Error(`${op}: ${name} must be float32 [${shape.join(', ')}], got ${t.dtype} [${t.shape.join(', ')}]`);
}
