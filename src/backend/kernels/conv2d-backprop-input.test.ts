// The wasm Conv2DBackpropInput that runs stride-1 cases as a forward conv of dy with the turned
// filter: values against the stock cpu kernel on odd shapes, every padding form and filter sizes
// 1–4 (even ones pad asymmetrically), the cases it hands to the stock kernel (strides, NCHW), and
// conv2d's input gradient on wasm against the cpu backend's.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
// tfjs-layers' bundle registers the gradient functions of the core ops.
import '@tensorflow/tfjs-layers';
import { assertClose, inputGradientInputs, randomValues, runRegistered, type ConvCase } from './kernel-test-support.js';
import type { Shape4D } from './conv-geometry.js';
import { flipFilter } from './conv2d-backprop-input.js';
import { registerTrainingKernels } from './index.js';

const CASES: ConvCase[] = [
  { name: '3×3 same, odd sizes', x: [2, 7, 5, 3], filter: [3, 3, 3, 5], strides: 1, pad: 'same' },
  { name: '3×3 valid', x: [3, 6, 9, 4], filter: [3, 3, 4, 2], strides: 1, pad: 'valid' },
  { name: '2×4 same (even sizes pad asymmetrically)', x: [2, 6, 7, 3], filter: [2, 4, 3, 3], strides: 1, pad: 'same' },
  { name: '1×1', x: [2, 4, 3, 5], filter: [1, 1, 5, 7], strides: 1, pad: 'valid' },
  {
    name: 'explicit padding',
    x: [1, 5, 6, 2],
    filter: [3, 2, 2, 3],
    strides: 1,
    pad: [
      [0, 0],
      [2, 1],
      [0, 1],
      [0, 0],
    ],
  },
  { name: 'numeric padding', x: [2, 5, 5, 3], filter: [3, 3, 3, 2], strides: 1, pad: 1 },
  { name: 'conv1d as tfjs-layers runs it (height 1), 100 channels', x: [2, 1, 11, 100], filter: [1, 3, 100, 9], strides: 1, pad: 'same' },
  { name: 'stride 2 (stock kernel)', x: [2, 7, 6, 3], filter: [3, 3, 3, 4], strides: 2, pad: 'same' },
  { name: 'strides [1, 2] (stock kernel)', x: [1, 6, 7, 2], filter: [2, 3, 2, 3], strides: [1, 2], pad: 'valid' },
];

describe('wasm Conv2DBackpropInput matches the stock cpu kernel', () => {
  before(() => registerTrainingKernels());

  it('turns the filter by 180° and swaps its channel axes', () => {
    // W [2, 1, 2, 3]: value = 100·r + 10·c + o, so every element names its own position.
    const w = Float32Array.from({ length: 12 }, (_, i) => {
      const [r, c, o] = [Math.floor(i / 6), Math.floor(i / 3) % 2, i % 3];
      return 100 * r + 10 * c + o;
    });
    const out = new Float32Array(12);
    flipFilter(w, 2, 1, 2, 3, out);
    // out [2, 1, 3, 2]: out[r', 0, o, c] = W[1 − r', 0, c, o].
    assert.deepEqual([...out], [100, 110, 101, 111, 102, 112, 0, 10, 1, 11, 2, 12]);
  });

  CASES.forEach((c, n) => {
    it(c.name, async () => {
      const { inputs, attrs } = inputGradientInputs(c, 200 + 2 * n);
      const want = await runRegistered('cpu', 'Conv2DBackpropInput', inputs, attrs);
      assertClose(await runRegistered('wasm', 'Conv2DBackpropInput', inputs, attrs), want, c.name, 1e-5);
    });
  });
});

describe('the input gradient of conv2d on wasm matches the cpu backend', () => {
  before(() => registerTrainingKernels());

  for (const [pad, size] of [
    ['same', 3],
    ['valid', 3],
    ['same', 4],
  ] as const) {
    it(`${size}×${size} ${pad}`, async () => {
      const xShape: Shape4D = [2, 9, 8, 5];
      const filterShape: Shape4D = [size, size, 5, 6];
      const x = randomValues(2 * 9 * 8 * 5, 1, 0);
      const w = randomValues(size * size * 5 * 6, 2, 0);
      const grads = async (backend: string) => {
        await tf.setBackend(backend);
        return tf.tidy(() => {
          const f = (input: tf.Tensor4D, filter: tf.Tensor4D) => tf.sum(tf.square(tf.conv2d(input, filter, 1, pad)));
          const [dx, dw] = tf.grads(f as (...args: tf.Tensor[]) => tf.Tensor)([tf.tensor4d(x, xShape), tf.tensor4d(w, filterShape)]);
          return [
            { values: dx!.dataSync().slice(), shape: dx!.shape },
            { values: dw!.dataSync().slice(), shape: dw!.shape },
          ];
        });
      };
      const want = await grads('cpu');
      const got = await grads('wasm');
      assertClose(got[0]!, want[0]!, 'dx', 1e-5);
      assertClose(got[1]!, want[1]!, 'dW', 1e-5);
    });
  }
});
