import * as tf from '@tensorflow/tfjs-core';
import { finite } from '../src/activation/composite-helpers.js';
import { defineActivation } from '../src/activation/define.js';
import { cos32, sin32 } from '../src/activation/float32.js';

export default defineActivation({
  name: 'minsin',
  aliases: [],
  formula: 'min(x, sin(x))',
  family: 'searched',
  properties: { boundedAbove: true, boundedBelow: false, monotonic: false, smooth: true, zeroAtZero: true, saturating: false },
  source: 'Ramachandran, Zoph & Le 2017 (found by their search); Eger, Youssef & Gurevych 2018',
  inStudy: true,
  // sin(x) < x for x > 0 and sin(x) > x for x < 0: the min is x on the left, sin(x) on the right.
  reference: (x) => (x === -Infinity ? -Infinity : Math.min(x, Math.sin(x))),
  composite: (x) => tf.minimum(x, tf.sin(finite(x))),
  fused: {
    forward: (x) => x + +(x > 0) * (sin32(x) - x),
    derivative: (x) => {
      const right = +(x > 0);
      return right * cos32(x) + (1 - right);
    },
  },
  simd: { kernel: 'minsin' },
});
