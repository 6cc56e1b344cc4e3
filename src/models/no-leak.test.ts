// Every model builder, at a tiny size, built, trained one step with an optimizer that keeps slots
// (Adam) and disposed with it, leaves the tensor count where it was (tfjs-layers' own tests check
// "does not leak" the same way). A model that leaked per step would slow a long run down and end
// it out of memory; one that kept tensors past dispose() would do the same to a study's worker,
// which builds a model per job. Elementwise, weighted (prelu) and Dense-replacing (maxout)
// activations each take their own path through the builders, so each is tried where it can stand.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../backend/backends.js';
import { loadActivations } from '../activation/registry.js';
import { buildBottleneckResNet } from './bottleneck-resnet.js';
import { buildDenseNet } from './densenet.js';
import { buildDocumentCnn } from './document-cnn.js';
import { buildMlp } from './mlp.js';
import { buildResNet } from './resnet.js';
import { buildSmallCnn } from './small-cnn.js';
import { buildTagger, taggerTrainStep, type TaggerCell } from './tagger.js';
import { buildWideResNet } from './wide-resnet.js';

const CLASSES = 3;
const IMAGE = { inputShape: [8, 8, 3] as [number, number, number], numClasses: CLASSES, seed: 1 };
/** Where an activation can stand: everywhere, or (maxout, which replaces Dense) only in the dense models. */
const ELEMENTWISE_AND_PRELU = ['swish', 'prelu'];
const WITH_MAXOUT = [...ELEMENTWISE_AND_PRELU, 'maxout-2'];

interface ClassifierCase {
  name: string;
  activations: string[];
  build: (activation: string) => tfl.LayersModel;
  inputs: () => tf.Tensor;
}

const CLASSIFIERS: ClassifierCase[] = [
  {
    name: 'mlp',
    activations: WITH_MAXOUT,
    build: (activation) => buildMlp({ inputDim: 5, numClasses: CLASSES, layers: 2, units: 4, dropout: 0.1, activation, seed: 1 }),
    inputs: () => tf.randomNormal([4, 5], 0, 1, 'float32', 2),
  },
  {
    name: 'document-cnn',
    activations: WITH_MAXOUT,
    build: (activation) =>
      buildDocumentCnn({
        vocabSize: 20,
        embeddingDim: 4,
        maxLength: 6,
        numClasses: CLASSES,
        convLayers: 2,
        filters: 3,
        filterSize: 2,
        denseUnits: 4,
        dropout: 0.1,
        activation,
        seed: 1,
      }),
    inputs: () => tf.randomUniformInt([4, 6], 0, 20, 3),
  },
  {
    name: 'small-cnn',
    activations: ELEMENTWISE_AND_PRELU,
    build: (activation) => buildSmallCnn({ ...IMAGE, activation, blocks: 1, filters: 2, denseUnits: 4, dropout: 0.1, batchNorm: true }),
    inputs: () => tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 4),
  },
  ...(['A', 'B'] as const).flatMap((shortcut) =>
    [false, true].map((preActivation) => ({
      name: `resnet20 (shortcut ${shortcut}${preActivation ? ', pre-activation' : ''})`,
      activations: ELEMENTWISE_AND_PRELU,
      build: (activation: string) => buildResNet({ ...IMAGE, model: 'resnet20', activation, shortcut, preActivation }),
      inputs: () => tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 5),
    })),
  ),
  {
    name: 'bottleneck resnet (depth 11)',
    activations: ELEMENTWISE_AND_PRELU,
    build: (activation) => buildBottleneckResNet({ ...IMAGE, depth: 11, activation }),
    inputs: () => tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 6),
  },
  {
    name: 'wide resnet (depth 10, width 1)',
    activations: ELEMENTWISE_AND_PRELU,
    build: (activation) => buildWideResNet({ ...IMAGE, depth: 10, width: 1, activation }),
    inputs: () => tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 7),
  },
  ...[false, true].map((bc) => ({
    name: `densenet${bc ? '-bc' : ''} (depth 10, growth 4)`,
    activations: ELEMENTWISE_AND_PRELU,
    build: (activation: string) => buildDenseNet({ ...IMAGE, depth: 10, growthRate: 4, bc, activation }),
    inputs: () => tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 8),
  })),
];

/** Tensors left behind by `run`, which must dispose all it makes. */
function leftBehind(run: () => void): number {
  const before = tf.memory().numTensors;
  run();
  return tf.memory().numTensors - before;
}

/** Builds, takes one Adam step on mean cross-entropy, disposes everything. */
function buildAndTrainClassifier(classifier: ClassifierCase, activation: string): void {
  const model = classifier.build(activation);
  const inputs = classifier.inputs();
  const labels = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 2, 1].slice(0, inputs.shape[0]), 'int32'), CLASSES));
  const optimizer = tf.train.adam(0.01);
  const loss = optimizer.minimize(
    () =>
      tf.neg(tf.mean(tf.sum(tf.mul(labels, tf.log(tf.add(model.apply(inputs, { training: true }) as tf.Tensor, 1e-7))), -1))) as tf.Scalar,
    true,
  );
  assert.ok(Number.isFinite(loss!.dataSync()[0]), `${classifier.name} with ${activation}: loss ${loss!.dataSync()[0]}`);
  tf.dispose([loss!, inputs, labels]);
  optimizer.dispose();
  model.dispose();
}

/** Builds a tagger, takes one step with the tagger's own training step (clip-norm on: the other path), disposes everything. */
function buildAndTrainTagger(cell: TaggerCell, activation: string): void {
  const model = buildTagger({
    vocabSize: 20,
    embeddingDim: 4,
    numTags: CLASSES,
    maxLength: 5,
    cell,
    units: 3,
    layers: 2,
    dropout: 0.1,
    ...(cell === 'lstm' ? { cellActivation: activation } : { activation }),
    seed: 1,
  });
  const batch = {
    ids: tf.tensor2d(
      [
        [2, 5, 7, 0, 0],
        [3, 4, 9, 11, 2],
      ],
      [2, 5],
      'int32',
    ),
    labels: tf.tensor2d(
      [
        [0, 1, 2, 0, 0],
        [2, 2, 1, 0, 1],
      ],
      [2, 5],
      'int32',
    ),
    mask: tf.tensor2d([
      [1, 1, 1, 0, 0],
      [1, 1, 1, 1, 1],
    ]),
  };
  const optimizer = tf.train.adam(0.01);
  for (const clipNorm of [undefined, 1])
    assert.ok(Number.isFinite(taggerTrainStep(model, optimizer, batch, clipNorm === undefined ? {} : { clipNorm })));
  tf.dispose([batch.ids, batch.labels, batch.mask]);
  optimizer.dispose();
  model.dispose();
}

describe('models do not leak: build, one training step, dispose (wasm)', () => {
  before(async () => {
    await initBackend('wasm');
    await loadActivations();
  });

  for (const classifier of CLASSIFIERS) {
    it(classifier.name, () => {
      const leaks = classifier.activations
        .map((activation) => [activation, leftBehind(() => buildAndTrainClassifier(classifier, activation))] as const)
        .filter(([, left]) => left !== 0);
      assert.deepEqual(leaks, []);
    });
  }

  for (const cell of ['simple-rnn', 'lstm'] as const) {
    it(`tagger (${cell})`, () => {
      const leaks = ['tanh', 'penalized-tanh', 'swish']
        .map((activation) => [activation, leftBehind(() => buildAndTrainTagger(cell, activation))] as const)
        .filter(([, left]) => left !== 0);
      assert.deepEqual(leaks, []);
    });
  }
});
