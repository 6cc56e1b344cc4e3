import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertClose, filterGradientInputs, runKernelFunc, runRegistered, runStockCpu, type ConvCase } from './kernel-test-support.js';
import { conv2dBackpropFilterKernel } from './conv2d-backprop-filter.js';
import { registerTrainingKernels } from './index.js';

const CASES: ConvCase[] = [
  { name: '3×3 stride 1 same', x: [2, 7, 6, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same' },
  { name: '3×3 stride 2 valid', x: [2, 7, 6, 3], filter: [3, 3, 3, 4], strides: 2, pad: 'valid' },
  { name: '2×3 strides [2,1] same (asymmetric padding)', x: [1, 6, 5, 2], filter: [2, 3, 2, 3], strides: [2, 1], pad: 'same' },
  {
    name: 'explicit padding',
    x: [2, 5, 6, 2],
    filter: [3, 2, 2, 3],
    strides: [1, 2],
    pad: [
      [0, 0],
      [1, 2],
      [0, 1],
      [0, 0],
    ],
  },
  { name: 'numeric pad with rounding', x: [1, 6, 6, 2], filter: [3, 3, 2, 2], strides: 2, pad: 1, dimRoundingMode: 'floor' },
  { name: '16+ input channels (contiguous copy path)', x: [2, 5, 5, 17], filter: [3, 3, 17, 5], strides: 1, pad: 'same' },
  { name: 'conv1d as tfjs-layers runs it (height 1)', x: [3, 1, 9, 5], filter: [1, 3, 5, 4], strides: 1, pad: 'valid' },
  { name: 'NCHW', x: [2, 3, 6, 5], filter: [3, 3, 3, 4], strides: [1, 2], pad: 'same', dataFormat: 'NCHW' },
];

describe('Conv2DBackpropFilter matches the stock cpu kernel', () => {
  before(() => registerTrainingKernels());

  CASES.forEach((c, n) => {
    it(c.name, async () => {
      const { inputs, attrs } = filterGradientInputs(c, 100 + n);
      const want = await runStockCpu('Conv2DBackpropFilter', inputs, attrs);
      assertClose(await runRegistered('cpu', 'Conv2DBackpropFilter', inputs, attrs), want, `${c.name} / cpu`);
      assertClose(
        await runKernelFunc('wasm', conv2dBackpropFilterKernel('wasm', 'direct'), inputs, attrs),
        want,
        `${c.name} / wasm direct`,
      );
      if (c.dataFormat !== 'NCHW')
        assertClose(await runRegistered('wasm', 'Conv2DBackpropFilter', inputs, attrs), want, `${c.name} / wasm`);
      else
        assertClose(
          await runKernelFunc('wasm', conv2dBackpropFilterKernel('wasm', 'im2col-matmul'), inputs, attrs),
          want,
          `${c.name} / wasm im2col`,
        );
    });
  });

  it('accumulates correctly across im2col chunks (scratch smaller than the problem, uneven last chunk)', async () => {
    const c: ConvCase = { name: 'chunked', x: [3, 7, 5, 4], filter: [3, 3, 4, 6], strides: 1, pad: 'same' };
    const { inputs, attrs } = filterGradientInputs(c, 7);
    const want = await runStockCpu('Conv2DBackpropFilter', inputs, attrs);
    // K = 36 floats per row; 36·17 floats → 17 rows per chunk over 105 pixels.
    assertClose(
      await runKernelFunc('wasm', conv2dBackpropFilterKernel('wasm', 'im2col-matmul', { chunkFloats: 36 * 17 }), inputs, attrs),
      want,
      'chunked / wasm',
    );
  });

  it('rejects a dy whose shape contradicts the attributes, naming the kernel', async () => {
    const { inputs, attrs } = filterGradientInputs(CASES[0] as ConvCase, 1);
    const bad = { ...inputs, dy: { values: new Float32Array(8), shape: [1, 2, 2, 2] } };
    await assert.rejects(runRegistered('wasm', 'Conv2DBackpropFilter', bad, attrs), /Conv2DBackpropFilter.*'dy' has shape/);
  });
});
