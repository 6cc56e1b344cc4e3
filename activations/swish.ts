import * as tf from '@tensorflow/tfjs-core';
import { finiteBelow } from '../src/activation/composite-helpers.js';
import { defineActivation } from '../src/activation/define.js';
import { sigmoid32 } from '../src/activation/float32.js';

export default defineActivation({
  name: 'swish',
  aliases: ['swish-1'],
  formula: 'x · σ(x)   (β = 1)',
  family: 'self-gated',
  properties: { boundedAbove: false, boundedBelow: true, monotonic: false, smooth: true, zeroAtZero: true, saturating: true },
  source: 'Ramachandran, Zoph & Le 2017 (Searching for Activation Functions)',
  inStudy: true,
  reference: (x) => (x === -Infinity ? -0 : x / (1 + Math.exp(-x))),
  composite: (x) => tf.mul(finiteBelow(x), tf.sigmoid(x)),
  fused: {
    forward: (x) => x * sigmoid32(x),
    // f' = σ + xσ(1-σ) = σ + y(1-σ)
    derivative: (x, y) => {
      const s = sigmoid32(x);
      return s + y * (1 - s);
    },
  },
  simd: { kernel: 'swish' },
});
