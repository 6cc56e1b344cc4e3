// The four reference models of the training benchmark (the table of docs/backends.md §6), built
// from stock tfjs-layers layers. scripts/torch_reference.py defines the same models in PyTorch:
// change one side only together with the other (a test compares their parameter counts).
//
// Details that table leaves open, fixed here and there alike: 3×3 convolutions with 'same'
// padding, 2×2 max-pools, ReLU; taggers with 12 tags, a trainable embedding, gates with the
// logistic sigmoid (tfjs-layers' default is the hard sigmoid; PyTorch has only the logistic one);
// every model ends in logits with softmax cross-entropy (mean over examples or tokens); Adam at
// learning rate 1e-3, as the study's engine makes it (makeOptimizer), so that a faster optimizer
// there shows here; inputs standard normal, labels uniform.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { fusedLstm } from '../backend/kernels/fused-lstm-layer.js';
import { makeOptimizer } from '../engine/optimizers.js';
import { DISTINCT_BATCHES, minimizeWorkload, type TrainingWorkload, type WorkloadSpec } from './train-workload.js';

export const TAGGER_SIZES = { vocabulary: 5000, embedding: 50, hidden: 100, sequence: 30, tags: 12 } as const;
const CLASSES = 10;

interface Batch {
  inputs: tf.Tensor;
  /** One-hot labels, the logits' shape. */
  labels: tf.Tensor;
}

function classificationBatches(inputShape: number[], classes: number, seed: number): Batch[] {
  return Array.from({ length: DISTINCT_BATCHES }, (_, i) =>
    tf.tidy(() => ({
      inputs: tf.randomNormal(inputShape, 0, 1, 'float32', seed + i),
      labels: tf.oneHot(tf.randomUniformInt([inputShape[0]!], 0, classes, seed + 100 + i), classes),
    })),
  );
}

function taggerBatches(batchSize: number, seed: number): Batch[] {
  const { vocabulary, sequence, tags } = TAGGER_SIZES;
  return Array.from({ length: DISTINCT_BATCHES }, (_, i) =>
    tf.tidy(() => ({
      inputs: tf.randomUniformInt([batchSize, sequence], 0, vocabulary, seed + i),
      labels: tf.oneHot(tf.randomUniformInt([batchSize, sequence], 0, tags, seed + 100 + i), tags),
    })),
  );
}

function softmaxWorkload(model: tfl.LayersModel, batches: Batch[]): TrainingWorkload {
  return minimizeWorkload(
    model,
    makeOptimizer('adam').optimizer,
    batches,
    (batch) => tf.losses.softmaxCrossEntropy(batch.labels, model.apply(batch.inputs, { training: true }) as tf.Tensor),
    (batch) => tf.dispose([batch.inputs, batch.labels]),
  );
}

function buildMlp(): tfl.LayersModel {
  return tfl.sequential({
    name: 'reference_mlp',
    layers: [
      tfl.layers.dense({ inputShape: [300], units: 256, activation: 'relu' }),
      tfl.layers.dense({ units: 256, activation: 'relu' }),
      tfl.layers.dense({ units: CLASSES }),
    ],
  });
}

function buildCnn(): tfl.LayersModel {
  const conv = (filters: number, inputShape?: number[]) =>
    tfl.layers.conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu', ...(inputShape ? { inputShape } : {}) });
  return tfl.sequential({
    name: 'reference_cnn',
    layers: [
      conv(32, [32, 32, 3]),
      conv(32),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      conv(64),
      conv(64),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 512, activation: 'relu' }),
      tfl.layers.dense({ units: CLASSES }),
    ],
  });
}

/**
 * The taggers' LSTM is tfjs-layers' LSTM layer as actbench runs it: FusedLSTM, the same layer with
 * the recurrence as one op on the CPU backends (`stockLstm` builds tfjs-layers' own, for comparisons).
 */
export function buildTagger(bidirectional: boolean, stockLstm = false): tfl.LayersModel {
  const { vocabulary, embedding, hidden, sequence, tags } = TAGGER_SIZES;
  // tfjs-layers' default recurrent initializer (its Orthogonal) fails here ("rMat.flatten is not a
  // function", see src/activation/layers/orthogonal-initializer.ts); initial values do not change the cost of a step.
  const args = { units: hidden, returnSequences: true, recurrentActivation: 'sigmoid', recurrentInitializer: 'glorotUniform' } as const;
  const lstm = stockLstm ? tfl.layers.lstm(args) : fusedLstm(args);
  return tfl.sequential({
    name: bidirectional ? 'reference_bilstm' : 'reference_lstm',
    layers: [
      tfl.layers.embedding({ inputDim: vocabulary, outputDim: embedding, inputLength: sequence }),
      bidirectional ? tfl.layers.bidirectional({ layer: lstm, mergeMode: 'concat' }) : lstm,
      tfl.layers.dense({ units: tags }),
    ],
  });
}

export const REFERENCE_MODELS: readonly WorkloadSpec[] = [
  {
    name: 'mlp',
    description: 'MLP 300-256-256-10, ReLU',
    kind: 'reference',
    batchSize: 64,
    create: () => softmaxWorkload(buildMlp(), classificationBatches([64, 300], CLASSES, 11)),
  },
  {
    name: 'cnn',
    description: 'CNN 32×32×3: conv32-conv32-pool-conv64-conv64-pool-dense512, 3×3 same, ReLU',
    kind: 'reference',
    batchSize: 64,
    create: () => softmaxWorkload(buildCnn(), classificationBatches([64, 32, 32, 3], CLASSES, 21)),
  },
  {
    name: 'lstm',
    description: 'LSTM tagger: embedding 5000×50, LSTM 100, sequence 30, 12 tags',
    kind: 'reference',
    batchSize: 32,
    create: () => softmaxWorkload(buildTagger(false), taggerBatches(32, 31)),
  },
  {
    name: 'bilstm',
    description: 'BiLSTM tagger: embedding 5000×50, BiLSTM 100+100, sequence 30, 12 tags',
    kind: 'reference',
    batchSize: 32,
    create: () => softmaxWorkload(buildTagger(true), taggerBatches(32, 41)),
  },
];
