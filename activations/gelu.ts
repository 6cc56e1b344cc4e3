import * as tf from '@tensorflow/tfjs-core';
import { finiteBelow } from '../src/activation/composite-helpers.js';
import { defineActivation } from '../src/activation/define.js';
import { erfc32, exp32 } from '../src/activation/float32.js';
import { erfc } from '../src/activation/reference-math.js';

const INV_SQRT2 = Math.SQRT1_2;
const INV_SQRT_2PI = 0.3989422804014327;

export default defineActivation({
  name: 'gelu',
  aliases: ['gelu-erf'],
  formula: 'x · Φ(x) = 0.5·x·(1 + erf(x/√2))',
  family: 'self-gated',
  properties: { boundedAbove: false, boundedBelow: true, monotonic: false, smooth: true, zeroAtZero: true, saturating: true },
  source: 'Hendrycks & Gimpel 2016 (Gaussian Error Linear Units)',
  inStudy: false,
  // Φ(x) = erfc(-x/√2)/2 keeps full relative accuracy in the left tail, where 1 + erf cancels.
  reference: (x) => (x === -Infinity ? -0 : 0.5 * x * erfc(-x * INV_SQRT2)),
  composite: (x) => tf.mul(tf.mul(finiteBelow(x), 0.5), tf.add(1, tf.erf(tf.mul(x, INV_SQRT2)))),
  fused: {
    forward: (x) => 0.5 * x * erfc32(-x * INV_SQRT2),
    // f' = Φ(x) + x·φ(x)
    derivative: (x) => 0.5 * erfc32(-x * INV_SQRT2) + x * INV_SQRT_2PI * exp32(-0.5 * x * x),
  },
  simd: { kernel: 'gelu' },
});
