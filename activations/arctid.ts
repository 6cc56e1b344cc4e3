import * as tf from '@tensorflow/tfjs-core';
import { defineActivation } from '../src/activation/define.js';
import { atan32 } from '../src/activation/float32.js';

export default defineActivation({
  name: 'arctid',
  aliases: ['tanhrev'],
  formula: 'arctan(x)² − x',
  family: 'searched',
  properties: { boundedAbove: false, boundedBelow: false, monotonic: true, smooth: true, zeroAtZero: true, saturating: false },
  source: 'Ramachandran, Zoph & Le 2017 (found by their search); Eger, Youssef & Gurevych 2018',
  inStudy: true,
  reference: (x) => Math.atan(x) ** 2 - x,
  composite: (x) => tf.sub(tf.square(tf.atan(x)), x),
  fused: {
    forward: (x) => {
      const a = atan32(x);
      return a * a - x;
    },
    derivative: (x) => (2 * atan32(x)) / (1 + x * x) - 1,
  },
  simd: { kernel: 'arctid' },
});
