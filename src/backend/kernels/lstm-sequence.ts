// lstmSequence: an LSTM layer's whole recurrence as one op with one backward op, on the 'wasm' and
// 'cpu' backends (simd/training-kernels.c). tfjs-layers runs the same recurrence as ~100 small
// ops per time step, forward and backward, and their overhead, not the arithmetic, sets the pace.
//
// In: xw [T, B, 4U] = x·W + b for every step (one large matMul, done by the caller), the recurrent
// kernel R [U, 4U], the initial state h0, c0 [B, U], and optionally a mask [T, B] (1 = the step is
// taken, 0 = state and output carry over, tfjs-layers' rule for masked steps; no mask = all
// taken). Out: h [T, B, U], time-major. Gate blocks of z = xw_t + h_{t−1}·R: i, f, then the
// candidate g and the output gate o in `order`. The gates' activation is the logistic sigmoid and
// the cell's (candidate and output) tanh unless others are given: any elementwise activation with
// a SIMD kernel in RECURRENT_ACTIVATIONS (recurrent-ops.ts). Gradients reach xw, R, h0 and c0.
import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { SimdKernelRef } from './wasm-modules.js';
import { activationArgs, expectTensor, lazyRegistration, recurrentKernelGradient, sequenceWithGradient } from './recurrent-ops.js';
import { runOnBackend, trainingKernelsAvailable, trainingKernelsExports } from './training-simd.js';

const FORWARD = 'ActbenchLstmForward';
const BACKWARD = 'ActbenchLstmBackward';

/** Where the candidate and output-gate blocks sit: Keras/tfjs-layers 'ifgo', actbench's ActivationLSTMCell 'ifog'. */
export type GateOrder = 'ifgo' | 'ifog';

export interface LstmActivations {
  /** The input, forget and output gates'. */
  gate: SimdKernelRef;
  /** The candidate's and the output's. */
  cell: SimdKernelRef;
}

const STANDARD: LstmActivations = { gate: { kernel: 'sigmoid' }, cell: { kernel: 'tanh' } };

interface Attrs {
  gBlock: number;
  oBlock: number;
  gateAct: number;
  gateParam: number;
  cellAct: number;
  cellParam: number;
}

function attrsFor(order: GateOrder, activations: LstmActivations): Attrs {
  const gate = activationArgs(activations.gate, 'lstmSequence');
  const cell = activationArgs(activations.cell, 'lstmSequence');
  const placement = order === 'ifgo' ? { gBlock: 2, oBlock: 3 } : { gBlock: 3, oBlock: 2 };
  return { ...placement, gateAct: gate.id, gateParam: gate.param, cellAct: cell.id, cellParam: cell.param };
}

function dims(xw: TensorInfo): { steps: number; batch: number; units: number } {
  const [steps, batch, u4] = xw.shape as [number, number, number];
  return { steps, batch, units: u4 / 4 };
}

// ---- forward ----
function forwardKernel(backendName: 'wasm' | 'cpu'): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const a = attrs as unknown as Attrs;
    const { xw, recurrentKernel, h0, c0, mask } = inputs as Record<string, TensorInfo>;
    const ins = [xw!, recurrentKernel!, h0!, c0!, mask!];
    const { steps, batch, units } = dims(xw!);
    const outShapes = [
      [steps, batch, units],
      [steps, batch, units],
      [steps, batch, 4 * units],
      [steps, batch, 4 * units],
    ];
    const scratch = trainingKernelsExports().lstm_forward_scratch(batch, units);
    return runOnBackend(backendName, backend, ins, outShapes, [scratch], (kernels, at, outAt, scratchAt) =>
      kernels.lstm_forward(
        steps,
        batch,
        units,
        a.gBlock,
        a.oBlock,
        a.gateAct,
        a.gateParam,
        a.cellAct,
        a.cellParam,
        at[0]!,
        at[1]!,
        at[2]!,
        at[3]!,
        at[4]!,
        outAt[0]!,
        outAt[1]!,
        outAt[2]!,
        outAt[3]!,
        scratchAt[0]!,
      ),
    );
  };
}

