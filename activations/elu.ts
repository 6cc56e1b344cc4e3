import * as tf from '@tensorflow/tfjs-core';
import { defineActivation } from '../src/activation/define.js';
import { exp32 } from '../src/activation/float32.js';

export default defineActivation({
  name: 'elu',
  aliases: [],
  formula: 'x if x > 0 else α(e^x − 1),  α = 1',
  family: 'exponential',
  properties: { boundedAbove: false, boundedBelow: true, monotonic: true, smooth: true, zeroAtZero: true, saturating: true },
  source: 'Clevert, Unterthiner & Hochreiter 2015',
  inStudy: true,
  reference: (x) => (x > 0 ? x : Math.expm1(x)),
  composite: (x) => tf.elu(x),
  fused: {
    forward: (x) => {
      const right = +(x > 0);
      // exp of 0 on the right keeps e^x from overflowing where it is not used.
      return right * x + (1 - right) * (exp32(x - right * x) - 1);
    },
    // Left of 0, f' = e^x = y + 1.
    derivative: (x, y) => {
      const right = +(x > 0);
      return right + (1 - right) * (y + 1);
    },
  },
  simd: { kernel: 'elu', param: 1 },
});
