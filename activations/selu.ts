import * as tf from '@tensorflow/tfjs-core';
import { defineActivation } from '../src/activation/define.js';
import { exp32 } from '../src/activation/float32.js';

// Klambauer et al. 2017's constants (1.6732632423543772848…, 1.0507009873554804934…) as the nearest
// float64: more digits would only be rounded away when the literal is read.
const ALPHA = 1.6732632423543772;
const LAMBDA = 1.0507009873554805;

export default defineActivation({
  name: 'selu',
  aliases: [],
  formula: 'λ·(x if x > 0 else α(e^x − 1)),  α = 1.6732632423543772, λ = 1.0507009873554805',
  family: 'exponential',
  properties: { boundedAbove: false, boundedBelow: true, monotonic: true, smooth: false, zeroAtZero: true, saturating: true },
  source: 'Klambauer, Unterthiner, Mayr & Hochreiter 2017',
  inStudy: true,
  reference: (x) => LAMBDA * (x > 0 ? x : ALPHA * Math.expm1(x)),
  kinks: [0],
  // λ·leakyRelu(elu(x), α): tfjs-wasm's own Selu computes e^x − 1 with cancellation near 0.
  composite: (x) => tf.mul(tf.leakyRelu(tf.elu(x), ALPHA), LAMBDA),
  fused: {
    forward: (x) => {
      const right = +(x > 0);
      return LAMBDA * (right * x + (1 - right) * ALPHA * (exp32(x - right * x) - 1));
    },
    // Left of 0, f' = λαe^x = y + λα.
    derivative: (x, y) => {
      const right = +(x > 0);
      return right * LAMBDA + (1 - right) * (y + LAMBDA * ALPHA);
    },
  },
  simd: { kernel: 'selu' },
});
