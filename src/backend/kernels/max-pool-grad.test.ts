// The max-pool gradient against tfjs-cpu's stock MaxPoolGrad, to the bit: non-overlapping 2×2
// pools (the CNNs'), overlapping 3×3 windows with stride 2 and 1 and 'same' padding (a position
// that is the maximum of several windows gets their sum), channel counts that are not a multiple
// of four (the scalar tail), ties (a fifth of the inputs are exact zeros: the first maximum takes
// the gradient), and windows of −∞ and NaN. Both backends; int32 goes to the wrapped kernel.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { assertClose, randomValues, runKernelFunc, runStockCpu, stockWasmKernel, type HostTensor } from './kernel-test-support.js';
import { maxPoolGradKernel } from './max-pool-grad.js';
import { CORRECTED_KERNELS, FAST_KERNELS, registerTrainingKernels } from './index.js';
import { spawnSync } from 'node:child_process';
import { packageRoot } from '../../util/package-root.js';

const unused: KernelFunc = () => assert.fail('a float32 max-pool gradient went to the fallback');

interface PoolCase {
  input: [number, number, number, number];
  filterSize: [number, number];
  strides: [number, number];
  pad: 'valid' | 'same';
}

function outSize(inSize: number, filter: number, stride: number, pad: 'valid' | 'same'): number {
  return pad === 'same' ? Math.ceil(inSize / stride) : Math.floor((inSize - filter) / stride) + 1;
}

function poolInputs(
  c: PoolCase,
  seed: number,
  patch?: (x: Float32Array) => void,
  zeroShare = 0.2,
): { inputs: Record<string, HostTensor>; attrs: NamedAttrMap } {
  const [batch, height, width, channels] = c.input;
  const outShape = [
    batch,
    outSize(height, c.filterSize[0], c.strides[0], c.pad),
    outSize(width, c.filterSize[1], c.strides[1], c.pad),
    channels,
  ];
  const x = randomValues(batch * height * width * channels, seed, zeroShare);
  patch?.(x);
  const dy = randomValues(
    outShape.reduce((a, b) => a * b, 1),
    seed + 1,
    0,
  );
  return {
    inputs: { dy: { values: dy, shape: outShape }, input: { values: x, shape: c.input } },
    attrs: { filterSize: c.filterSize, strides: c.strides, pad: c.pad },
  };
}

const CASES: PoolCase[] = [
  { input: [2, 8, 8, 8], filterSize: [2, 2], strides: [2, 2], pad: 'valid' },
  { input: [3, 7, 9, 5], filterSize: [2, 2], strides: [2, 2], pad: 'valid' },
  { input: [2, 9, 7, 6], filterSize: [3, 3], strides: [2, 2], pad: 'same' },
  { input: [1, 6, 6, 3], filterSize: [3, 3], strides: [1, 1], pad: 'same' },
  { input: [2, 10, 5, 4], filterSize: [3, 2], strides: [2, 1], pad: 'valid' },
  { input: [1, 5, 5, 1], filterSize: [2, 2], strides: [3, 3], pad: 'valid' },
];

