import * as tf from '@tensorflow/tfjs-core';
import { defineActivation } from '../src/activation/define.js';
import { exp32, log1pUnit32, sigmoid32 } from '../src/activation/float32.js';

export default defineActivation({
  name: 'softplus',
  aliases: [],
  formula: 'ln(1 + e^x)',
  family: 'rectifier',
  properties: { boundedAbove: false, boundedBelow: true, monotonic: true, smooth: true, zeroAtZero: false, saturating: true },
  source: 'Dugas et al. 2001; Glorot, Bordes & Bengio 2011',
  inStudy: false,
  reference: (x) => (x === Infinity ? Infinity : Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)))),
  composite: (x) => tf.softplus(x),
  fused: {
    // max(x, 0) + ln(1 + e^-|x|): the exponential never overflows.
    forward: (x) => x * +(x > 0) + log1pUnit32(exp32(-Math.abs(x))),
    derivative: (x) => sigmoid32(x),
  },
  simd: { kernel: 'softplus' },
});
