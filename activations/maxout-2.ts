// Maxout with 2 pieces per unit (E18's maxout-2): a layer that replaces Dense+activation.
import { defineLayerActivation } from '../src/activation/define.js';
import { MAXOUT_PROPERTIES, maxoutLayerFactory } from '../src/activation/layers/maxout.js';

export default defineLayerActivation({
  name: 'maxout-2',
  aliases: ['maxout2'],
  formula: 'max_j (W_j·x + b_j), j = 1..2',
  family: 'maxout',
  properties: MAXOUT_PROPERTIES,
  source: 'Goodfellow et al. 2013; Eger et al. 2018',
  inStudy: true,
  replacesDense: true,
  createLayer: maxoutLayerFactory(2),
});
