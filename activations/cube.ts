import * as tf from '@tensorflow/tfjs-core';
import { defineActivation } from '../src/activation/define.js';

export default defineActivation({
  name: 'cube',
  aliases: [],
  formula: 'x³',
  family: 'polynomial',
  properties: { boundedAbove: false, boundedBelow: false, monotonic: true, smooth: true, zeroAtZero: true, saturating: false },
  source: 'Chen & Manning 2014; Eger, Youssef & Gurevych 2018',
  inStudy: true,
  reference: (x) => x * x * x,
  composite: (x) => tf.mul(tf.square(x), x),
  fused: {
    forward: (x) => x * x * x,
    derivative: (x) => 3 * x * x,
  },
  simd: { kernel: 'cube' },
});
