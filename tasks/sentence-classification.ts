// E18's sentence classification: an MLP on fixed sentence vectors (averaged GloVe vectors here;
// the study's InferSent embeddings are not available offline).
import * as tf from '@tensorflow/tfjs-core';
import { loadDatasets } from '../src/data/registry.js';
import type { TextExample } from '../src/data/types.js';
import { buildMlp } from '../src/models/mlp.js';
import { OPTIMIZATION_SPACE, TRAIN_FRACTION_SETTING } from '../src/task/study-spaces.js';
import { classificationProblem, labelIndex, taskSplits } from '../src/task/text-classification-problem.js';
import { defineTask } from '../src/task/registry.js';
import { averagedSentenceVectors, loadWordVectors } from '../src/text/embeddings.js';
import { tokenize } from '../src/text/tokenize.js';

const task = defineTask({
  name: 'sentence-classification',
  group: 'sentence',
  description: 'MLP on averaged GloVe sentence vectors: layers × [Dense → activation → Dropout] → softmax (E18 §sentence classification)',
  defaultDataset: 'uci-sentiment',
  searchSpace: {
    ...OPTIMIZATION_SPACE,
    layers: { kind: 'int', min: 1, max: 4 },
    units: { kind: 'int', min: 30, max: 500 },
    dropout: { kind: 'uniform', min: 0.1, max: 0.75 },
  },
  defaults: { optimizer: 'adam', lrFactor: 1, layers: 1, units: 200, dropout: 0.2, initializer: 'glorotUniform' },
  settings: TRAIN_FRACTION_SETTING,
  metrics: ['accuracy', 'macroF1'],
  primaryMetric: 'accuracy',
  training: { batchSize: 16, maxEpochs: 100, patience: 10 },
  prepare: async (context) => {
    const dataset = (await loadDatasets()).get(context.dataset);
    if (dataset.kind !== 'text-classification')
      throw new Error(`task 'sentence-classification' needs a text classification dataset, not '${dataset.name}'`);
    const splits = taskSplits(await dataset.load(context.load), Number(context.settings['trainFraction']), context.limit);
    const { train } = splits;
    const [trainTokens, devTokens, testTokens] = await Promise.all(
      [train, splits.dev, splits.test].map((part) => tokenize(part.map((e) => e.text))),
    );
    // Fixed features: every word of every split may use its pretrained vector (nothing is learned from test).
    const vectors = await loadWordVectors([trainTokens!, devTokens!, testTokens!].flat(2));
    const labels = labelIndex(
      train.map((e) => e.label),
      [splits.dev.map((e) => e.label), splits.test.map((e) => e.label)],
      dataset.name,
    );
    const encode = (examples: TextExample[], tokens: string[][]) => ({
      inputs: tf.tensor2d(averagedSentenceVectors(tokens, vectors), [examples.length, vectors.dimensions]),
      labels: Int32Array.from(examples, (e) => labels.get(e.label)!),
    });
    const { hparams } = context;
    const model = buildMlp({
      inputDim: vectors.dimensions,
      numClasses: labels.size,
      layers: Number(hparams['layers']),
      units: Number(hparams['units']),
      dropout: Number(hparams['dropout']),
      activation: context.activation,
      kernelInitializer: String(hparams['initializer']),
      seed: context.seed,
    });
    return classificationProblem(model, labels.size, {
      train: encode(train, trainTokens!),
      dev: encode(splits.dev, devTokens!),
      test: encode(splits.test, testTokens!),
    });
  },
});

export default task;
