import * as tf from '@tensorflow/tfjs-core';
import { defineActivation } from '../src/activation/define.js';
import { cos32, sin32 } from '../src/activation/float32.js';

export default defineActivation({
  name: 'sin',
  aliases: ['sine'],
  formula: 'sin(x)',
  family: 'periodic',
  properties: { boundedAbove: true, boundedBelow: true, monotonic: false, smooth: true, zeroAtZero: true, saturating: false },
  source: 'periodic activation (e.g. Parascandolo, Huttunen & Virtanen 2016); Eger, Youssef & Gurevych 2018',
  inStudy: true,
  reference: (x) => Math.sin(x),
  composite: (x) => tf.sin(x),
  fused: {
    forward: (x) => sin32(x),
    derivative: (x) => cos32(x),
  },
  simd: { kernel: 'sin' },
});
