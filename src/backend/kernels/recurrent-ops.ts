// What the fused recurrent ops (lstm-sequence.ts, rnn-sequence.ts) share: the activations their
// kernels apply, their registration, how they run with their gradient, argument checks and the
// recurrent kernel's gradient.
import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc, NamedAttrMap } from '@tensorflow/tfjs-core';
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

/** A fused op's forward and backward kernels on both CPU backends, registered on first use. */
export function lazyRegistration(
  forward: string,
  backward: string,
  kernels: (backendName: 'wasm' | 'cpu') => { forward: KernelFunc; backward: KernelFunc },
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
  };
}

/**
 * Runs a fused forward kernel whose first output, h, is all the caller gets, and records it for
 * gradients through tf.customGrad with the inputs and every output saved. Recorded as a kernel
 * with a registered gradient, the tape would list the other outputs too (the LSTM's c, pre-
 * activations and gates), and before each backward pass the engine makes a zero gradient for
 * every output nothing used: 3.5 MB filled and copied into the wasm heap per reference-LSTM step,
 * ~1 ms. `gradients` gets h's gradient, the inputs and the outputs, and returns the inputs'
 * gradients by name; the mask's is zeros, as nothing trainable makes a mask.
 */
export function sequenceWithGradient(
  kernelName: string,
  inputs: Record<string, tf.Tensor>,
  attrs: NamedAttrMap,
  gradients: (dh: tf.Tensor, inputs: Record<string, tf.Tensor>, outputs: tf.Tensor[]) => Record<string, tf.Tensor>,
): tf.Tensor {
  const names = Object.keys(inputs);
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    const given = Object.fromEntries(names.map((name, i) => [name, args[i] as tf.Tensor]));
    const outputs = tf.engine().runKernel(kernelName, given, attrs) as tf.Tensor[];
    save([...names.map((name) => given[name]!), ...outputs]);
    return {
      value: outputs[0]!,
      gradFunc: (dh: tf.Tensor, saved: tf.Tensor[]) => {
        const savedInputs = Object.fromEntries(names.map((name, i) => [name, saved[i]!]));
        const byName = gradients(dh, savedInputs, saved.slice(names.length));
        return names.map((name) => byName[name] ?? tf.zerosLike(savedInputs[name]!));
      },
    };
  });
  return op(...names.map((name) => inputs[name]!));
}

/** Throws unless `t` is float32 of `shape`, naming the op and the argument. */
export function expectTensor(op: string, t: tf.Tensor, shape: number[], name: string): void {
  if (t.dtype !== 'float32' || t.shape.join() !== shape.join())
    throw new Error(`${op}: ${name} must be float32 [${shape.join(', ')}], got ${t.dtype} [${t.shape.join(', ')}]`);
}
