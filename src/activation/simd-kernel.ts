// The WASM SIMD fused activation kernels (src/backend/kernels/simd/activations.c, built by
// scripts/build-simd.sh into activations.wasm, which is kept in the repository so that a fresh
// install needs no C toolchain; the module lives with the training kernels, which share its
// formulas, and src/backend/kernels/wasm-modules.ts says where). On the WASM backend they run in place on tfjs-wasm's own heap;
// on the pure-JS backend, tensors are copied through a memory of their own (a copy costs ~0.1 ns
// per element, the JS loops they replace 2-30).
import * as tf from '@tensorflow/tfjs-core';
import { lazyWasmModule } from '../util/lazy-wasm-module.js';
import { activationKernelsPath, type SimdKernelRef } from '../backend/kernels/wasm-modules.js';
import { registerUnaryOp, type FusedBackend, type InfiniteLimits, type UnaryKernels } from './unary-op.js';

type ForwardExport = (x: number, y: number, n: number, pos: number, neg: number, param: number) => void;
type BackwardExport = (x: number, y: number, dy: number, dx: number, n: number, param: number) => void;

const activationKernels = lazyWasmModule(activationKernelsPath, 'the SIMD activation kernels');

/** Whether the SIMD kernels load here (the module exists and this engine has WASM SIMD). */
export function simdAvailable(): boolean {
  return activationKernels.module() !== null;
}

export function simdUnavailableReason(): string {
  return activationKernels.unavailableReason();
}

interface Instance {
  memory: WebAssembly.Memory;
  exports: Record<string, unknown>;
}

function instantiate(memory: WebAssembly.Memory): Instance {
  return { memory, exports: activationKernels.instantiate(memory).exports as Record<string, unknown> };
}

function exported<T>(instance: Instance, name: string): T {
  const fn = instance.exports[name];
  if (typeof fn !== 'function') throw new Error(`the SIMD module has no kernel '${name}'`);
  return fn as T;
}

// ---- WASM backend: zero-copy on tfjs-wasm's heap ----
interface WasmBackendInternals {
  wasm: { asm?: { memory?: WebAssembly.Memory } };
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
}

const heapInstances = new WeakMap<object, Instance>();

function heapInstance(backend: WasmBackendInternals): Instance {
  let instance = heapInstances.get(backend);
  if (!instance) {
    const memory = backend.wasm.asm?.memory;
    if (!(memory instanceof WebAssembly.Memory))
      throw new Error('tfjs-wasm does not expose its memory; the SIMD kernels cannot run on its heap');
    instance = instantiate(memory);
    heapInstances.set(backend, instance);
  }
  return instance;
}

function offsetOf(backend: WasmBackendInternals, info: tf.TensorInfo): number {
  const data = backend.dataIdMap.get(info.dataId);
  if (!data) throw new Error('tensor data not found on the wasm backend');
  return data.memoryOffset;
}

function heapKernels(ref: SimdKernelRef, limits: InfiniteLimits): UnaryKernels {
  const param = ref.param ?? 0;
  return {
    forward: ({ inputs, backend }) => {
      const wasm = backend as unknown as WasmBackendInternals;
      const x = inputs['x'] as tf.TensorInfo;
      const out = wasm.makeOutput(x.shape, 'float32');
      const instance = heapInstance(wasm);
      exported<ForwardExport>(instance, `${ref.kernel}_forward`)(
        offsetOf(wasm, x),
        offsetOf(wasm, out),
        tf.util.sizeFromShape(x.shape),
        limits.pos,
        limits.neg,
        param,
      );
      return out;
    },
    backward: ({ inputs, backend }) => {
      const wasm = backend as unknown as WasmBackendInternals;
      const { x, y, dy } = inputs as { x: tf.TensorInfo; y: tf.TensorInfo; dy: tf.TensorInfo };
      const out = wasm.makeOutput(x.shape, 'float32');
      const instance = heapInstance(wasm);
      const n = tf.util.sizeFromShape(x.shape);
      exported<BackwardExport>(instance, `${ref.kernel}_backward`)(
        offsetOf(wasm, x),
        offsetOf(wasm, y),
        offsetOf(wasm, dy),
        offsetOf(wasm, out),
        n,
        param,
      );
      return out;
    },
  };
}

