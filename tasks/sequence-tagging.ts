// E18's sequence tagging: stacked bidirectional vanilla RNNs whose nonlinearity is the
// activation under test, over frozen GloVe vectors, with a per-token softmax.
import { defineTask } from '../src/task/registry.js';
import { TRAIN_FRACTION_SETTING } from '../src/task/study-spaces.js';
import {
  prepareTagging,
  TAGGER_DEFAULTS,
  TAGGER_EXCLUDED_ACTIVATIONS,
  TAGGER_SEARCH_SPACE,
  TAGGER_TRAINING,
  TAGGING_SETTINGS,
} from '../src/task/tagging-problem.js';

export default defineTask({
  name: 'sequence-tagging',
  group: 'tagging',
  description: 'layers × bidirectional vanilla RNN (the activation as its nonlinearity) → per-token softmax; frozen GloVe inputs',
  defaultDataset: 'brown-pos',
  searchSpace: TAGGER_SEARCH_SPACE,
  defaults: TAGGER_DEFAULTS,
  settings: { ...TRAIN_FRACTION_SETTING, ...TAGGING_SETTINGS },
  metrics: ['tokenAccuracy', 'macroF1'],
  primaryMetric: 'tokenAccuracy',
  training: TAGGER_TRAINING,
  excludedActivations: TAGGER_EXCLUDED_ACTIVATIONS,
  prepare: (context) => prepareTagging(context, 'sequence-tagging', { cell: 'simple-rnn', activation: context.activation }),
});
