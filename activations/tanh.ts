import * as tf from '@tensorflow/tfjs-core';
import { defineActivation } from '../src/activation/define.js';
import { tanh32 } from '../src/activation/float32.js';

export default defineActivation({
  name: 'tanh',
  aliases: [],
  formula: 'tanh(x)',
  family: 'sigmoidal',
  properties: { boundedAbove: true, boundedBelow: true, monotonic: true, smooth: true, zeroAtZero: true, saturating: true },
  source: 'classic (e.g. LeCun et al. 1998, Efficient BackProp)',
  inStudy: true,
  reference: (x) => Math.tanh(x),
  composite: (x) => tf.tanh(x),
  fused: {
    forward: (x) => tanh32(x),
    derivative: (_x, y) => 1 - y * y,
  },
  simd: { kernel: 'tanh' },
});
