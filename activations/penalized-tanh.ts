import * as tf from '@tensorflow/tfjs-core';
import { defineActivation } from '../src/activation/define.js';
import { tanh32 } from '../src/activation/float32.js';

export default defineActivation({
  name: 'penalized-tanh',
  aliases: ['penalized_tanh', 'ptanh', 'penalizedtanh'],
  formula: 'tanh(x) if x > 0 else 0.25·tanh(x)',
  family: 'sigmoidal',
  properties: { boundedAbove: true, boundedBelow: true, monotonic: true, smooth: false, zeroAtZero: true, saturating: true },
  source: 'Xu, Huang & Li 2016 (Revise Saturated Activation Functions); Eger, Youssef & Gurevych 2018',
  inStudy: true,
  reference: (x) => (x > 0 ? Math.tanh(x) : 0.25 * Math.tanh(x)),
  kinks: [0],
  // = max(tanh x, 0.25·tanh x), which is exactly a leaky ReLU of tanh with slope 0.25.
  composite: (x) => tf.leakyRelu(tf.tanh(x), 0.25),
  fused: {
    forward: (x) => (0.25 + 0.75 * +(x > 0)) * tanh32(x),
    // y = s·tanh(x) with s the side's scale, so f' = s(1 - (y/s)²).
    derivative: (x, y) => {
      const scale = 0.25 + 0.75 * +(x > 0);
      const t = y / scale;
      return scale * (1 - t * t);
    },
  },
  simd: { kernel: 'penalized_tanh' },
});
