// E18's LSTM gate experiment: a BiLSTM tagger whose cell/output nonlinearity, gates, or both are
// replaced by the activation under test. The kept parts are Keras 2's LSTM defaults, which E18 ran:
// tanh cell and hard-sigmoid gates ('baseline' keeps both; see lstmVariant).
import { lstmVariant, LSTM_VARIANTS } from '../src/models/lstm-cell.js';
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
  name: 'lstm-gates',
  group: 'tagging',
  description: 'BiLSTM tagger with the activation in place of the cell nonlinearity (variant cell), the gates (gates), or both',
  defaultDataset: 'brown-pos',
  searchSpace: TAGGER_SEARCH_SPACE,
  defaults: TAGGER_DEFAULTS,
  settings: {
    ...TRAIN_FRACTION_SETTING,
    ...TAGGING_SETTINGS,
    variant: {
      values: [...LSTM_VARIANTS],
      default: 'both',
      description:
        "where the activation goes: cell (cell/output nonlinearity; the gates stay Keras 2's hard sigmoid), gates (the three gates; the cell stays tanh), both, or baseline (tanh cell, hard-sigmoid gates); gates and both suit only bounded, sigmoid-like functions",
    },
  },
  metrics: ['tokenAccuracy', 'macroF1'],
  primaryMetric: 'tokenAccuracy',
  training: TAGGER_TRAINING,
  excludedActivations: TAGGER_EXCLUDED_ACTIVATIONS,
  prepare: (context) =>
    prepareTagging(context, 'lstm-gates', {
      cell: 'lstm',
      ...lstmVariant(context.settings['variant'] as (typeof LSTM_VARIANTS)[number], context.activation),
    }),
});
