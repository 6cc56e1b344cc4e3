// Data preparation and the Problem shared by the sequence-tagging tasks (the BiRNN tagger and
// the LSTM gate experiment): lowercased tokens with frozen GloVe vectors, padded and masked,
// per-token softmax, token accuracy and macro-F1 over real tokens.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { loadDatasets } from '../data/registry.js';
import type { TaggedSentence } from '../data/types.js';
import { accuracy, macroF1 } from '../models/metrics.js';
import { maskedCrossEntropy } from '../models/masked-metrics.js';
import { buildTagger, type TaggerOptions } from '../models/tagger.js';
import { embeddingMatrix } from '../text/embeddings.js';
import { Vocabulary } from '../text/vocabulary.js';
import type { HParams, SearchSpace } from './search-space.js';
import { OPTIMIZATION_SPACE, RECURRENT_INITIALIZERS } from './study-spaces.js';
import { taskSplits } from './text-classification-problem.js';
import type { Problem, TaskContext } from './types.js';

interface EncodedTagging {
  ids: tf.Tensor2D;
  labels: tf.Tensor2D;
  mask: tf.Tensor2D;
  labelValues: Int32Array;
  maskValues: Float32Array;
  /** Lowercased words, row-major like the ids (for the per-word baseline). */
  words: string[][];
}

/** The layer-shaped activations (E18's taggers used the other 17 functions). */
export const TAGGER_EXCLUDED_ACTIVATIONS = ['maxout-2', 'maxout-3', 'maxout-4', 'prelu', 'swish-beta'];

/** E18's tagger space (docs/study.md §5): RNN size, depth, dropout, and the initializer also on the recurrent kernel. */
export const TAGGER_SEARCH_SPACE: SearchSpace = {
  ...OPTIMIZATION_SPACE,
  recurrentInitializer: { kind: 'choice', values: RECURRENT_INITIALIZERS },
  units: { kind: 'int', min: 32, max: 500 },
  layers: { kind: 'int', min: 1, max: 4 },
  dropout: { kind: 'uniform', min: 0.1, max: 0.75 },
};

export const TAGGER_DEFAULTS: HParams = {
  optimizer: 'adam',
  lrFactor: 1,
  initializer: 'glorotUniform',
  recurrentInitializer: 'orthogonal',
  units: 100,
  layers: 1,
  dropout: 0.25,
};

/** E18's tagger training: batch 32, clip-norm 1, up to 50 epochs, early stopping after 5. */
export const TAGGER_TRAINING = { batchSize: 32, maxEpochs: 50, patience: 5, clipNorm: 1 };

export const TAGGING_SETTINGS = {
  maxLength: {
    values: [25, 50, 100, 200],
    default: 100,
    description: 'tokens per sentence; longer sentences are cut and their tail is not scored',
  },
};

/** The tagger's sizes and initializers from a configuration of the tagging search space. */
export function taggerHyperparameters(
  hparams: HParams,
): Pick<TaggerOptions, 'units' | 'layers' | 'dropout' | 'kernelInitializer' | 'recurrentInitializer'> {
  return {
    units: Number(hparams['units']),
    layers: Number(hparams['layers']),
    dropout: Number(hparams['dropout']),
    kernelInitializer: String(hparams['initializer']),
    recurrentInitializer: String(hparams['recurrentInitializer']),
  };
}

function encode(sentences: TaggedSentence[], vocabulary: Vocabulary, tagIndex: Map<string, number>, maxLength: number): EncodedTagging {
  const words = sentences.map((s) => s.tokens.map((t) => t.toLowerCase()));
  const batch = vocabulary.encodeBatch(words, { maxLength });
  const labelValues = new Int32Array(sentences.length * maxLength);
  sentences.forEach((sentence, row) => {
    sentence.tags.slice(0, maxLength).forEach((tag, position) => {
      labelValues[row * maxLength + position] = tagIndex.get(tag)!;
    });
  });
  const shape: [number, number] = [sentences.length, maxLength];
  return {
    ids: tf.tensor2d(batch.ids, shape, 'int32'),
    labels: tf.tensor2d(labelValues, shape, 'int32'),
    mask: tf.tensor2d(batch.mask, shape, 'float32'),
    labelValues,
    maskValues: batch.mask,
    words,
  };
}

/** Most frequent tag of each training word, the overall most frequent tag for unseen words. */
function perWordBaseline(train: EncodedTagging, test: EncodedTagging, maxLength: number, numTags: number): Int32Array {
  const counts = new Map<string, Int32Array>();
  const overall = new Int32Array(numTags);
  train.words.forEach((words, row) =>
    words.slice(0, maxLength).forEach((word, position) => {
      const tag = train.labelValues[row * maxLength + position]!;
      let wordCounts = counts.get(word);
      if (!wordCounts) counts.set(word, (wordCounts = new Int32Array(numTags)));
      wordCounts[tag]!++;
      overall[tag]!++;
    }),
  );
  const argmax = (values: Int32Array): number => values.reduce((best, value, i) => (value > values[best]! ? i : best), 0);
  const fallback = argmax(overall);
  const predictions = new Int32Array(test.labelValues.length);
  test.words.forEach((words, row) =>
    words.slice(0, maxLength).forEach((word, position) => {
      const wordCounts = counts.get(word);
      predictions[row * maxLength + position] = wordCounts ? argmax(wordCounts) : fallback;
    }),
  );
  return predictions;
}

