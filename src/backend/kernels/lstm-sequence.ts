// lstmSequence: an LSTM layer's whole recurrence as one op with one backward op, on the 'wasm' and
// 'cpu' backends (simd/training-kernels.c). tfjs-layers runs the same recurrence as ~100 small
// ops per time step, forward and backward, and their overhead, not the arithmetic, sets the pace.
//
// In: xw [T, B, 4U] = x·W + b for every step (one large matMul, done by the caller), the recurrent
// kernel R [U, 4U], the initial state h0, c0 [B, U], and optionally a mask [T, B] (1 = the step is
// taken, 0 = state and output carry over, tfjs-layers' rule for masked steps; no mask = all taken). Out: h [T, B, U],
// time-major. Gate blocks of z = xw_t + h_{t−1}·R: i, f, then the candidate g and the output gate
// o in `order`. The gates' activation is the logistic sigmoid and the cell's (candidate and output)
// tanh unless others are given: any elementwise activation with a SIMD kernel in LSTM_ACTIVATIONS.
// Gradients reach xw, R, h0 and c0.
import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import type { SimdKernelRef } from '../../activation/types.js';
import { kernelIO } from './tensor-io.js';
import { onWasmHeap, scratchSlots, trainingKernelsAvailable, trainingKernelsExports, type TrainingKernelExports } from './training-simd.js';

const FORWARD = 'ActbenchLstmForward';
const BACKWARD = 'ActbenchLstmBackward';

/** Where the candidate and output-gate blocks sit: Keras/tfjs-layers 'ifgo', actbench's ActivationLSTMCell 'ifog'. */
export type GateOrder = 'ifgo' | 'ifog';

/**
 * The SIMD kernels (activation-formulas.h) the LSTM applies, in the order of ACTIVATION_LIST in
 * training-kernels.c: a kernel's position is its id there.
 */
export const LSTM_ACTIVATIONS = [
  'sigmoid', 'tanh', 'penalized_tanh', 'softsign', 'swish', 'gelu', 'gelu_tanh', 'mish', 'relu', 'leaky_relu', 'relu6',
  'softplus', 'elu', 'selu', 'hard_sigmoid', 'hard_swish', 'cube', 'sin', 'cosid', 'minsin', 'arctid', 'maxsig', 'maxtanh',
] as const;

export interface LstmActivations {
  /** The input, forget and output gates'. */
  gate: SimdKernelRef;
  /** The candidate's and the output's. */
  cell: SimdKernelRef;
}

const STANDARD: LstmActivations = { gate: { kernel: 'sigmoid' }, cell: { kernel: 'tanh' } };

/** Whether the LSTM kernels can apply this activation. */
export function lstmSupports(ref: SimdKernelRef | undefined): ref is SimdKernelRef {
  return ref !== undefined && (LSTM_ACTIVATIONS as readonly string[]).includes(ref.kernel);
}

interface Attrs {
  gBlock: number;
  oBlock: number;
  gateAct: number;
  gateParam: number;
  cellAct: number;
  cellParam: number;
}

function attrsFor(order: GateOrder, activations: LstmActivations): Attrs {
  const id = (ref: SimdKernelRef) => {
    const at = (LSTM_ACTIVATIONS as readonly string[]).indexOf(ref.kernel);
    if (at < 0) throw new Error(`lstmSequence: no LSTM kernel for activation kernel '${ref.kernel}'`);
    return at;
  };
  const placement = order === 'ifgo' ? { gBlock: 2, oBlock: 3 } : { gBlock: 3, oBlock: 2 };
  return { ...placement, gateAct: id(activations.gate), gateParam: activations.gate.param ?? 0, cellAct: id(activations.cell), cellParam: activations.cell.param ?? 0 };
}

function dims(xw: TensorInfo): { steps: number; batch: number; units: number } {
  const [steps, batch, u4] = xw.shape as [number, number, number];
  return { steps, batch, units: u4 / 4 };
}

/**
 * Runs a kernel of the SIMD module over `ins`, into fresh outputs of `outShapes`, with scratch
 * buffers of `scratch` floats: in place on tfjs-wasm's heap, or on 'cpu' through the module's own
 * memory (inputs copied in, outputs copied out).
 */
