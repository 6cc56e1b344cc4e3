// What the fused recurrent ops (lstm-sequence.ts, rnn-sequence.ts) share: the activations their
// kernels apply, their registration, argument checks and the recurrent kernel's gradient.
import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, KernelFunc } from '@tensorflow/tfjs-core';
import type { SimdKernelRef } from './wasm-modules.js';

/**
 * The SIMD kernels (activation-formulas.h) the recurrent kernels apply, in the order of
 * ACTIVATION_LIST in training-kernels.c: a kernel's position is its id there.
 */
export const RECURRENT_ACTIVATIONS = [
  'sigmoid',
  'tanh',
  'penalized_tanh',
  'softsign',
  'swish',
  'gelu',
  'gelu_tanh',
  'mish',
  'relu',
  'leaky_relu',
  'relu6',
  'softplus',
  'elu',
  'selu',
  'hard_sigmoid',
  'hard_swish',
  'cube',
  'sin',
  'cosid',
  'minsin',
  'arctid',
  'maxsig',
  'maxtanh',
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
export function lazyRegistration(
  forward: string,
  backward: string,
  kernels: (backendName: 'wasm' | 'cpu') => { forward: KernelFunc; backward: KernelFunc },
  gradient: GradConfig,
): () => void {
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
  if (t.dtype !== 'float32' || t.shape.join() !== shape.join())
    throw new Error(`${op}: ${name} must be float32 [${shape.join(', ')}], got ${t.dtype} [${t.shape.join(', ')}]`);
}