describe('MaxPoolGrad', () => {
  before(() => registerTrainingKernels());

  CASES.forEach((c, i) => {
    it(`x [${c.input}], window ${c.filterSize.join('×')}, stride ${c.strides.join('×')}, ${c.pad}`, async () => {
      const { inputs, attrs } = poolInputs(c, 100 + i);
      const want = await runStockCpu('MaxPoolGrad', inputs, attrs);
      const cpu = await runKernelFunc('cpu', maxPoolGradKernel('cpu', unused), inputs, attrs);
      const wasm = await runKernelFunc('wasm', maxPoolGradKernel('wasm', unused), inputs, attrs);
      if (c.strides[0] >= c.filterSize[0] && c.strides[1] >= c.filterSize[1]) {
        // Each input in one window at most: the gradient is dy itself or 0, to the bit.
        assert.deepEqual(cpu, want, 'cpu');
        assert.deepEqual(wasm, want, 'wasm');
      } else {
        // tfjs-cpu adds a position's windows in float64, these in float32: the last bit may differ.
        assertClose(cpu, want, 'cpu', 1e-6);
        assertClose(wasm, want, 'wasm', 1e-6);
      }
    });
  });

  it('a window of −∞ passes nothing on, NaN is never the maximum, +∞ is', async () => {
    const c: PoolCase = { input: [1, 4, 4, 5], filterSize: [2, 2], strides: [2, 2], pad: 'valid' };
    const { inputs, attrs } = poolInputs(c, 7, (x) => {
      // Window (0, 0) all −∞ in every channel; window (0, 1) has NaN first in channel 0 and 4; window (1, 0) +∞ last in channel 2.
      for (const [y, xx] of [
        [0, 0],
        [0, 1],
        [1, 0],
        [1, 1],
      ] as const)
        for (let ch = 0; ch < 5; ch++) x[(y * 4 + xx) * 5 + ch] = -Infinity;
      x[(0 * 4 + 2) * 5 + 0] = NaN;
      x[(0 * 4 + 2) * 5 + 4] = NaN;
      x[(3 * 4 + 1) * 5 + 2] = Infinity;
    });
    const want = await runStockCpu('MaxPoolGrad', inputs, attrs);
    const got = await runKernelFunc('wasm', maxPoolGradKernel('wasm', unused), inputs, attrs);
    assert.deepEqual(got, want);
    // The all −∞ window's inputs get no gradient.
    for (let ch = 0; ch < 5; ch++) assert.equal(got.values[ch], 0);
    // The +∞ takes its window's gradient, in channel 2 (the scalar tail is channel 4 only).
    assert.equal(got.values[(3 * 4 + 1) * 5 + 2], (inputs['dy']!.values as Float32Array)[(1 * 2 + 0) * 5 + 2]);
  });

  it('agrees with tfjs-wasm’s own kernel on the reference CNN’s second pool, except where that one drops the gradient', async () => {
    // tfjs-wasm 4.22's MaxPoolGrad passes nothing through a window whose inputs are all negative
    // (about 1 in 16 windows of zero-mean inputs; so a CNN trained on wasm lost those gradients
    // behind any activation with negative outputs). This kernel gives them to the window's
    // maximum, as tfjs-cpu does (tested above); everywhere else the two agree to the bit.
    const c: PoolCase = { input: [4, 16, 16, 64], filterSize: [2, 2], strides: [2, 2], pad: 'valid' };
    const { inputs, attrs } = poolInputs(c, 3, undefined, 0);
    const stock = await runKernelFunc('wasm', stockWasmKernel('MaxPoolGrad'), inputs, attrs);
    const ours = await runKernelFunc('wasm', maxPoolGradKernel('wasm', unused), inputs, attrs);
    const x = inputs['input']!.values as Float32Array;
    let negativeWindows = 0;
    for (let b = 0; b < 4; b++)
      for (let oy = 0; oy < 8; oy++)
        for (let ox = 0; ox < 8; ox++)
          for (let ch = 0; ch < 64; ch++) {
            const window = [0, 1].flatMap((dy) => [0, 1].map((dx) => ((b * 16 + 2 * oy + dy) * 16 + 2 * ox + dx) * 64 + ch));
            if (window.every((i) => x[i]! < 0)) {
              negativeWindows++;
              assert.equal(window.filter((i) => ours.values[i] !== 0).length, 1, 'an all-negative window still passes its gradient on');
            } else for (const i of window) assert.equal(ours.values[i], stock.values[i]);
          }
    assert.ok(negativeWindows > 500, `${negativeWindows} all-negative windows`);
  });

  it('int32 goes to the wrapped kernel', async () => {
    let called = false;
    const fallback: KernelFunc = (args) => {
      called = true;
      return args.inputs['input'] as never;
    };
    const kernel = maxPoolGradKernel('cpu', fallback);
    const input: TensorInfo = { dataId: {}, shape: [1, 2, 2, 1], dtype: 'int32' };
    kernel({ inputs: { dy: input, input }, backend: {} as never, attrs: { filterSize: [2, 2], strides: [2, 2], pad: 'valid' } });
    assert.ok(called);
  });
});

describe('MaxPoolGrad on wasm is corrected even without the faster kernels', () => {
  it('is in CORRECTED_KERNELS, not among those ACTBENCH_NO_FAST_KERNELS=1 leaves out', () => {
    assert.ok(CORRECTED_KERNELS.some((k) => k.kernelName === 'MaxPoolGrad' && k.backendName === 'wasm'));
    assert.ok(!FAST_KERNELS.some((k) => k.kernelName === 'MaxPoolGrad' && k.backendName === 'wasm'));
  });

  it('passes the gradient of an all-negative window in a process with ACTBENCH_NO_FAST_KERNELS=1', () => {
    const script = `
      const tf = await import('@tensorflow/tfjs-core');
      const { initBackend } = await import('./src/backend/backends.ts');
      await initBackend('wasm');
      const x = tf.tensor4d([-4, -3, -2, -1], [1, 2, 2, 1]);
      const g = tf.grad((v) => tf.sum(tf.maxPool(v, 2, 2, 'valid')))(x);
      process.stdout.write(JSON.stringify(Array.from(g.dataSync())));`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: packageRoot(),
      env: { ...process.env, ACTBENCH_NO_FAST_KERNELS: '1' },
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    // The window's maximum is −1, the last input: it takes dy = 1.
    assert.deepEqual(JSON.parse(run.stdout), [0, 0, 0, 1]);
  });
});
