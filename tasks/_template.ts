// TEMPLATE for a new task: copy this file to tasks/<name>.ts, then change what the comments ask
// for. Discovery skips files whose names start with '_' (src/plugins/discover.ts), so this one is
// never registered; it is still type-checked, so it stays a working example. The rules behind
// each field: docs/contributing.md §3.
//
// The example: a bag-of-words MLP (which words occur, not their order) on a text classification
// dataset, E18's MLP space, trained like E18's sentence classifier.
import * as tf from '@tensorflow/tfjs-core';
import { loadDatasets } from '../src/data/registry.js';
import type { TextExample } from '../src/data/types.js';
import { buildMlp } from '../src/models/mlp.js';
import { defineTask } from '../src/task/registry.js';
import { OPTIMIZATION_SPACE, TRAIN_FRACTION_SETTING } from '../src/task/study-spaces.js';
import { classificationProblem, labelIndex, taskSplits } from '../src/task/text-classification-problem.js';
import { tokenize } from '../src/text/tokenize.js';
import { Vocabulary } from '../src/text/vocabulary.js';

export default defineTask({
  // Lowercase letters, digits and '-'; unique among the tasks.
  name: 'template-bag-of-words',
  // sentence, document, tagging or vision. The preset tests (src/study/presets.test.ts) check that
  // the `quick` and `paper` presets cover the tasks of the three NLP groups: a new NLP task needs
  // a place in them.
  group: 'sentence',
  description: 'bag-of-words MLP: multi-hot word vector → layers × [Dense → activation → Dropout] → softmax',
  // The task runs on every dataset of its group (`actbench datasets`); this one is the default of
  // `actbench train`. A task built for one dataset only also sets `onlyDatasets: ['name']`.
  defaultDataset: 'uci-sentiment',
  // What a study samples configurations from (kinds: src/task/search-space.ts). Reuse the shared
  // parts in src/task/study-spaces.ts, so that studies compare like with like.
  searchSpace: {
    ...OPTIMIZATION_SPACE,
    layers: { kind: 'int', min: 1, max: 4 },
    units: { kind: 'int', min: 30, max: 500 },
    dropout: { kind: 'uniform', min: 0.1, max: 0.75 },
  },
  // One configuration for `actbench train`; defineTask checks every value against the space.
  defaults: { optimizer: 'adam', lrFactor: 1, initializer: 'glorotUniform', layers: 1, units: 100, dropout: 0.2 },
  // Settings a study may vary per mini-experiment (here the shared trainFraction and one of its own).
  settings: {
    ...TRAIN_FRACTION_SETTING,
    vocabulary: { values: [1000, 5000, 20000], default: 5000, description: 'most frequent training words kept as features' },
  },
  // Metric names as evaluate() returns them; the primary one drives early stopping and "best".
  metrics: ['accuracy', 'macroF1'],
  primaryMetric: 'accuracy',
  training: { batchSize: 16, maxEpochs: 100, patience: 10 },
  // Activations this model cannot use, e.g. the layer-shaped ones in a recurrent cell.
  // excludedActivations: ['maxout-2', 'maxout-3', 'maxout-4'],

  // Builds the data and the model of one run. The engine owns the training loop: it calls loss()
  // inside tf.tidy and tf.variableGrads, evaluate() after every epoch, baseline() once, and
  // dispose() at the end, so the Problem must free every tensor it made there (model included).
  // Seed everything from context.seed; never print.
  prepare: async (context) => {
    const dataset = (await loadDatasets()).get(context.dataset);
    if (dataset.kind !== 'text-classification')
      throw new Error(`task 'template-bag-of-words' needs a text classification dataset, not '${dataset.name}'`);
    // The training fraction first, then at most context.limit examples per split (smoke runs).
    const splits = taskSplits(await dataset.load(context.load), Number(context.settings['trainFraction']), context.limit);
    const [trainTokens, devTokens, testTokens] = await Promise.all(
      [splits.train, splits.dev, splits.test].map((part) => tokenize(part.map((e) => e.text))),
    );
    // Vocabulary and label set from the training split only.
    const vocabulary = Vocabulary.fromTrainingSplit({ train: trainTokens! }, { maxSize: Number(context.settings['vocabulary']) });
    const labels = labelIndex(
      splits.train.map((e) => e.label),
      [splits.dev.map((e) => e.label), splits.test.map((e) => e.label)],
      dataset.name,
    );
    const encode = (examples: TextExample[], tokens: string[][]) => {
      const multiHot = new Float32Array(examples.length * vocabulary.size);
      tokens.forEach((words, row) => words.forEach((word) => (multiHot[row * vocabulary.size + vocabulary.id(word)] = 1)));
      return {
        inputs: tf.tensor2d(multiHot, [examples.length, vocabulary.size]),
        labels: Int32Array.from(examples, (e) => labels.get(e.label)!),
      };
    };
    const { hparams } = context;
    const model = buildMlp({
      inputDim: vocabulary.size,
      numClasses: labels.size,
      layers: Number(hparams['layers']),
      units: Number(hparams['units']),
      dropout: Number(hparams['dropout']),
      activation: context.activation,
      kernelInitializer: String(hparams['initializer']),
      seed: context.seed,
    });
    // The shared Problem for single-label classification: cross-entropy, accuracy, macro-F1, the
    // majority-class baseline, and a dispose() that frees the inputs and the model.
    return classificationProblem(model, labels.size, {
      train: encode(splits.train, trainTokens!),
      dev: encode(splits.dev, devTokens!),
      test: encode(splits.test, testTokens!),
    });
  },
});
