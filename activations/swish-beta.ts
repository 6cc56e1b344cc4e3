// Swish with a trainable β (R17), initialised to 1; not one of E18's 21 (E18 fixed β = 1).
import * as tf from '@tensorflow/tfjs-core';
import { defineLayerActivation } from '../src/activation/define.js';
import { SwishBeta } from '../src/activation/layers/swish-beta.js';

export default defineLayerActivation({
  name: 'swish-beta',
  aliases: ['swish-trainable', 'swishbeta', 'trainable-swish'],
  formula: 'x·σ(βx), β trainable (init 1)',
  family: 'self-gated',
  // For β > 0: bounded below (minimum ≈ −0.278/β), tends to 0 as x → −∞, not monotonic.
  properties: { boundedAbove: false, boundedBelow: true, monotonic: false, smooth: true, zeroAtZero: true, saturating: true },
  source: 'Ramachandran et al. 2017',
  inStudy: false,
  replacesDense: false,
  createLayer: ({ name }) => new SwishBeta(name !== undefined ? { name } : {}),
  atInit: { reference: (x) => x / (1 + Math.exp(-x)), composite: (x) => tf.mul(x, tf.sigmoid(x)) },
});
