// rnnSequence: a simple RNN layer's whole recurrence, h_t = a(xw_t + h_{t−1}·R), as one op with one
// backward op on the 'wasm' and 'cpu' backends (simd/training-kernels.c). Step by step, tfjs-layers
// runs ~25 small ops per time step forward and backward; the sequence tagger's steps are many and
// short, so their overhead, not the arithmetic, set its pace.
//
// In: xw [T, B, U] = x·W + b for every step (one matMul, done by the caller), R [U, U], h0 [B, U],
// the activation (any in RECURRENT_ACTIVATIONS) and optionally a mask [T, B] (1 = the step is
// taken, 0 = state and output carry over; no mask = all taken). Out: h [T, B, U], time-major.
// Gradients reach xw, R and h0.
import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { SimdKernelRef } from './wasm-modules.js';
import { activationArgs, expectTensor, lazyRegistration, recurrentKernelGradient, sequenceWithGradient } from './recurrent-ops.js';
import { runOnBackend, trainingKernelsExports } from './training-simd.js';

const FORWARD = 'ActbenchRnnForward';
const BACKWARD = 'ActbenchRnnBackward';

interface Attrs {
  act: number;
  param: number;
}

function forwardKernel(backendName: 'wasm' | 'cpu'): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { act, param } = attrs as unknown as Attrs;
    const { xw, recurrentKernel, h0, mask } = inputs as Record<string, TensorInfo>;
    const [steps, batch, units] = xw!.shape as [number, number, number];
    return runOnBackend(
      backendName,
      backend,
      [xw!, recurrentKernel!, h0!, mask!],
      [
        [steps, batch, units],
        [steps, batch, units],
      ],
      [trainingKernelsExports().rnn_forward_scratch(batch, units)],
      (kernels, at, outAt, scratchAt) =>
        kernels.rnn_forward(steps, batch, units, act, param, at[0]!, at[1]!, at[2]!, at[3]!, outAt[0]!, outAt[1]!, scratchAt[0]!),
    );
  };
}

function backwardKernel(backendName: 'wasm' | 'cpu'): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { act, param } = attrs as unknown as Attrs;
    const { dh, recurrentKernel, mask, pre, h } = inputs as Record<string, TensorInfo>;
    const [steps, batch, units] = h!.shape as [number, number, number];
    const scratch = trainingKernelsExports().rnn_backward_scratch(batch, units);
    return runOnBackend(
      backendName,
      backend,
      [recurrentKernel!, mask!, pre!, h!, dh!],
      [
        [steps, batch, units],
        [batch, units],
      ],
      [scratch],
      (kernels, at, outAt, scratchAt) =>
        kernels.rnn_backward(steps, batch, units, act, param, at[0]!, at[1]!, at[2]!, at[3]!, at[4]!, outAt[0]!, outAt[1]!, scratchAt[0]!),
    );
  };
}

/** dxw = dz; dR = Σ_t h_{t−1}ᵀ·dz_t; dh0 from the kernel. */
function gradients(attrs: NamedAttrMap) {
  return (dh: tf.Tensor, inputs: Record<string, tf.Tensor>, outputs: tf.Tensor[]): Record<string, tf.Tensor> => {
    const { recurrentKernel, h0, mask } = inputs;
    const [h, pre] = outputs;
    const [dz, dh0] = tf
      .engine()
      .runKernel(BACKWARD, { dh, recurrentKernel: recurrentKernel!, mask: mask!, pre: pre!, h: h! }, attrs) as tf.Tensor[];
    return { xw: dz!, recurrentKernel: recurrentKernelGradient(h0!, h!, dz!), h0: dh0! };
  };
}

const register = lazyRegistration(FORWARD, BACKWARD, (backendName) => ({
  forward: forwardKernel(backendName),
  backward: backwardKernel(backendName),
}));

export function rnnSequence(
  xw: tf.Tensor3D,
  recurrentKernel: tf.Tensor2D,
  h0: tf.Tensor2D,
  activation: SimdKernelRef,
  mask?: tf.Tensor2D,
): tf.Tensor3D {
  const [steps, batch, units] = xw.shape;
  const expect = (t: tf.Tensor, shape: number[], name: string) => expectTensor('rnnSequence', t, shape, name);
  if (units < 1 || steps < 1 || batch < 1) throw new Error(`rnnSequence: xw must be [steps, batch, units], got [${xw.shape.join(', ')}]`);
  expect(recurrentKernel, [units, units], 'recurrentKernel');
  expect(h0, [batch, units], 'h0');
  if (mask) expect(mask, [steps, batch], 'mask');
  register();
  const { id, param } = activationArgs(activation, 'rnnSequence');
  const stepMask = mask ?? tf.ones([steps, batch]);
  const attrs = { act: id, param } as unknown as NamedAttrMap;
  const h = sequenceWithGradient(FORWARD, { xw, recurrentKernel, h0, mask: stepMask }, attrs, gradients(attrs));
  if (!mask) stepMask.dispose();
  return h as tf.Tensor3D;
}
