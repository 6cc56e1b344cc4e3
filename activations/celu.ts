import * as tf from '@tensorflow/tfjs-core';
import { defineActivation } from '../src/activation/define.js';
import { exp32 } from '../src/activation/float32.js';

// At α = 1 (the usual default, as in PyTorch) CELU coincides with ELU.
const ALPHA = 1;

export default defineActivation({
  name: 'celu',
  aliases: [],
  formula: 'max(0, x) + min(0, α(e^(x/α) − 1)),  α = 1',
  family: 'exponential',
  properties: { boundedAbove: false, boundedBelow: true, monotonic: true, smooth: true, zeroAtZero: true, saturating: true },
  source: 'Barron 2017 (Continuously Differentiable Exponential Linear Units)',
  inStudy: false,
  reference: (x) => Math.max(0, x) + Math.min(0, ALPHA * Math.expm1(x / ALPHA)),
  // CELU(x) = α·ELU(x/α); tf.elu keeps e^x − 1 accurate near 0 where exp(x) − 1 would cancel.
  composite: (x) => (ALPHA === 1 ? tf.elu(x) : tf.mul(ALPHA, tf.elu(tf.div(x, ALPHA)))),
  fused: {
    forward: (x) => {
      const right = +(x > 0);
      return right * x + (1 - right) * ALPHA * (exp32((x - right * x) / ALPHA) - 1);
    },
    // Left of 0, f' = e^(x/α) = y/α + 1.
    derivative: (x, y) => {
      const right = +(x > 0);
      return right + (1 - right) * (y / ALPHA + 1);
    },
  },
  simd: { kernel: 'elu', param: ALPHA },
});