// ---- JS backend: through a memory of the kernels' own ----
interface CpuBackendInternals {
  data: { get(dataId: object): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): tf.TensorInfo;
}

let ownInstance: Instance | undefined;

/** The standalone instance, its memory grown to hold `floats` float32 values from offset 0. */
function scratchInstance(floats: number): Instance {
  ownInstance ??= instantiate(new WebAssembly.Memory({ initial: 1 }));
  const needed = floats * 4;
  const have = ownInstance.memory.buffer.byteLength;
  if (needed > have) ownInstance.memory.grow(Math.ceil((needed - have) / 65536));
  return ownInstance;
}

/** Runs `call` with `inputs` copied into scratch memory; returns a copy of the output. */
function throughScratch(inputs: Float32Array[], call: (instance: Instance, offsets: number[], n: number) => void): Float32Array {
  const n = inputs[0]!.length;
  // 16-byte aligned slots for each input and the output.
  const slot = Math.ceil(n / 4) * 4;
  const instance = scratchInstance(slot * (inputs.length + 1));
  const offsets = inputs.map((_, i) => i * slot * 4);
  inputs.forEach((values, i) => new Float32Array(instance.memory.buffer, offsets[i], n).set(values));
  const outOffset = inputs.length * slot * 4;
  call(instance, [...offsets, outOffset], n);
  return new Float32Array(instance.memory.buffer, outOffset, n).slice();
}

function scratchKernels(ref: SimdKernelRef, limits: InfiniteLimits): UnaryKernels {
  const param = ref.param ?? 0;
  const values = (backend: CpuBackendInternals, info: tf.TensorInfo): Float32Array => backend.data.get(info.dataId).values;
  return {
    forward: ({ inputs, backend }) => {
      const cpu = backend as unknown as CpuBackendInternals;
      const x = inputs['x'] as tf.TensorInfo;
      const y = throughScratch([values(cpu, x)], (instance, [xo, yo], n) =>
        exported<ForwardExport>(instance, `${ref.kernel}_forward`)(xo!, yo!, n, limits.pos, limits.neg, param),
      );
      return cpu.makeTensorInfo(x.shape, 'float32', y);
    },
    backward: ({ inputs, backend }) => {
      const cpu = backend as unknown as CpuBackendInternals;
      const { x, y, dy } = inputs as { x: tf.TensorInfo; y: tf.TensorInfo; dy: tf.TensorInfo };
      const dx = throughScratch([values(cpu, x), values(cpu, y), values(cpu, dy)], (instance, [xo, yo, dyo, dxo], n) =>
        exported<BackwardExport>(instance, `${ref.kernel}_backward`)(xo!, yo!, dyo!, dxo!, n, param),
      );
      return cpu.makeTensorInfo(x.shape, 'float32', dx);
    },
  };
}

const registered = new Map<string, (x: tf.Tensor) => tf.Tensor>();

/** Registers (once) and returns the SIMD fused op for an activation. */
export function simdOp(activationName: string, ref: SimdKernelRef, limits: InfiniteLimits): (x: tf.Tensor) => tf.Tensor {
  const existing = registered.get(activationName);
  if (existing) return existing;
  const kernelName = `ActbenchSimd_${activationName.replace(/[^A-Za-z0-9]/g, '_')}`;
  const op = registerUnaryOp(kernelName, (backendName: FusedBackend) =>
    backendName === 'wasm' ? heapKernels(ref, limits) : scratchKernels(ref, limits),
  );
  registered.set(activationName, op);
  return op;
}
