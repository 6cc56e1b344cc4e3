// lstmSequence: an LSTM layer's whole recurrence as one op with one backward op, on the 'wasm' and
// 'cpu' backends (simd/training-kernels.c). tfjs-layers runs the same recurrence as ~100 small
// ops per time step, forward and backward, and their overhead, not the arithmetic, sets the pace.
//
// In: xw [T, B, 4U] = x·W + b for every step (one large matMul, done by the caller), the recurrent
// kernel R [U, 4U], the initial state h0, c0 [B, U]. Out: h [T, B, U], time-major. Gate blocks of
// z = xw_t + h_{t−1}·R: i, f, then the candidate g and the output gate o in `order`; gates are the
// logistic sigmoid, the candidate and output nonlinearity tanh. Gradients reach xw, R, h0 and c0.
import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { onWasmHeap, scratchSlots, trainingKernelsAvailable } from './training-simd.js';

const FORWARD = 'ActbenchLstmForward';
const BACKWARD = 'ActbenchLstmBackward';

/** Where the candidate and output-gate blocks sit: Keras/tfjs-layers 'ifgo', actbench's ActivationLSTMCell 'ifog'. */
export type GateOrder = 'ifgo' | 'ifog';

interface Attrs {
  gBlock: number;
  oBlock: number;
}

function blocks(order: GateOrder): Attrs {
  return order === 'ifgo' ? { gBlock: 2, oBlock: 3 } : { gBlock: 3, oBlock: 2 };
}

function dims(xw: TensorInfo): { steps: number; batch: number; units: number } {
  const [steps, batch, u4] = xw.shape as [number, number, number];
  return { steps, batch, units: u4 / 4 };
}

interface CpuBackend {
  data: { get(dataId: object): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}

interface WasmBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  disposeData(dataId: object): void;
}

// ---- forward ----
const forwardWasm: KernelFunc = ({ inputs, backend, attrs }) => {
  const { xw, recurrentKernel, h0, c0 } = inputs as Record<string, TensorInfo>;
  const { gBlock, oBlock } = attrs as unknown as Attrs;
  const { steps, batch, units } = dims(xw!);
  const wasm = backend as unknown as WasmBackend;
  const h = wasm.makeOutput([steps, batch, units], 'float32');
  const c = wasm.makeOutput([steps, batch, units], 'float32');
  const gates = wasm.makeOutput([steps, batch, 4 * units], 'float32');
  const { kernels, address } = onWasmHeap(backend);
  kernels.lstm_forward(steps, batch, units, gBlock, oBlock, address(xw!), address(recurrentKernel!), address(h0!), address(c0!), address(h), address(c), address(gates));
  return [h, c, gates];
};

const forwardCpu: KernelFunc = ({ inputs, backend, attrs }) => {
  const { xw, recurrentKernel, h0, c0 } = inputs as Record<string, TensorInfo>;
  const { gBlock, oBlock } = attrs as unknown as Attrs;
  const { steps, batch, units } = dims(xw!);
  const cpu = backend as unknown as CpuBackend;
  const ins = [xw!, recurrentKernel!, h0!, c0!].map((t) => cpu.data.get(t.dataId).values);
  const outSizes = [steps * batch * units, steps * batch * units, steps * batch * 4 * units];
  const { kernels, addresses: a, views } = scratchSlots([...ins.map((v) => v.length), ...outSizes]);
  ins.forEach((values, i) => views[i]!.set(values));
  kernels.lstm_forward(steps, batch, units, gBlock, oBlock, a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!, a[6]!);
  return [
    cpu.makeTensorInfo([steps, batch, units], 'float32', views[4]!.slice()),
    cpu.makeTensorInfo([steps, batch, units], 'float32', views[5]!.slice()),
    cpu.makeTensorInfo([steps, batch, 4 * units], 'float32', views[6]!.slice()),
  ];
};

// ---- backward ----
function scratchFloats(batch: number, units: number): number {
  return 4 * units * units + batch * units;
}

