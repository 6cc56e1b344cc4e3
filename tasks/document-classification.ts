// E18's document classification: a Kim-style CNN over frozen GloVe word vectors.
import * as tf from '@tensorflow/tfjs-core';
import { loadDatasets } from '../src/data/registry.js';
import { buildDocumentCnn } from '../src/models/document-cnn.js';
import { OPTIMIZATION_SPACE, TRAIN_FRACTION_SETTING } from '../src/task/study-spaces.js';
import { defineTask } from '../src/task/registry.js';
import { classificationProblem, labelIndex, taskSplits } from '../src/task/text-classification-problem.js';
import { embeddingMatrix } from '../src/text/embeddings.js';
import { tokenize } from '../src/text/tokenize.js';
import { Vocabulary } from '../src/text/vocabulary.js';

const task = defineTask({
  name: 'document-classification',
  group: 'document',
  description: 'CNN over frozen GloVe vectors: convLayers × [Conv1D → activation] → max over time → dropout → Dense → activation → softmax',
  defaultDataset: 'spam-assassin',
  searchSpace: {
    ...OPTIMIZATION_SPACE,
    convLayers: { kind: 'int', min: 1, max: 3 },
    filters: { kind: 'int', min: 40, max: 200 },
    filterSize: { kind: 'int', min: 1, max: 4 },
    denseUnits: { kind: 'int', min: 30, max: 500 },
    dropout: { kind: 'uniform', min: 0.1, max: 0.75 },
  },
  defaults: {
    optimizer: 'adam',
    lrFactor: 1,
    initializer: 'glorotUniform',
    convLayers: 1,
    filters: 100,
    filterSize: 3,
    denseUnits: 100,
    dropout: 0.5,
  },
  settings: {
    ...TRAIN_FRACTION_SETTING,
    maxLength: { values: [100, 200, 400, 800], default: 400, description: 'tokens kept per document (from the start)' },
  },
  metrics: ['accuracy', 'macroF1'],
  primaryMetric: 'accuracy',
  training: { batchSize: 32, maxEpochs: 50, patience: 5 },
  prepare: async (context) => {
    const dataset = (await loadDatasets()).get(context.dataset);
    if (dataset.kind !== 'text-classification')
      throw new Error(`task 'document-classification' needs a text classification dataset, not '${dataset.name}'`);
    const splits = taskSplits(await dataset.load(context.load), Number(context.settings['trainFraction']), context.limit);
    const maxLength = Number(context.settings['maxLength']);
    const [trainTokens, devTokens, testTokens] = await Promise.all(
      [splits.train, splits.dev, splits.test].map((part) => tokenize(part.map((e) => e.text))),
    );
    // Only the kept prefix of each document counts for the vocabulary; the embeddings stay frozen.
    const vocabulary = Vocabulary.fromTrainingSplit(
      { train: trainTokens!.map((tokens) => tokens.slice(0, maxLength)) },
      { maxSize: 50_000 },
    );
    const embeddings = await embeddingMatrix(vocabulary);
    const labels = labelIndex(
      splits.train.map((e) => e.label),
      [splits.dev.map((e) => e.label), splits.test.map((e) => e.label)],
      dataset.name,
    );
    const encode = (examples: typeof splits.train, tokens: string[][]) => ({
      inputs: tf.tensor2d(vocabulary.encodeBatch(tokens, { maxLength }).ids, [examples.length, maxLength], 'int32'),
      labels: Int32Array.from(examples, (e) => labels.get(e.label)!),
    });
    const { hparams } = context;
    const model = buildDocumentCnn({
      vocabSize: vocabulary.size,
      embeddingDim: embeddings.dimensions,
      embeddings: embeddings.matrix,
      maxLength,
      numClasses: labels.size,
      convLayers: Number(hparams['convLayers']),
      filters: Number(hparams['filters']),
      filterSize: Number(hparams['filterSize']),
      denseUnits: Number(hparams['denseUnits']),
      dropout: Number(hparams['dropout']),
      activation: context.activation,
      kernelInitializer: String(hparams['initializer']),
      seed: context.seed,
    });
    return classificationProblem(model, labels.size, {
      train: encode(splits.train, trainTokens!),
      dev: encode(splits.dev, devTokens!),
      test: encode(splits.test, testTokens!),
    });
  },
});

export default task;