// ---- backward ----
function backwardKernel(backendName: 'wasm' | 'cpu'): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const a = attrs as unknown as Attrs;
    const { dh, recurrentKernel, c0, c, pre, gates, mask } = inputs as Record<string, TensorInfo>;
    const { steps, batch, units } = dims(gates!);
    const ins = [recurrentKernel!, c0!, c!, pre!, gates!, dh!, mask!];
    const outShapes = [
      [steps, batch, 4 * units],
      [batch, units],
      [batch, units],
    ];
    const scratch = trainingKernelsExports().lstm_backward_scratch(batch, units);
    return runOnBackend(backendName, backend, ins, outShapes, [scratch], (kernels, at, outAt, scratchAt) =>
      kernels.lstm_backward(
        steps,
        batch,
        units,
        a.gBlock,
        a.oBlock,
        a.gateAct,
        a.gateParam,
        a.cellAct,
        a.cellParam,
        at[0]!,
        at[1]!,
        at[6]!,
        at[2]!,
        at[3]!,
        at[4]!,
        at[5]!,
        outAt[0]!,
        outAt[1]!,
        outAt[2]!,
        scratchAt[0]!,
      ),
    );
  };
}

/** dxw = dz; dR = Σ_t h_{t−1}ᵀ·dz_t, one product over all steps; dh0, dc0 from the kernel. */
function gradients(attrs: NamedAttrMap) {
  return (dh: tf.Tensor, inputs: Record<string, tf.Tensor>, outputs: tf.Tensor[]): Record<string, tf.Tensor> => {
    const { recurrentKernel, h0, c0, mask } = inputs;
    const [h, c, pre, gates] = outputs;
    const backwardInputs: tf.NamedTensorMap = {
      dh,
      recurrentKernel: recurrentKernel!,
      c0: c0!,
      c: c!,
      pre: pre!,
      gates: gates!,
      mask: mask!,
    };
    const [dz, dh0, dc0] = tf.engine().runKernel(BACKWARD, backwardInputs, attrs) as tf.Tensor[];
    return { xw: dz!, recurrentKernel: recurrentKernelGradient(h0!, h!, dz!), h0: dh0!, c0: dc0! };
  };
}

const register = lazyRegistration(FORWARD, BACKWARD, (backendName) => ({
  forward: forwardKernel(backendName),
  backward: backwardKernel(backendName),
}));

/** Whether lstmSequence runs on the active backend (the SIMD module loads, and the backend is 'wasm' or 'cpu'). */
export function lstmSequenceAvailable(): boolean {
  const backend = tf.getBackend();
  return (backend === 'wasm' || backend === 'cpu') && trainingKernelsAvailable();
}

export interface LstmSequenceOptions {
  /** Default: sigmoid gates, tanh cell. */
  activations?: LstmActivations;
  /** [T, B], float32 1 where the step is taken and 0 where state and output carry over. */
  mask?: tf.Tensor2D;
}

export function lstmSequence(
  xw: tf.Tensor3D,
  recurrentKernel: tf.Tensor2D,
  h0: tf.Tensor2D,
  c0: tf.Tensor2D,
  order: GateOrder = 'ifgo',
  options: LstmSequenceOptions = {},
): tf.Tensor3D {
  const [steps, batch, u4] = xw.shape;
  const units = u4 / 4;
  const expect = (t: tf.Tensor, shape: number[], name: string) => expectTensor('lstmSequence', t, shape, name);
  if (!Number.isInteger(units) || units < 1 || steps < 1 || batch < 1)
    throw new Error(`lstmSequence: xw must be [steps, batch, 4·units], got [${xw.shape.join(', ')}]`);
  expect(xw, [steps, batch, u4], 'xw');
  expect(recurrentKernel, [units, u4], 'recurrentKernel');
  expect(h0, [batch, units], 'h0');
  expect(c0, [batch, units], 'c0');
  if (options.mask) expect(options.mask, [steps, batch], 'mask');
  register();
  const attrs = attrsFor(order, options.activations ?? STANDARD) as unknown as NamedAttrMap;
  // Unmasked, every step is taken: a mask of ones (T·B floats) keeps the kernel's inputs fixed.
  const mask = options.mask ?? tf.ones([steps, batch]);
  const h = sequenceWithGradient(FORWARD, { xw, recurrentKernel, h0, c0, mask }, attrs, gradients(attrs));
  if (!options.mask) mask.dispose();
  return h as tf.Tensor3D;
}
