import * as tf from '@tensorflow/tfjs-core';
import { finiteBelow } from '../src/activation/composite-helpers.js';
import { defineActivation } from '../src/activation/define.js';
import { sigmoid32 } from '../src/activation/float32.js';

const SQRT_2_OVER_PI = 0.7978845608028654;
const CUBIC = 0.044715;

/** 2·√(2/π)·(x + 0.044715x³): 1 + tanh(u) = 2σ(2u), so GELU-tanh = x·σ(2u) with no cancellation. */
function doubledArgument(x: number): number {
  return 2 * SQRT_2_OVER_PI * (x + CUBIC * x * x * x);
}

export default defineActivation({
  name: 'gelu-tanh',
  aliases: ['gelu-approx', 'gelu-approximate'],
  formula: '0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))',
  family: 'self-gated',
  properties: { boundedAbove: false, boundedBelow: true, monotonic: false, smooth: true, zeroAtZero: true, saturating: true },
  source: 'Hendrycks & Gimpel 2016 (tanh approximation of GELU)',
  inStudy: false,
  reference: (x) => (x === -Infinity ? -0 : x / (1 + Math.exp(-doubledArgument(x)))),
  composite: (x) => {
    const u2 = tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), CUBIC)), 2 * SQRT_2_OVER_PI);
    return tf.mul(finiteBelow(x), tf.sigmoid(u2));
  },
  fused: {
    forward: (x) => x * sigmoid32(doubledArgument(x)),
    derivative: (x) => {
      const s = sigmoid32(doubledArgument(x));
      return s + x * s * (1 - s) * 2 * SQRT_2_OVER_PI * (1 + 3 * CUBIC * x * x);
    },
  },
  simd: { kernel: 'gelu_tanh' },
});
