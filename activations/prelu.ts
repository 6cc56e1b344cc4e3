// PReLU with one learned slope per unit (per channel on feature maps), initialised to 0 as in E18.
import * as tf from '@tensorflow/tfjs-core';
import { defineLayerActivation } from '../src/activation/define.js';
import { PReLU } from '../src/activation/layers/prelu.js';

export default defineLayerActivation({
  name: 'prelu',
  aliases: ['parametric-relu'],
  formula: 'x if x > 0 else a·x, a learned per unit (init 0)',
  family: 'rectifier',
  // Properties of the learned function: a is unconstrained, so it may go negative (non-monotonic)
  // and nonzero (unbounded below).
  properties: { boundedAbove: false, boundedBelow: false, monotonic: false, smooth: false, zeroAtZero: true, saturating: false },
  source: 'He et al. 2015; Eger et al. 2018',
  inStudy: true,
  replacesDense: false,
  createLayer: ({ name }) => new PReLU(name !== undefined ? { name } : {}),
  atInit: { reference: (x) => (x > 0 ? x : 0), composite: (x) => tf.relu(x) },
});
