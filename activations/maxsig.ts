import * as tf from '@tensorflow/tfjs-core';
import { defineActivation } from '../src/activation/define.js';
import { sigmoid32 } from '../src/activation/float32.js';

/** The x where x = σ(x): maxsig switches from σ(x) to x there. */
const CROSSING = 0.6590460684874366;

export default defineActivation({
  name: 'maxsig',
  aliases: [],
  formula: 'max(x, σ(x))',
  family: 'searched',
  properties: { boundedAbove: false, boundedBelow: true, monotonic: true, smooth: false, zeroAtZero: false, saturating: true },
  source: 'Ramachandran, Zoph & Le 2017 (found by their search); Eger, Youssef & Gurevych 2018',
  inStudy: true,
  reference: (x) => Math.max(x, 1 / (1 + Math.exp(-x))),
  kinks: [CROSSING],
  composite: (x) => tf.maximum(x, tf.sigmoid(x)),
  fused: {
    forward: (x) => {
      const s = sigmoid32(x);
      return s + +(x > s) * (x - s);
    },
    // Where y is x the slope is 1, elsewhere y = σ(x) and the slope is σ(1-σ) = y(1-y).
    derivative: (x, y) => {
      const onLine = +(y === x);
      return onLine + (1 - onLine) * y * (1 - y);
    },
  },
  simd: { kernel: 'maxsig' },
});
