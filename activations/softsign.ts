import * as tf from '@tensorflow/tfjs-core';
import { finite, keepNaN } from '../src/activation/composite-helpers.js';
import { defineActivation } from '../src/activation/define.js';

export default defineActivation({
  name: 'softsign',
  aliases: [],
  formula: 'x / (1 + |x|)',
  family: 'sigmoidal',
  properties: { boundedAbove: true, boundedBelow: true, monotonic: true, smooth: true, zeroAtZero: true, saturating: true },
  source: 'Bergstra et al. 2009; Glorot & Bengio 2010',
  inStudy: false,
  reference: (x) => (Number.isFinite(x) ? x / (1 + Math.abs(x)) : Math.sign(x)),
  composite: (x) => {
    const bounded = finite(x);
    return keepNaN(x, tf.div(bounded, tf.add(1, tf.abs(bounded))));
  },
  fused: {
    forward: (x) => x / (1 + Math.abs(x)),
    derivative: (x) => {
      const d = 1 + Math.abs(x);
      return 1 / (d * d);
    },
  },
  simd: { kernel: 'softsign' },
});
