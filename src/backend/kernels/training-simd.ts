// Loads the WASM SIMD training kernels (simd/training-kernels.c, built by
// scripts/build-training-kernels.sh into the committed training-kernels.wasm) and runs them where
// the tensors live: on the 'wasm' backend in place on tfjs-wasm's heap (tensor memory offsets are
// the kernels' pointers), on 'cpu' in a memory of their own that tensors are copied into and out
// of. The module imports its memory and uses no stack, so one compiled module serves both.
import { util } from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { kernelIO, type SupportedBackendName } from './tensor-io.js';
import { lazyWasmModule } from '../../util/lazy-wasm-module.js';
import { trainingKernelsPath } from './wasm-modules.js';

/** The Winograd kernels' shared signature: geometry, the two operands, the output and scratch (addresses). */
type WinogradKernel = (
  batch: number,
  inHeight: number,
  inWidth: number,
  inChannels: number,
  outHeight: number,
  outWidth: number,
  outChannels: number,
  padTop: number,
  padLeft: number,
  first: number,
  second: number,
  out: number,
  scratch: number,
) => void;

export interface TrainingKernelExports {
  gemm_acc(m: number, n: number, k: number, a: number, b: number, c: number): void;
  column_sums(rows: number, columns: number, x: number, out: number): void;
  winograd_scratch(inChannels: number, outChannels: number): number;
  winograd_conv3x3: WinogradKernel;
  winograd_filter_grad_scratch(inChannels: number, outChannels: number): number;
  /** Its second operand is dy, its output the filter gradient. */
  winograd_filter_grad3x3: WinogradKernel;
  equal_mask(n: number, a: number, b: number, out: number): void;
  max_pool_grad(
    batch: number,
    inHeight: number,
    inWidth: number,
    channels: number,
    outHeight: number,
    outWidth: number,
    filterHeight: number,
    filterWidth: number,
    strideHeight: number,
    strideWidth: number,
    dilationHeight: number,
    dilationWidth: number,
    padTop: number,
    padLeft: number,
    x: number,
    dy: number,
    dx: number,
  ): void;
  matmul_scratch(m: number, n: number, k: number, transposeA: number, transposeB: number): number;
  matmul(m: number, n: number, k: number, transposeA: number, transposeB: number, a: number, b: number, c: number, scratch: number): void;
  recurrent_activation_count(): number;
  lstm_forward(
    steps: number,
    batch: number,
    units: number,
    gBlock: number,
    oBlock: number,
    gateAct: number,
    gateParam: number,
    cellAct: number,
    cellParam: number,
    xw: number,
    r: number,
    h0: number,
    c0: number,
    mask: number,
    h: number,
    c: number,
    pre: number,
    gates: number,
    scratch: number,
  ): void;
  lstm_forward_scratch(batch: number, units: number): number;
  lstm_backward_scratch(batch: number, units: number): number;
  rnn_forward(
    steps: number,
    batch: number,
    units: number,
    act: number,
    param: number,
    xw: number,
    r: number,
    h0: number,
    mask: number,
    h: number,
    pre: number,
    scratch: number,
  ): void;
  rnn_forward_scratch(batch: number, units: number): number;
  rnn_backward_scratch(batch: number, units: number): number;
  rnn_backward(
    steps: number,
    batch: number,
    units: number,
    act: number,
    param: number,
    r: number,
    mask: number,
    pre: number,
    h: number,
    dh: number,
    dz: number,
    dh0: number,
    scratch: number,
  ): void;
  lstm_backward(
    steps: number,
    batch: number,
    units: number,
    gBlock: number,
    oBlock: number,
    gateAct: number,
    gateParam: number,
    cellAct: number,
    cellParam: number,
    r: number,
    c0: number,
    mask: number,
    c: number,
    pre: number,
    gates: number,
    dh: number,
    dz: number,
    dh0: number,
    dc0: number,
    scratch: number,
  ): void;
  conv2d_filter_grad(
    batch: number,
    inH: number,
    inW: number,
    ci: number,
    outH: number,
    outW: number,
    co: number,
    fh: number,
    fw: number,
    sh: number,
    sw: number,
    dh: number,
    dw: number,
    padTop: number,
    padLeft: number,
    x: number,
    dy: number,
    dfilter: number,
  ): void;
}

