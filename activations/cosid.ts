import * as tf from '@tensorflow/tfjs-core';
import { finite } from '../src/activation/composite-helpers.js';
import { defineActivation } from '../src/activation/define.js';
import { cos32, sin32 } from '../src/activation/float32.js';

export default defineActivation({
  name: 'cosid',
  aliases: ['cosper'],
  formula: 'cos(x) − x',
  family: 'searched',
  properties: { boundedAbove: false, boundedBelow: false, monotonic: true, smooth: true, zeroAtZero: false, saturating: false },
  source: 'Ramachandran, Zoph & Le 2017 (found by their search); Eger, Youssef & Gurevych 2018',
  inStudy: true,
  // cos is bounded, so the -x term decides the limits at ±∞.
  reference: (x) => (Number.isFinite(x) ? Math.cos(x) - x : -x),
  composite: (x) => tf.sub(tf.cos(finite(x)), x),
  fused: {
    forward: (x) => cos32(x) - x,
    derivative: (x) => -sin32(x) - 1,
  },
  simd: { kernel: 'cosid' },
});