function runOnBackend(
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

// ---- forward ----
function forwardKernel(backendName: 'wasm' | 'cpu'): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const a = attrs as unknown as Attrs;
    const { xw, recurrentKernel, h0, c0, mask } = inputs as Record<string, TensorInfo>;
    const ins = [xw!, recurrentKernel!, h0!, c0!, mask!];
    const { steps, batch, units } = dims(xw!);
    const outShapes = [[steps, batch, units], [steps, batch, units], [steps, batch, 4 * units], [steps, batch, 4 * units]];
    return runOnBackend(backendName, backend, ins, outShapes, [], (kernels, at, outAt) =>
      kernels.lstm_forward(steps, batch, units, a.gBlock, a.oBlock, a.gateAct, a.gateParam, a.cellAct, a.cellParam, at[0]!, at[1]!, at[2]!, at[3]!, at[4]!, outAt[0]!, outAt[1]!, outAt[2]!, outAt[3]!),
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
    const outShapes = [[steps, batch, 4 * units], [batch, units], [batch, units]];
    const scratch = trainingKernelsExports().lstm_backward_scratch(batch, units);
    return runOnBackend(backendName, backend, ins, outShapes, [scratch], (kernels, at, outAt, scratchAt) =>
      kernels.lstm_backward(steps, batch, units, a.gBlock, a.oBlock, a.gateAct, a.gateParam, a.cellAct, a.cellParam, at[0]!, at[1]!, at[6]!, at[2]!, at[3]!, at[4]!, at[5]!, outAt[0]!, outAt[1]!, outAt[2]!, scratchAt[0]!),
    );
  };
}

/**
 * dxw = dz; dR = Σ_t h_{t−1}ᵀ·dz_t, one product over all steps; dh0, dc0 from the kernel. Only h
 * is an output of lstmSequence, so the gradients arriving for c, pre and the gates are zeros and
 * unused.
 */
const gradient: GradConfig = {
  kernelName: FORWARD,
  inputsToSave: ['recurrentKernel', 'h0', 'c0', 'mask'],
  outputsToSave: [true, true, true, true],
  gradFunc: (dy, saved, attrs) => {
    const [dh] = dy as tf.Tensor[];
    const [recurrentKernel, h0, c0, mask, h, c, pre, gates] = saved as tf.Tensor[];
    const inputs: tf.NamedTensorMap = { dh: dh!, recurrentKernel: recurrentKernel!, c0: c0!, c: c!, pre: pre!, gates: gates!, mask: mask! };
    const [dz, dh0, dc0] = tf.engine().runKernel(BACKWARD, inputs, attrs as NamedAttrMap) as tf.Tensor[];
    const [steps, batch, units] = h!.shape as [number, number, number];
    return {
      xw: () => dz!,
      recurrentKernel: () =>
        tf.tidy(() => {
          const previous = steps > 1 ? tf.concat([tf.reshape(h0!, [1, batch, units]), tf.slice(h!, [0, 0, 0], [steps - 1, batch, units])], 0) : tf.reshape(h0!, [1, batch, units]);
          return tf.matMul(tf.reshape(previous, [steps * batch, units]), tf.reshape(dz!, [steps * batch, 4 * units]), true, false);
        }),
      h0: () => dh0!,
      c0: () => dc0!,
      // Not differentiable; asked for only if a mask were computed from trainable weights.
      mask: () => tf.zerosLike(mask!),
    };
  },
};

let registered = false;

function register(): void {
  if (registered) return;
  registered = true;
  for (const backendName of ['wasm', 'cpu'] as const) {
    tf.registerKernel({ kernelName: FORWARD, backendName, kernelFunc: forwardKernel(backendName) });
    tf.registerKernel({ kernelName: BACKWARD, backendName, kernelFunc: backwardKernel(backendName) });
  }
  tf.registerGradient(gradient);
}

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

export function lstmSequence(xw: tf.Tensor3D, recurrentKernel: tf.Tensor2D, h0: tf.Tensor2D, c0: tf.Tensor2D, order: GateOrder = 'ifgo', options: LstmSequenceOptions = {}): tf.Tensor3D {
  const [steps, batch, u4] = xw.shape;
  const units = u4 / 4;
  const expect = (t: tf.Tensor, shape: number[], name: string) => {
    if (t.dtype !== 'float32' || t.shape.join() !== shape.join()) throw new Error(`lstmSequence: ${name} must be float32 [${shape.join(', ')}], got ${t.dtype} [${t.shape.join(', ')}]`);
  };
  if (!Number.isInteger(units) || units < 1 || steps < 1 || batch < 1) throw new Error(`lstmSequence: xw must be [steps, batch, 4·units], got [${xw.shape.join(', ')}]`);
  expect(xw, [steps, batch, u4], 'xw');
  expect(recurrentKernel, [units, u4], 'recurrentKernel');
  expect(h0, [batch, units], 'h0');
  expect(c0, [batch, units], 'c0');
  if (options.mask) expect(options.mask, [steps, batch], 'mask');
  register();
  const attrs = attrsFor(order, options.activations ?? STANDARD);
  // Unmasked, every step is taken: a mask of ones (T·B floats) keeps the kernel's inputs fixed.
  const mask = options.mask ?? tf.ones([steps, batch]);
  const [h, ...kept] = tf.engine().runKernel(FORWARD, { xw, recurrentKernel, h0, c0, mask }, attrs as unknown as NamedAttrMap) as tf.Tensor[];
  // While gradients are recorded the engine keeps its own clones of c, pre and the gates (and of
  // the mask) for the backward pass; these handles are not needed.
  tf.dispose(kept);
  if (!options.mask) mask.dispose();
  return h as tf.Tensor3D;
}