const backwardWasm: KernelFunc = ({ inputs, backend, attrs }) => {
  const { dh, recurrentKernel, c0, c, gates } = inputs as Record<string, TensorInfo>;
  const { gBlock, oBlock } = attrs as unknown as Attrs;
  const { steps, batch, units } = dims(gates!);
  const wasm = backend as unknown as WasmBackend;
  const dz = wasm.makeOutput([steps, batch, 4 * units], 'float32');
  const dh0 = wasm.makeOutput([batch, units], 'float32');
  const dc0 = wasm.makeOutput([batch, units], 'float32');
  const scratch = wasm.makeOutput([scratchFloats(batch, units)], 'float32');
  const { kernels, address } = onWasmHeap(backend);
  kernels.lstm_backward(steps, batch, units, gBlock, oBlock, address(recurrentKernel!), address(c0!), address(c!), address(gates!), address(dh!), address(dz), address(dh0), address(dc0), address(scratch));
  wasm.disposeData(scratch.dataId);
  return [dz, dh0, dc0];
};

const backwardCpu: KernelFunc = ({ inputs, backend, attrs }) => {
  const { dh, recurrentKernel, c0, c, gates } = inputs as Record<string, TensorInfo>;
  const { gBlock, oBlock } = attrs as unknown as Attrs;
  const { steps, batch, units } = dims(gates!);
  const cpu = backend as unknown as CpuBackend;
  const ins = [recurrentKernel!, c0!, c!, gates!, dh!].map((t) => cpu.data.get(t.dataId).values);
  const outSizes = [steps * batch * 4 * units, batch * units, batch * units, scratchFloats(batch, units)];
  const { kernels, addresses: a, views } = scratchSlots([...ins.map((v) => v.length), ...outSizes]);
  ins.forEach((values, i) => views[i]!.set(values));
  kernels.lstm_backward(steps, batch, units, gBlock, oBlock, a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!, a[6]!, a[7]!, a[8]!);
  return [
    cpu.makeTensorInfo([steps, batch, 4 * units], 'float32', views[5]!.slice()),
    cpu.makeTensorInfo([batch, units], 'float32', views[6]!.slice()),
    cpu.makeTensorInfo([batch, units], 'float32', views[7]!.slice()),
  ];
};

/**
 * dxw = dz; dR = Σ_t h_{t−1}ᵀ·dz_t, one product over all steps; dh0, dc0 from the kernel. Only h
 * is an output of lstmSequence, so the gradients arriving for c and the gates are zeros and unused.
 */
const gradient: GradConfig = {
  kernelName: FORWARD,
  inputsToSave: ['recurrentKernel', 'h0', 'c0'],
  outputsToSave: [true, true, true],
  gradFunc: (dy, saved, attrs) => {
    const [dh] = dy as tf.Tensor[];
    const [recurrentKernel, h0, c0, h, c, gates] = saved as tf.Tensor[];
    const [dz, dh0, dc0] = tf.engine().runKernel(BACKWARD, { dh: dh!, recurrentKernel: recurrentKernel!, c0: c0!, c: c!, gates: gates! }, attrs as NamedAttrMap) as tf.Tensor[];
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
    };
  },
};

let registered = false;

function register(): void {
  if (registered) return;
  registered = true;
  tf.registerKernel({ kernelName: FORWARD, backendName: 'wasm', kernelFunc: forwardWasm });
  tf.registerKernel({ kernelName: FORWARD, backendName: 'cpu', kernelFunc: forwardCpu });
  tf.registerKernel({ kernelName: BACKWARD, backendName: 'wasm', kernelFunc: backwardWasm });
  tf.registerKernel({ kernelName: BACKWARD, backendName: 'cpu', kernelFunc: backwardCpu });
  tf.registerGradient(gradient);
}

/** Whether lstmSequence runs on the active backend (the SIMD module loads, and the backend is 'wasm' or 'cpu'). */
export function lstmSequenceAvailable(): boolean {
  const backend = tf.getBackend();
  return (backend === 'wasm' || backend === 'cpu') && trainingKernelsAvailable();
}

export function lstmSequence(xw: tf.Tensor3D, recurrentKernel: tf.Tensor2D, h0: tf.Tensor2D, c0: tf.Tensor2D, order: GateOrder = 'ifgo'): tf.Tensor3D {
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
  register();
  const [h, c, gates] = tf.engine().runKernel(FORWARD, { xw, recurrentKernel, h0, c0 }, blocks(order) as unknown as NamedAttrMap) as tf.Tensor[];
  // While gradients are recorded the engine keeps its own clones of c and the gates for the
  // backward pass; these handles are not needed.
  tf.dispose([c!, gates!]);
  return h as tf.Tensor3D;
}
