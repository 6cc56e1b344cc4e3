// Times the training kernels in src/backend/kernels against the stock tfjs kernels and the
// alternatives considered, on the study's realistic shapes. Not a test: run by hand,
//   node --import tsx scripts/measure-kernels.ts [--quick]
// and copy the table into docs/kernels.md. The stock 'cpu' kernels are too slow for the full
// shapes (minutes), so they run on a smaller batch or vocabulary and are scaled linearly (marked).
import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { conv2dBackpropFilterKernel } from '../src/backend/kernels/conv2d-backprop-filter.js';
import { depthwiseBackpropFilterKernel, depthwiseBackpropInputKernel } from '../src/backend/kernels/depthwise-backprop.js';
import { unsortedSegmentSumKernel } from '../src/backend/kernels/unsorted-segment-sum.js';

const quick = process.argv.includes('--quick');
const REPEATS = quick ? 1 : 3;

function stock(name: string, backend: string): KernelFunc {
  const k = tf.getKernel(name, backend);
  if (!k) throw new Error(`no stock ${name} on ${backend}`);
  return k.kernelFunc;
}
// Captured before anything could replace them.
const STOCK_CPU_FILTER = stock('Conv2DBackpropFilter', 'cpu');
const STOCK_CPU_SEGMENT = stock('UnsortedSegmentSum', 'cpu');
const STOCK_CPU_DW_FILTER = stock('DepthwiseConv2dNativeBackpropFilter', 'cpu');
const STOCK_CPU_DW_INPUT = stock('DepthwiseConv2dNativeBackpropInput', 'cpu');

function random(shape: number[], dtype: 'float32' | 'int32' = 'float32', max = 1): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const v =
    dtype === 'int32'
      ? Int32Array.from({ length: n }, () => Math.floor(Math.random() * max))
      : Float32Array.from({ length: n }, () => Math.random() * 2 - 1);
  return tf.tensor(v, shape, dtype);
}

/** Median ms of op → read back → dispose, after one warm-up call. */
async function time(backend: string, kernelFunc: KernelFunc, make: () => Record<string, tf.Tensor>, attrs: NamedAttrMap): Promise<number> {
  await tf.setBackend(backend);
  await tf.ready();
  const inputs = make();
  const once = (): number => {
    const t0 = performance.now();
    const info = kernelFunc({ inputs, backend: tf.backend(), attrs }) as TensorInfo;
    const out = tf.engine().makeTensorFromTensorInfo(info);
    out.dataSync();
    out.dispose();
    return performance.now() - t0;
  };
  once();
  const runs = Array.from({ length: REPEATS }, once).sort((a, b) => a - b);
  tf.dispose(Object.values(inputs));
  return runs[Math.floor(runs.length / 2)] as number;
}

interface Row {
  what: string;
  shape: string;
  backend: string;
  impl: string;
  ms: number;
  note?: string;
}
const rows: Row[] = [];
function report(row: Row): void {
  rows.push(row);
  console.error(`${row.what} | ${row.shape} | ${row.backend} | ${row.impl} | ${row.ms.toFixed(1)}${row.note ? ` (${row.note})` : ''}`);
}

function convOperands(x: number[], filter: [number, number, number, number], strides: number, pad: 'same' | 'valid') {
  const info = tf.backend_util.computeConv2DInfo(x as [number, number, number, number], filter, strides, 1, pad);
  return {
    make: () => ({ x: random(x), dy: random(info.outShape) }),
    attrs: { strides, pad, dataFormat: 'NHWC', filterShape: filter } as unknown as NamedAttrMap,
    info,
  };
}

