// Maxout with 3 pieces per unit (E18's maxout-3): a layer that replaces Dense+activation.
import { defineLayerActivation } from '../src/activation/define.js';
import { MAXOUT_PROPERTIES, maxoutLayerFactory } from '../src/activation/layers/maxout.js';

export default defineLayerActivation({
  name: 'maxout-3',
  aliases: ['maxout3'],
  formula: 'max_j (W_j·x + b_j), j = 1..3',
  family: 'maxout',
  properties: MAXOUT_PROPERTIES,
  source: 'Goodfellow et al. 2013; Eger et al. 2018',
  inStudy: true,
  replacesDense: true,
  createLayer: maxoutLayerFactory(3),
});