const trainingKernels = lazyWasmModule(trainingKernelsPath, 'the SIMD training kernels');

/** Whether the kernels load here (the module is present and this engine has WASM SIMD). */
export function trainingKernelsAvailable(): boolean {
  return trainingKernels.module() !== null;
}

export function trainingKernelsUnavailableReason(): string {
  return trainingKernels.unavailableReason();
}

function instantiate(memory: WebAssembly.Memory): TrainingKernelExports {
  return trainingKernels.instantiate(memory).exports as unknown as TrainingKernelExports;
}

// ---- 'wasm': on tfjs-wasm's heap ----
interface WasmBackendInternals {
  wasm: { asm?: { memory?: WebAssembly.Memory } };
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
}

const heapInstances = new WeakMap<object, TrainingKernelExports>();

/** The kernels on this tfjs-wasm backend's heap, and each tensor's address there. */
export function onWasmHeap(backend: object): { kernels: TrainingKernelExports; address: (t: TensorInfo) => number } {
  const wasm = backend as WasmBackendInternals;
  let kernels = heapInstances.get(backend);
  if (!kernels) {
    const memory = wasm.wasm.asm?.memory;
    if (!(memory instanceof WebAssembly.Memory))
      throw new Error('tfjs-wasm does not expose its memory; the SIMD training kernels cannot run on its heap');
    kernels = instantiate(memory);
    heapInstances.set(backend, kernels);
  }
  return {
    kernels,
    address: (t) => {
      const data = wasm.dataIdMap.get(t.dataId);
      if (!data) throw new Error('tensor data not found on the wasm backend');
      return data.memoryOffset;
    },
  };
}

/** The kernels in a memory of their own, for their pure functions (sizes of scratch). */
export function trainingKernelsExports(): TrainingKernelExports {
  return ownMemory().kernels;
}

// ---- 'cpu': a memory of the kernels' own ----
let own: { kernels: TrainingKernelExports; memory: WebAssembly.Memory } | undefined;

function ownMemory(): { kernels: TrainingKernelExports; memory: WebAssembly.Memory } {
  if (!own) {
    const memory = new WebAssembly.Memory({ initial: 1 });
    own = { kernels: instantiate(memory), memory };
  }
  return own;
}

/**
 * Lays out `floats[i]` float32 slots (16-byte aligned) in the kernels' own memory, grown as
 * needed, and returns their addresses and a view of each. Views are taken after growing, so they
 * stay valid until the next call.
 */
export function scratchSlots(floats: number[]): { kernels: TrainingKernelExports; addresses: number[]; views: Float32Array[] } {
  const { kernels, memory } = ownMemory();
  const addresses: number[] = [];
  // Nothing at address 0: C may assume a pointer there is null and compile the loads away.
  let end = 64;
  for (const n of floats) {
    addresses.push(end);
    end += Math.ceil(n / 4) * 16;
  }
  const have = memory.buffer.byteLength;
  if (end > have) memory.grow(Math.ceil((end - have) / 65536));
  const views = floats.map((n, i) => new Float32Array(memory.buffer, addresses[i], n));
  return { kernels, addresses, views };
}

// ---- either backend ----

/**
 * Runs a kernel of the SIMD module over `ins`, into fresh outputs of `outShapes`, with scratch
 * buffers of `scratch` floats: in place on tfjs-wasm's heap, or on 'cpu' through the module's own
 * memory (inputs copied in, outputs copied out).
 */
export function runOnBackend(
  backendName: SupportedBackendName,
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
  const inValues = ins.map((t) => io.view(t));
  const { kernels, addresses, views } = scratchSlots([
    ...inValues.map((v) => v.length),
    ...outShapes.map((shape) => util.sizeFromShape(shape)),
    ...scratch,
  ]);
  inValues.forEach((values, i) => views[i]!.set(values));
  const outAt = addresses.slice(ins.length, ins.length + outs.length);
  run(kernels, addresses.slice(0, ins.length), outAt, addresses.slice(ins.length + outs.length));
  outs.forEach((t, i) => io.view(t).set(views[ins.length + i]!));
  return outs;
}
