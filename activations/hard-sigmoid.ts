import * as tf from '@tensorflow/tfjs-core';
import { keepNaN } from '../src/activation/composite-helpers.js';
import { defineActivation } from '../src/activation/define.js';

export default defineActivation({
  name: 'hard-sigmoid',
  aliases: ['hard_sigmoid', 'hardsigmoid'],
  formula: 'clip(0.2·x + 0.5, 0, 1)   (the Keras form, used in its LSTM gates)',
  family: 'hard',
  properties: { boundedAbove: true, boundedBelow: true, monotonic: true, smooth: false, zeroAtZero: false, saturating: true },
  source: 'Courbariaux, Bengio & David 2015; Keras hard_sigmoid',
  inStudy: false,
  reference: (x) => (Number.isNaN(x) ? NaN : Math.min(Math.max(0.2 * x + 0.5, 0), 1)),
  kinks: [-2.5, 2.5],
  composite: (x) => keepNaN(x, tf.clipByValue(tf.add(tf.mul(x, 0.2), 0.5), 0, 1)),
  fused: {
    // Clamping by arithmetic on comparison results: about a third of inputs clip, unpredictably.
    forward: (x) => {
      const c = 0.2 * x + 0.5;
      const low = c * +(c > 0);
      return 1 - (1 - low) * +(low < 1);
    },
    derivative: (x) => 0.2 * +(x > -2.5) * +(x < 2.5),
  },
  simd: { kernel: 'hard_sigmoid' },
});
