// Side-by-side timings of the faster training kernels (FAST_KERNELS) against the stock ones, on
// the shapes of the benchmark's models (docs/performance.md quotes its output). Each pair runs
// alternately in one process; the figure is the fastest of several calls (op → dataSync →
// dispose), since on a shared machine interference only ever adds time.
// Run: node --import tsx src/bench/train-kernel-timings.ts [wasm|cpu]
import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { initBackend } from '../backend/backends.js';
import { conv2dBackpropFilterKernel } from '../backend/kernels/conv2d-backprop-filter.js';
import { simdConv2dBackpropFilterKernel } from '../backend/kernels/conv2d-backprop-filter-simd.js';
import { renderMarkdown } from '../output/table.js';

interface Pair {
  kernel: string;
  shape: string;
  inputs: () => Record<string, tf.Tensor>;
  attrs: NamedAttrMap;
  before: { label: string; run: KernelFunc };
  after: { label: string; run: KernelFunc };
}

function fastest(run: KernelFunc, inputs: Record<string, tf.Tensor>, attrs: NamedAttrMap, calls: number): number {
  let best = Infinity;
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    const out = run({ inputs, backend: tf.backend(), attrs }) as TensorInfo;
    const t = tf.engine().makeTensorFromTensorInfo(out);
    t.dataSync();
    best = Math.min(best, performance.now() - started);
    t.dispose();
  }
  return best;
}

function stock(kernelName: string, backend: string): KernelFunc {
  const k = tf.getKernel(kernelName, backend);
  if (!k) throw new Error(`no ${kernelName} on ${backend}`);
  return k.kernelFunc;
}

const CONV_LAYERS: {
  shape: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  pad: 'same' | 'valid';
}[] = [
  { shape: 'x 64×32×32×3, 3×3×3×32, same', x: [64, 32, 32, 3], filter: [3, 3, 3, 32], pad: 'same' },
  { shape: 'x 64×32×32×32, 3×3×32×32, same', x: [64, 32, 32, 32], filter: [3, 3, 32, 32], pad: 'same' },
  { shape: 'x 64×16×16×64, 3×3×64×64, same', x: [64, 16, 16, 64], filter: [3, 3, 64, 64], pad: 'same' },
  { shape: 'Conv1D x 32×1×400×100, 1×3×100×100, same', x: [32, 1, 400, 100], filter: [1, 3, 100, 100], pad: 'same' },
];

function pairs(backend: 'wasm' | 'cpu'): Pair[] {
  const list: Pair[] = [];
  for (const layer of CONV_LAYERS) {
    const [b, h, w] = layer.x;
    const outShape = [b, h, w, layer.filter[3]];
    list.push({
      kernel: 'Conv2DBackpropFilter',
      shape: layer.shape,
      inputs: () => ({ x: tf.randomNormal(layer.x), dy: tf.randomNormal(outShape) }),
      attrs: { strides: 1, pad: layer.pad, dataFormat: 'NHWC', filterShape: layer.filter } as unknown as NamedAttrMap,
      before:
        backend === 'wasm'
          ? { label: 'im2col + XNNPACK', run: conv2dBackpropFilterKernel('wasm', 'im2col-matmul') }
          : { label: 'direct JS loop', run: conv2dBackpropFilterKernel('cpu', 'direct') },
      after: { label: 'WASM SIMD', run: simdConv2dBackpropFilterKernel(backend, stock('Conv2DBackpropFilter', backend)) },
    });
  }
  return list;
}

async function main(): Promise<void> {
  const backendName = process.argv[2] === 'cpu' ? 'cpu' : 'wasm';
  const backend = await initBackend(backendName);
  process.stderr.write(`backend: ${backend.description}\n`);
  const rows: { kernel: string; shape: string; before: string; after: string; ratio: string }[] = [];
  for (const pair of pairs(backendName)) {
    const inputs = pair.inputs();
    const times = { before: Infinity, after: Infinity };
    // Alternating rounds, so that drifting load hits both sides alike.
    for (let round = 0; round < 3; round++) {
      times.before = Math.min(times.before, fastest(pair.before.run, inputs, pair.attrs, 2));
      times.after = Math.min(times.after, fastest(pair.after.run, inputs, pair.attrs, 2));
    }
    tf.dispose(Object.values(inputs));
    rows.push({
      kernel: pair.kernel,
      shape: pair.shape,
      before: `${pair.before.label}: ${times.before.toFixed(1)}`,
      after: `${pair.after.label}: ${times.after.toFixed(1)}`,
      ratio: (times.before / times.after).toFixed(2),
    });
    process.stderr.write(`${pair.kernel} ${pair.shape} done\n`);
  }
  process.stdout.write(
    renderMarkdown(
      [
        { header: 'kernel', value: (r) => r.kernel },
        { header: `shape (${backendName})`, value: (r) => r.shape },
        { header: 'before, ms', value: (r) => r.before },
        { header: 'after, ms', value: (r) => r.after },
        { header: 'speed-up', value: (r) => r.ratio, numeric: true },
      ],
      rows,
    ),
  );
}

await main();
