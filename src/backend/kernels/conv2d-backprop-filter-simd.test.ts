// The WASM SIMD Conv2DBackpropFilter against the stock cpu kernel, on both backends: odd sizes
// (channels not multiples of 4 or 8, the 3-channel first layer), strides, every padding form,
// height-1 Conv1D shapes, taps that fall outside the image, and NCHW (handed to the fallback).
import { describe, it } from 'node:test';
import { assertClose, filterGradientInputs, runKernelFunc, runStockCpu, type ConvCase } from './kernel-test-support.js';
import { conv2dBackpropFilterKernel } from './conv2d-backprop-filter.js';
import { simdConv2dBackpropFilterKernel } from './conv2d-backprop-filter-simd.js';

const CASES: ConvCase[] = [
  { name: '3×3 same, first layer (3 channels)', x: [2, 9, 7, 3], filter: [3, 3, 3, 8], strides: 1, pad: 'same' },
  { name: '3×3 same, 32 → 32', x: [2, 6, 5, 32], filter: [3, 3, 32, 32], strides: 1, pad: 'same' },
  { name: 'odd channels 5 → 13', x: [3, 5, 6, 5], filter: [3, 3, 5, 13], strides: 1, pad: 'same' },
  { name: '3×3 stride 2 valid', x: [2, 7, 6, 3], filter: [3, 3, 3, 4], strides: 2, pad: 'valid' },
  { name: '2×3 strides [2, 1] same (asymmetric padding)', x: [1, 6, 5, 2], filter: [2, 3, 2, 3], strides: [2, 1], pad: 'same' },
  {
    name: 'explicit padding wider than the filter reach',
    x: [2, 5, 6, 2],
    filter: [3, 2, 2, 3],
    strides: [1, 2],
    pad: [
      [0, 0],
      [1, 2],
      [3, 1],
      [0, 0],
    ],
  },
  { name: 'numeric pad with rounding', x: [1, 6, 6, 2], filter: [3, 3, 2, 2], strides: 2, pad: 1, dimRoundingMode: 'floor' },
  { name: 'Conv1D as tfjs-layers runs it: 100 → 100, width 3', x: [2, 1, 13, 100], filter: [1, 3, 100, 100], strides: 1, pad: 'same' },
  { name: '4×4 same (even filter)', x: [2, 7, 7, 6], filter: [4, 4, 6, 9], strides: 1, pad: 'same' },
  { name: 'stride 3 with taps outside the image', x: [1, 8, 8, 4], filter: [5, 5, 4, 4], strides: 3, pad: 'same' },
  { name: 'NCHW (fallback)', x: [2, 3, 6, 5], filter: [3, 3, 3, 4], strides: [1, 2], pad: 'same', dataFormat: 'NCHW' },
];

describe('the SIMD Conv2DBackpropFilter matches the stock cpu kernel', () => {
  CASES.forEach((c, n) => {
    it(c.name, async () => {
      const { inputs, attrs } = filterGradientInputs(c, 300 + 2 * n);
      const want = await runStockCpu('Conv2DBackpropFilter', inputs, attrs);
      assertClose(
        await runKernelFunc(
          'wasm',
          simdConv2dBackpropFilterKernel('wasm', conv2dBackpropFilterKernel('wasm', 'im2col-matmul')),
          inputs,
          attrs,
        ),
        want,
        `${c.name} / wasm`,
        2e-5,
      );
      assertClose(
        await runKernelFunc('cpu', simdConv2dBackpropFilterKernel('cpu', conv2dBackpropFilterKernel('cpu', 'direct')), inputs, attrs),
        want,
        `${c.name} / cpu`,
        2e-5,
      );
    });
  });
});
