// Shared by the kernel tests: runs a kernel function on a chosen backend and compares it with the
// stock 'cpu' kernel captured before registerTrainingKernels() replaces anything.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { backend_util } from '@tensorflow/tfjs-core';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import type { Padding, Shape4D } from './conv-geometry.js';

const stockCpu = new Map<string, KernelFunc>();
for (const name of [
  'Conv2DBackpropFilter',
  'UnsortedSegmentSum',
  'DepthwiseConv2dNativeBackpropFilter',
  'DepthwiseConv2dNativeBackpropInput',
  'BatchMatMul',
  'Reverse',
  'GatherV2',
  'Sum',
  'MaxPoolGrad',
  'Conv2D',
  'FusedConv2D',
]) {
  const k = tf.getKernel(name, 'cpu');
  if (k) stockCpu.set(name, k.kernelFunc);
}
const stockWasm = new Map<string, KernelFunc>();
for (const name of ['BatchMatMul', 'Sum', 'MaxPoolGrad', 'Conv2D', 'Equal']) {
  const k = tf.getKernel(name, 'wasm');
  if (k) stockWasm.set(name, k.kernelFunc);
}

/** tfjs-wasm's own kernel `name`, captured before registerTrainingKernels() wraps it. */
export function stockWasmKernel(name: string): KernelFunc {
  const k = stockWasm.get(name);
  assert.ok(k, `tfjs-backend-wasm has no stock ${name}`);
  return k;
}

export interface HostTensor {
  values: number[] | Float32Array | Int32Array;
  shape: number[];
  dtype?: 'float32' | 'int32';
}

/** Deterministic values in [-1, 1), with a share of exact zeros as after ReLU. */
export function randomValues(n: number, seed: number, zeroShare = 0.2): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const u = s / 2 ** 32;
    out[i] = u < zeroShare ? 0 : u * 2 - 1;
  }
  return out;
}

async function onBackend(backendName: string): Promise<void> {
  if (tf.getBackend() !== backendName) {
    assert.ok(await tf.setBackend(backendName), `backend ${backendName} did not initialise`);
    await tf.ready();
  }
}

/** Runs kernelFunc directly (not through the registry) on backendName and returns its result's values. */
export async function runKernelFunc(
  backendName: string,
  kernelFunc: KernelFunc,
  inputs: Record<string, HostTensor>,
  attrs: NamedAttrMap,
): Promise<{ values: Float32Array | Int32Array; shape: number[] }> {
  await onBackend(backendName);
  const dataIdsBefore = tf.backend().numDataIds();
  const tensors: Record<string, tf.Tensor> = {};
  for (const [name, t] of Object.entries(inputs)) tensors[name] = tf.tensor(t.values, t.shape, t.dtype ?? 'float32');
  try {
    const info = kernelFunc({ inputs: tensors, backend: tf.backend(), attrs }) as TensorInfo;
    const result = tf.engine().makeTensorFromTensorInfo(info);
    const values = result.dataSync() as Float32Array | Int32Array;
    const shape = result.shape.slice();
    result.dispose();
    return { values: values.slice(), shape };
  } finally {
    tf.dispose(Object.values(tensors));
    // A kernel that forgets an intermediate leaks backend memory that tfjs's tensor count never sees.
    assert.equal(tf.backend().numDataIds(), dataIdsBefore, 'the kernel leaked backend buffers');
  }
}

/** Runs the op through the kernel registry (whatever is registered now) on backendName. */
export async function runRegistered(
  backendName: string,
  kernelName: string,
  inputs: Record<string, HostTensor>,
  attrs: NamedAttrMap,
): Promise<{ values: Float32Array | Int32Array; shape: number[] }> {
  const k = tf.getKernel(kernelName, backendName);
  assert.ok(k, `no ${kernelName} kernel registered for ${backendName}`);
  return runKernelFunc(backendName, k.kernelFunc, inputs, attrs);
}

export async function runStockCpu(
  kernelName: string,
  inputs: Record<string, HostTensor>,
  attrs: NamedAttrMap,
): Promise<{ values: Float32Array | Int32Array; shape: number[] }> {
  const k = stockCpu.get(kernelName);
  assert.ok(k, `tfjs-backend-cpu has no stock ${kernelName}`);
  return runKernelFunc('cpu', k, inputs, attrs);
}

/** |got − want| ≤ rtol·max|want| + 1e-6 everywhere: sums of products cancel, so per-element relative error is meaningless near zero. */
export function assertClose(
  got: { values: ArrayLike<number>; shape: number[] },
  want: { values: ArrayLike<number>; shape: number[] },
  label: string,
  rtol = 1e-4,
): void {
  assert.deepEqual(got.shape, want.shape, `${label}: shape`);
  assert.equal(got.values.length, want.values.length, `${label}: size`);
  let scale = 0;
  for (let i = 0; i < want.values.length; i++) scale = Math.max(scale, Math.abs(want.values[i] as number));
  const tol = rtol * scale + 1e-6;
  for (let i = 0; i < want.values.length; i++) {
    const d = Math.abs((got.values[i] as number) - (want.values[i] as number));
    if (!(d <= tol)) assert.fail(`${label}: element ${i} is ${got.values[i]}, expected ${want.values[i]} (|diff| ${d} > ${tol})`);
  }
}

/** One convolution the conv-gradient kernel tests run: input and filter shapes and the conv's attributes. */
export interface ConvCase {
  name: string;
  x: Shape4D;
  filter: Shape4D;
  strides: number | [number, number];
  pad: Padding;
  dataFormat?: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

function convOutShape(c: ConvCase): number[] {
  const format = backend_util.convertConv2DDataFormat(c.dataFormat ?? 'NHWC');
  return backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad, c.dimRoundingMode, false, format).outShape;
}

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

function convAttrs(c: ConvCase, shapeAttr: Record<string, Shape4D>): NamedAttrMap {
  return {
    strides: c.strides,
    pad: c.pad,
    dataFormat: c.dataFormat ?? 'NHWC',
    dimRoundingMode: c.dimRoundingMode,
    ...shapeAttr,
  } as unknown as NamedAttrMap;
}

/** Conv2DBackpropFilter's inputs for `c`: random x (seed) and dy (seed + 1, no zeros). */
export function filterGradientInputs(c: ConvCase, seed: number): { inputs: Record<string, HostTensor>; attrs: NamedAttrMap } {
  const outShape = convOutShape(c);
  return {
    inputs: {
      x: { values: randomValues(size(c.x), seed), shape: c.x },
      dy: { values: randomValues(size(outShape), seed + 1, 0), shape: outShape },
    },
    attrs: convAttrs(c, { filterShape: c.filter }),
  };
}

/** Conv2DBackpropInput's inputs for `c`: random dy (seed) and filter (seed + 1), no zeros. */
export function inputGradientInputs(c: ConvCase, seed: number): { inputs: Record<string, HostTensor>; attrs: NamedAttrMap } {
  const outShape = convOutShape(c);
  return {
    inputs: {
      dy: { values: randomValues(size(outShape), seed, 0), shape: outShape },
      filter: { values: randomValues(size(c.filter), seed + 1, 0), shape: c.filter },
    },
    attrs: convAttrs(c, { inputShape: c.x }),
  };
}