async function measureConvFilter(
  label: string,
  x: number[],
  filter: [number, number, number, number],
  strides: number,
  pad: 'same' | 'valid',
  stockBatch: number,
): Promise<void> {
  const shape = `x ${x.join('×')}, filter ${filter.join('×')}, ${pad}${strides > 1 ? ` stride ${strides}` : ''}`;
  const full = convOperands(x, filter, strides, pad);
  report({
    what: label,
    shape,
    backend: 'wasm',
    impl: 'ours: im2col + XNNPACK matMul (chosen)',
    ms: await time('wasm', conv2dBackpropFilterKernel('wasm', 'im2col-matmul'), full.make, full.attrs),
  });
  report({
    what: label,
    shape,
    backend: 'wasm',
    impl: 'ours: direct JS loop on the heap',
    ms: await time('wasm', conv2dBackpropFilterKernel('wasm', 'direct'), full.make, full.attrs),
  });
  report({
    what: label,
    shape,
    backend: 'cpu',
    impl: 'ours: direct JS loop (chosen)',
    ms: await time('cpu', conv2dBackpropFilterKernel('cpu', 'direct'), full.make, full.attrs),
  });
  report({
    what: label,
    shape,
    backend: 'cpu',
    impl: 'ours: im2col + stock JS matMul',
    ms: await time('cpu', conv2dBackpropFilterKernel('cpu', 'im2col-matmul'), full.make, full.attrs),
  });
  const small = convOperands([stockBatch, ...x.slice(1)], filter, strides, pad);
  const scale = (x[0] as number) / stockBatch;
  report({
    what: label,
    shape,
    backend: 'cpu',
    impl: 'stock tfjs',
    ms: scale * (await time('cpu', STOCK_CPU_FILTER, small.make, small.attrs)),
    note: `batch ${stockBatch} ×${scale}`,
  });
}

async function measureChunkSizes(): Promise<void> {
  const full = convOperands([64, 32, 32, 32], [3, 3, 32, 32], 1, 'same');
  for (const floats of [1 << 18, 1 << 20, 1 << 22]) {
    report({
      what: 'Conv2DBackpropFilter',
      shape: 'x 64×32×32×32, filter 3×3×32×32, same',
      backend: 'wasm',
      impl: `im2col scratch ${(floats * 4) / 2 ** 20} MB${floats === 1 << 20 ? ' (chosen)' : ''}`,
      ms: await time('wasm', conv2dBackpropFilterKernel('wasm', 'im2col-matmul', { chunkFloats: floats }), full.make, full.attrs),
    });
  }
}

async function measureSegmentSum(): Promise<void> {
  const [rows_, dim, vocab] = [32 * 50, 100, 5000];
  const shape = `x ${rows_}×${dim} (32×50 ids), ${vocab} segments`;
  const make = () => ({ x: random([rows_, dim]), segmentIds: random([rows_], 'int32', vocab) });
  const attrs = { numSegments: vocab } as NamedAttrMap;
  report({
    what: 'UnsortedSegmentSum',
    shape,
    backend: 'wasm',
    impl: 'ours: scatter-add (chosen)',
    ms: await time('wasm', unsortedSegmentSumKernel('wasm'), make, attrs),
  });
  report({
    what: 'UnsortedSegmentSum',
    shape,
    backend: 'cpu',
    impl: 'ours: scatter-add (chosen)',
    ms: await time('cpu', unsortedSegmentSumKernel('cpu'), make, attrs),
  });
  const fewer = 100;
  const makeFew = () => ({ x: random([rows_, dim]), segmentIds: random([rows_], 'int32', fewer) });
  const scale = vocab / fewer;
  report({
    what: 'UnsortedSegmentSum',
    shape,
    backend: 'cpu',
    impl: 'stock tfjs',
    ms: scale * (await time('cpu', STOCK_CPU_SEGMENT, makeFew, { numSegments: fewer } as NamedAttrMap)),
    note: `${fewer} segments ×${scale}`,
  });
}

