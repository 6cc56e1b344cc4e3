import * as tf from '@tensorflow/tfjs-core';
import { keepNaN } from '../src/activation/composite-helpers.js';
import { defineActivation } from '../src/activation/define.js';

export default defineActivation({
  name: 'relu6',
  aliases: [],
  formula: 'min(max(0, x), 6)',
  family: 'hard',
  properties: { boundedAbove: true, boundedBelow: true, monotonic: true, smooth: false, zeroAtZero: true, saturating: true },
  source: 'Krizhevsky 2010 (Convolutional Deep Belief Networks on CIFAR-10)',
  inStudy: false,
  reference: (x) => (Number.isNaN(x) ? NaN : Math.min(Math.max(x, 0), 6)),
  kinks: [0, 6],
  composite: (x) => keepNaN(x, tf.relu6(x)),
  fused: {
    forward: (x) => {
      const low = x * +(x > 0);
      return 6 - (6 - low) * +(low < 6);
    },
    derivative: (x) => +(x > 0) * +(x < 6),
  },
  simd: { kernel: 'relu6' },
});
