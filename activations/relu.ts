import * as tf from '@tensorflow/tfjs-core';
import { defineActivation } from '../src/activation/define.js';

export default defineActivation({
  name: 'relu',
  aliases: ['rectifier'],
  formula: 'max(0, x)',
  family: 'rectifier',
  properties: { boundedAbove: false, boundedBelow: true, monotonic: true, smooth: false, zeroAtZero: true, saturating: true },
  source: 'Nair & Hinton 2010; Glorot, Bordes & Bengio 2011',
  inStudy: true,
  reference: (x) => (Number.isNaN(x) ? NaN : Math.max(0, x)),
  kinks: [0],
  composite: (x) => tf.relu(x),
  fused: {
    forward: (x) => x * +(x > 0),
    derivative: (x) => +(x > 0),
  },
  simd: { kernel: 'relu' },
});
