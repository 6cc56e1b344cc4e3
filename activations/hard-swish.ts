import * as tf from '@tensorflow/tfjs-core';
import { finiteBelow } from '../src/activation/composite-helpers.js';
import { defineActivation } from '../src/activation/define.js';

export default defineActivation({
  name: 'hard-swish',
  aliases: ['hardswish', 'hard_swish'],
  formula: 'x · relu6(x + 3) / 6',
  family: 'hard',
  properties: { boundedAbove: false, boundedBelow: true, monotonic: false, smooth: false, zeroAtZero: true, saturating: true },
  source: 'Howard et al. 2019 (Searching for MobileNetV3)',
  inStudy: false,
  reference: (x) => (x === -Infinity ? -0 : (x * Math.min(Math.max(x + 3, 0), 6)) / 6),
  kinks: [-3, 3],
  composite: (x) => tf.mul(finiteBelow(x), tf.div(tf.relu6(tf.add(x, 3)), 6)),
  fused: {
    forward: (x) => {
      const c = x + 3;
      const low = c * +(c > 0);
      return (x * (6 - (6 - low) * +(low < 6))) / 6;
    },
    // (2x + 3)/6 between -3 and 3, 1 above, 0 below.
    derivative: (x) => {
      const inside = +(x > -3) * +(x < 3);
      return (inside * (2 * x + 3)) / 6 + +(x >= 3);
    },
  },
  simd: { kernel: 'hard_swish' },
});
