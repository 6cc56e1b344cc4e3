import * as tf from '@tensorflow/tfjs-core';
import { finiteBelow } from '../src/activation/composite-helpers.js';
import { defineActivation } from '../src/activation/define.js';
import { exp32 } from '../src/activation/float32.js';

/**
 * tanh(softplus(x)) without log or tanh: with e = e^x, tanh(ln(1+e)) = n/(n+2), n = e(e+2).
 * In float64, n stays finite where float32 e^x would overflow.
 */
function gate(x: number): number {
  const e = exp32(x);
  const n = e * (e + 2);
  return n / (n + 2);
}

export default defineActivation({
  name: 'mish',
  aliases: [],
  formula: 'x · tanh(softplus(x)) = x · tanh(ln(1 + e^x))',
  family: 'self-gated',
  properties: { boundedAbove: false, boundedBelow: true, monotonic: false, smooth: true, zeroAtZero: true, saturating: true },
  source: 'Misra 2019 (Mish: A Self Regularized Non-Monotonic Activation Function)',
  inStudy: false,
  reference: (x) => {
    if (x === -Infinity) return -0;
    if (x > 20) return x * Math.tanh(x + Math.log1p(Math.exp(-x)));
    return x * Math.tanh(Math.log1p(Math.exp(x)));
  },
  composite: (x) => tf.mul(finiteBelow(x), tf.tanh(tf.softplus(x))),
  fused: {
    forward: (x) => x * gate(x),
    // f' = g + x·(1 - g²)·σ(x), with σ(x) = e/(1+e).
    derivative: (x) => {
      const e = exp32(x);
      const n = e * (e + 2);
      const g = n / (n + 2);
      return g + (x * (1 - g * g) * e) / (1 + e);
    },
  },
  simd: { kernel: 'mish' },
});
