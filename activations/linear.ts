import * as tf from '@tensorflow/tfjs-core';
import { defineActivation } from '../src/activation/define.js';

// No fused kernel: the identity costs nothing as it is, and a kernel would only add a copy.
export default defineActivation({
  name: 'linear',
  aliases: ['identity', 'none'],
  formula: 'x',
  family: 'linear',
  properties: { boundedAbove: false, boundedBelow: false, monotonic: true, smooth: true, zeroAtZero: true, saturating: false },
  source: 'identity (no nonlinearity); Eger, Youssef & Gurevych 2018',
  inStudy: true,
  reference: (x) => x,
  // clone shares the data (no copy) and gives the engine a node to differentiate.
  composite: (x) => tf.clone(x),
});
