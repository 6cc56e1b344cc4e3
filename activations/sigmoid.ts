import * as tf from '@tensorflow/tfjs-core';
import { defineActivation } from '../src/activation/define.js';
import { sigmoid32 } from '../src/activation/float32.js';

export default defineActivation({
  name: 'sigmoid',
  aliases: ['logistic'],
  formula: '1 / (1 + e^-x)',
  family: 'sigmoidal',
  properties: { boundedAbove: true, boundedBelow: true, monotonic: true, smooth: true, zeroAtZero: false, saturating: true },
  source: 'logistic function (classic; e.g. Rumelhart, Hinton & Williams 1986)',
  inStudy: true,
  reference: (x) => 1 / (1 + Math.exp(-x)),
  composite: (x) => tf.sigmoid(x),
  fused: {
    forward: (x) => sigmoid32(x),
    derivative: (_x, y) => y * (1 - y),
  },
  simd: { kernel: 'sigmoid' },
});