function predictTags(model: tfl.LayersModel, ids: tf.Tensor2D, batchSize = 256): Int32Array {
  const [count, length] = ids.shape;
  const predictions = new Int32Array(count * length);
  for (let start = 0; start < count; start += batchSize) {
    const size = Math.min(batchSize, count - start);
    const tags = tf.tidy(() => tf.argMax(model.apply(tf.slice(ids, start, size), { training: false }) as tf.Tensor, -1));
    predictions.set(tags.dataSync() as Int32Array, start * length);
    tags.dispose();
  }
  return predictions;
}

export async function prepareTagging(
  context: TaskContext,
  taskName: string,
  cell: Pick<TaggerOptions, 'cell' | 'activation' | 'cellActivation' | 'gateActivation'>,
): Promise<Problem> {
  const dataset = (await loadDatasets()).get(context.dataset);
  if (dataset.kind !== 'tagging') throw new Error(`task '${taskName}' needs a tagging dataset, not '${dataset.name}'`);
  const splits = taskSplits(await dataset.load(context.load), Number(context.settings['trainFraction']), context.limit);
  const maxLength = Number(context.settings['maxLength']);
  // Every split's words get their pretrained vector (frozen: nothing is learned from dev or test),
  // as sentence classification does; with a training-split vocabulary every unseen word would
  // share the one OOV row, which training never shows the model.
  const vocabulary = Vocabulary.fromTrainingSplit({
    train: [splits.train, splits.dev, splits.test].flat().map((s) => s.tokens.slice(0, maxLength).map((t) => t.toLowerCase())),
  });
  const embeddings = await embeddingMatrix(vocabulary);
  // The tag inventory is the output space, not training data: taken from every split so that a
  // tag rare enough to miss the training split is still scored (as an error).
  const tags = [...new Set([splits.train, splits.dev, splits.test].flat().flatMap((s) => s.tags))].sort();
  const tagIndex = new Map(tags.map((tag, i) => [tag, i]));
  const [train, dev, test] = [splits.train, splits.dev, splits.test].map((part) => encode(part, vocabulary, tagIndex, maxLength)) as [
    EncodedTagging,
    EncodedTagging,
    EncodedTagging,
  ];
  const { hparams } = context;
  const model = buildTagger({
    ...cell,
    vocabSize: vocabulary.size,
    embeddingDim: embeddings.dimensions,
    embeddings: embeddings.matrix,
    numTags: tags.length,
    maxLength,
    ...taggerHyperparameters(hparams),
    seed: context.seed,
  });
  const score = (split: EncodedTagging, predictions: Int32Array): Record<string, number> => ({
    tokenAccuracy: accuracy(split.labelValues, predictions, split.maskValues),
    macroF1: macroF1(split.labelValues, predictions, tags.length, split.maskValues),
  });
  return {
    model,
    trainSize: splits.train.length,
    loss: (indices) =>
      tf.tidy(() => {
        const rows = tf.tensor1d(indices, 'int32');
        const probabilities = model.apply(tf.gather(train.ids, rows), { training: true }) as tf.Tensor;
        return maskedCrossEntropy(tf.gather(train.labels, rows), probabilities, tf.gather(train.mask, rows));
      }),
    probe: (indices, tensorNames) => {
      const rows = tf.tensor1d(indices, 'int32');
      const outputs = model.execute(tf.gather(train.ids, rows), [...tensorNames, model.outputs[0]!.name]) as tf.Tensor[];
      const probabilities = outputs.pop()!;
      const mask = tf.gather(train.mask, rows);
      return { loss: maskedCrossEntropy(tf.gather(train.labels, rows), probabilities, mask), tensors: outputs, mask };
    },
    evaluate: (split) => {
      const part = split === 'dev' ? dev : test;
      return score(part, predictTags(model, part.ids));
    },
    // The most frequent tag of each word (the bar the study's taggers must clear), plus the
    // accuracy of always answering the most frequent tag.
    baseline: () => {
      const overall = new Int32Array(tags.length);
      train.labelValues.forEach((tag, i) => (overall[tag]! += train.maskValues[i]!));
      const majorityTag = overall.reduce((best, count, tag) => (count > overall[best]! ? tag : best), 0);
      return {
        ...score(test, perWordBaseline(train, test, maxLength, tags.length)),
        majorityTagAccuracy: accuracy(test.labelValues, new Int32Array(test.labelValues.length).fill(majorityTag), test.maskValues),
      };
    },
    dispose: () => {
      for (const part of [train, dev, test]) tf.dispose([part.ids, part.labels, part.mask]);
      model.dispose();
    },
  };
}