async function measureDepthwise(): Promise<void> {
  const x: [number, number, number, number] = [64, 32, 32, 32];
  const filter: [number, number, number, number] = [3, 3, 32, 1];
  const shape = `x ${x.join('×')}, filter ${filter.join('×')}, same`;
  const info = tf.backend_util.computeConv2DInfo(x, filter, 1, 1, 'same', undefined, true);
  const common = { strides: 1, dilations: 1, pad: 'same' };
  const fMake = () => ({ x: random(x), dy: random(info.outShape) });
  const fAttrs = { ...common, filterShape: filter } as unknown as NamedAttrMap;
  const iMake = () => ({ dy: random(info.outShape), filter: random(filter) });
  const iAttrs = { ...common, inputShape: x } as unknown as NamedAttrMap;
  report({
    what: 'DepthwiseConv2dNativeBackpropFilter',
    shape,
    backend: 'wasm',
    impl: 'ours: direct loop (chosen)',
    ms: await time('wasm', depthwiseBackpropFilterKernel('wasm'), fMake, fAttrs),
  });
  report({
    what: 'DepthwiseConv2dNativeBackpropFilter',
    shape,
    backend: 'cpu',
    impl: 'ours: direct loop (chosen)',
    ms: await time('cpu', depthwiseBackpropFilterKernel('cpu'), fMake, fAttrs),
  });
  report({
    what: 'DepthwiseConv2dNativeBackpropFilter',
    shape,
    backend: 'cpu',
    impl: 'stock tfjs',
    ms: await time('cpu', STOCK_CPU_DW_FILTER, fMake, fAttrs),
  });
  report({
    what: 'DepthwiseConv2dNativeBackpropInput',
    shape,
    backend: 'wasm',
    impl: 'ours: direct loop (chosen)',
    ms: await time('wasm', depthwiseBackpropInputKernel('wasm'), iMake, iAttrs),
  });
  report({
    what: 'DepthwiseConv2dNativeBackpropInput',
    shape,
    backend: 'cpu',
    impl: 'ours: direct loop (chosen)',
    ms: await time('cpu', depthwiseBackpropInputKernel('cpu'), iMake, iAttrs),
  });
  report({
    what: 'DepthwiseConv2dNativeBackpropInput',
    shape,
    backend: 'cpu',
    impl: 'stock tfjs',
    ms: await time('cpu', STOCK_CPU_DW_INPUT, iMake, iAttrs),
  });
}

async function measureContext(): Promise<void> {
  const full = convOperands([64, 32, 32, 32], [3, 3, 32, 32], 1, 'same');
  const makeInput = () => ({ dy: random(full.info.outShape), filter: random([3, 3, 32, 32]) });
  const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', inputShape: [64, 32, 32, 32] } as unknown as NamedAttrMap;
  report({
    what: 'Conv2DBackpropInput (context)',
    shape: 'dy 64×32×32×32, filter 3×3×32×32, same',
    backend: 'wasm',
    impl: 'stock tfjs',
    ms: await time('wasm', stock('Conv2DBackpropInput', 'wasm'), makeInput, attrs),
  });
  const makeFwd = () => ({ x: random([64, 32, 32, 32]), filter: random([3, 3, 32, 32]) });
  report({
    what: 'Conv2D forward (context)',
    shape: 'x 64×32×32×32, filter 3×3×32×32, same',
    backend: 'wasm',
    impl: 'stock tfjs (XNNPACK)',
    ms: await time('wasm', stock('Conv2D', 'wasm'), makeFwd, {
      strides: 1,
      pad: 'same',
      dataFormat: 'NHWC',
      dilations: 1,
    } as unknown as NamedAttrMap),
  });
}

await measureConvFilter('Conv2DBackpropFilter', [64, 32, 32, 32], [3, 3, 32, 32], 1, 'same', 1);
await measureConvFilter('Conv2DBackpropFilter', [64, 32, 32, 3], [3, 3, 3, 32], 1, 'same', 4);
await measureConvFilter('Conv2DBackpropFilter (Conv1D on text)', [64, 1, 50, 100], [1, 3, 100, 100], 1, 'valid', 2);
await measureChunkSizes();
await measureSegmentSum();
await measureDepthwise();
await measureContext();

console.log('| kernel | shape | backend | implementation | ms |');
console.log('|---|---|---|---|---|');
for (const r of rows)
  console.log(
    `| ${r.what} | ${r.shape} | ${r.backend} | ${r.impl} | ${r.ms < 10 ? r.ms.toFixed(2) : r.ms.toFixed(0)}${r.note ? ` (scaled: ${r.note})` : ''} |`,
  );
