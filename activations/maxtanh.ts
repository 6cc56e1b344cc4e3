import * as tf from '@tensorflow/tfjs-core';
import { defineActivation } from '../src/activation/define.js';
import { tanh32 } from '../src/activation/float32.js';

export default defineActivation({
  name: 'maxtanh',
  aliases: [],
  formula: 'max(x, tanh(x))',
  family: 'searched',
  properties: { boundedAbove: false, boundedBelow: true, monotonic: true, smooth: true, zeroAtZero: true, saturating: true },
  source: 'Ramachandran, Zoph & Le 2017 (found by their search); Eger, Youssef & Gurevych 2018',
  inStudy: true,
  reference: (x) => Math.max(x, Math.tanh(x)),
  composite: (x) => tf.maximum(x, tf.tanh(x)),
  fused: {
    // x > tanh(x) exactly when x > 0.
    forward: (x) => {
      const t = tanh32(x);
      return t + +(x > 0) * (x - t);
    },
    derivative: (x, y) => {
      const right = +(x > 0);
      return right + (1 - right) * (1 - y * y);
    },
  },
  simd: { kernel: 'maxtanh' },
});
