// The document CNN: shapes and parameter counts worked out by hand, every registry activation
// builds and runs (maxout through its 1×1 form), the pretrained embedding stays frozen through
// training, it learns documents whose class is a token bigram, and it round-trips through save/load.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { saveAndLoad } from '../activation/layers/layer-test-support.js';
import { loadActivations } from '../activation/registry.js';
import { initBackend } from '../backend/backends.js';
import { seededRandom } from '../util/random.js';
import { fitAndScore } from './model-test-support.js';
import { PAD_ID } from '../text/vocabulary.js';
import { type DocumentCnnOptions, buildDocumentCnn } from './document-cnn.js';

const registry = await loadActivations();

function randomEmbeddings(vocabSize: number, dim: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  const table = new Float32Array(vocabSize * dim);
  // Row PAD stays zero, as a pretrained table built for a vocabulary has it.
  for (let i = dim; i < table.length; i++) table[i] = 2 * random() - 1;
  return table;
}

/**
 * Documents of 12–maxLength noise tokens (PAD after them) with the class's bigram (a_c, b_c) planted
 * once. The bigram's tokens also occur as noise, in every class, so a single token says much less
 * than the pair in order.
 */
function bigramDocuments(
  count: number,
  maxLength: number,
  vocabSize: number,
  classes: number,
  seed: number,
): { ids: tf.Tensor2D; ys: tf.Tensor2D } {
  const random = seededRandom(seed);
  const ids = new Int32Array(count * maxLength).fill(PAD_ID);
  const labels: number[] = [];
  for (let n = 0; n < count; n++) {
    const label = n % classes;
    labels.push(label);
    const length = 12 + Math.floor(random() * (maxLength - 11));
    for (let t = 0; t < length; t++) ids[n * maxLength + t] = 2 + Math.floor(random() * (vocabSize - 2));
    const at = Math.floor(random() * (length - 1));
    ids[n * maxLength + at] = 2 + 2 * label;
    ids[n * maxLength + at + 1] = 3 + 2 * label;
  }
  return {
    ids: tf.tensor2d(ids, [count, maxLength], 'int32'),
    ys: tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), classes), 'float32') as tf.Tensor2D,
  };
}

const SMALL: Omit<DocumentCnnOptions, 'activation'> = {
  vocabSize: 10,
  embeddingDim: 4,
  embeddings: randomEmbeddings(10, 4, 1),
  maxLength: 6,
  numClasses: 2,
  convLayers: 2,
  filters: 3,
  filterSize: 2,
  denseUnits: 5,
  dropout: 0.5,
  kernelInitializer: 'glorot_uniform',
  seed: 3,
};

describe('buildDocumentCnn', () => {
  before(async () => {
    await initBackend('wasm');
  });

  test('shapes and parameter counts match the hand count', () => {
    const model = buildDocumentCnn({ ...SMALL, activation: 'relu' });
    assert.deepEqual(model.inputs[0]!.shape, [null, 6]);
    assert.equal(model.inputs[0]!.dtype, 'int32');
    assert.deepEqual(model.getLayer('embedding').outputShape, [null, 6, 4]);
    assert.deepEqual(model.getLayer('conv1').outputShape, [null, 6, 3], "'same' padding keeps the length");
    assert.deepEqual(model.getLayer('conv2').outputShape, [null, 6, 3]);
    assert.deepEqual(model.getLayer('max_over_time').outputShape, [null, 3]);
    assert.deepEqual(model.outputs[0]!.shape, [null, 2]);
    // embedding 10·4 = 40 (frozen); conv1 2·4·3 + 3 = 27; conv2 2·3·3 + 3 = 21; dense 3·5 + 5 = 20; output 5·2 + 2 = 12.
    assert.equal(model.countParams(), 40 + 27 + 21 + 20 + 12);
    assert.deepEqual(
      model.trainableWeights.map((w) => w.originalName.split('/')[0]),
      ['conv1', 'conv1', 'conv2', 'conv2', 'hidden_dense', 'hidden_dense', 'output', 'output'],
    );
    model.dispose();

    const learned = buildDocumentCnn({ ...SMALL, embeddings: undefined, activation: 'relu' });
    assert.equal(learned.trainableWeights.length, 9, 'without pretrained vectors the embedding trains');
    learned.dispose();

    // maxout-2: each conv gets a 1×1 maxout of 3 units (3·6 + 6 = 24); the dense layer is a maxout (3·10 + 10 = 40).
    const maxout = buildDocumentCnn({ ...SMALL, activation: 'maxout-2' });
    assert.equal(maxout.countParams(), 40 + 27 + 24 + 21 + 24 + 40 + 12);
    assert.deepEqual(maxout.getLayer('conv1_maxout').outputShape, [null, 6, 3]);
    maxout.dispose();

    // prelu: one slope per channel after each conv and per unit in the dense layer.
    const prelu = buildDocumentCnn({ ...SMALL, activation: 'prelu' });
    assert.equal(prelu.countParams(), 40 + 27 + 3 + 21 + 3 + 20 + 5 + 12);
    prelu.dispose();
  });

  test('every registry activation builds and runs forward', () => {
    const { ids } = bigramDocuments(5, 6, 10, 2, 9);
    for (const activation of registry.all) {
      const model = buildDocumentCnn({ ...SMALL, activation: activation.name });
      const probabilities = model.predict(ids) as tf.Tensor;
      assert.deepEqual(probabilities.shape, [5, 2], activation.name);
      const values = probabilities.dataSync();
      assert.ok(values.every(Number.isFinite), `${activation.name}: non-finite output`);
      for (let row = 0; row < 5; row++) assert.ok(Math.abs(values[2 * row]! + values[2 * row + 1]! - 1) < 1e-5, activation.name);
      probabilities.dispose();
      model.dispose();
    }
    ids.dispose();
  });

  test('the pretrained embedding is set and stays frozen while the rest trains', async () => {
    const model = buildDocumentCnn({ ...SMALL, activation: 'relu', kernelInitializer: 'orthogonal' });
    const embeddingBefore = model.getLayer('embedding').getWeights()[0]!.dataSync().slice();
    assert.deepEqual(embeddingBefore, SMALL.embeddings);
    const convBefore = model.getLayer('conv1').getWeights()[0]!.dataSync().slice();
    model.compile({ optimizer: tf.train.adam(0.05), loss: 'categoricalCrossentropy' });
    const { ids, ys } = bigramDocuments(16, 6, 10, 2, 4);
    await model.fit(ids, ys, { epochs: 3, batchSize: 8, verbose: 0 });
    assert.deepEqual(model.getLayer('embedding').getWeights()[0]!.dataSync(), embeddingBefore);
    assert.notDeepEqual(model.getLayer('conv1').getWeights()[0]!.dataSync(), convBefore, 'the convolution did train');
    tf.dispose([ids, ys]);
    model.dispose();
  });

  test('bad options are rejected with a message naming them', () => {
    const relu = { ...SMALL, activation: 'relu' };
    assert.throws(() => buildDocumentCnn({ ...relu, embeddings: new Float32Array(39) }), /embeddings holds 39 values, expected .* = 40/);
    assert.throws(() => buildDocumentCnn({ ...relu, convLayers: 4 }), /convLayers must be 1–3/);
    assert.throws(() => buildDocumentCnn({ ...relu, filterSize: 0 }), /filterSize must be a positive integer/);
    assert.throws(() => buildDocumentCnn({ ...relu, activation: 'swishh' }), /unknown activation 'swishh'/);
    assert.throws(() => buildDocumentCnn({ ...relu, dropout: -0.1 }), /dropout must be in \[0, 1\)/);
  });

  for (const activation of ['relu', 'penalized-tanh']) {
    test(`${activation}: learns documents classified by a token bigram (loss falls, accuracy far above majority)`, async () => {
      const vocabSize = 40;
      const maxLength = 30;
      const train = bigramDocuments(360, maxLength, vocabSize, 3, 1);
      const held = bigramDocuments(150, maxLength, vocabSize, 3, 2);
      const model = buildDocumentCnn({
        vocabSize,
        embeddingDim: 16,
        embeddings: randomEmbeddings(vocabSize, 16, 5),
        maxLength,
        numClasses: 3,
        convLayers: 1,
        filters: 24,
        filterSize: 2,
        denseUnits: 24,
        dropout: 0.2,
        activation,
        kernelInitializer: 'glorotUniform',
        seed: 1,
      });
      const { initialLoss, heldLoss, heldAccuracy } = await fitAndScore(
        model,
        { inputs: train.ids, ys: train.ys },
        { inputs: held.ids, ys: held.ys },
        { learningRate: 0.01, epochs: 12, batchSize: 32 },
      );
      model.dispose();
      // 3 balanced classes: majority baseline 1/3.
      assert.ok(heldLoss < 0.5 * initialLoss, `loss ${initialLoss} → held-out ${heldLoss}`);
      assert.ok(heldAccuracy > 0.8, `held-out accuracy ${heldAccuracy}`);
    });
  }

  test('save and load gives identical predictions and keeps the embedding frozen', async () => {
    const { ids } = bigramDocuments(7, 6, 10, 2, 11);
    for (const activation of ['relu', 'maxout-3', 'prelu', 'swish-beta']) {
      const model = buildDocumentCnn({ ...SMALL, activation, kernelInitializer: 'orthogonal' });
      // Nonzero PReLU slopes and β ≠ 1, so the learned parameters matter to the comparison.
      const shifted = model.getWeights().map((w, i) => tf.add(w, tf.randomNormal(w.shape, 0, 0.3, 'float32', 200 + i)));
      model.setWeights(shifted);
      tf.dispose(shifted);
      const loaded = await saveAndLoad(model);
      const expected = model.predict(ids) as tf.Tensor;
      const actual = loaded.predict(ids) as tf.Tensor;
      assert.deepEqual(actual.dataSync(), expected.dataSync(), activation);
      assert.equal(loaded.getLayer('embedding').trainable, false, `${activation}: still frozen after loading`);
      tf.dispose([expected, actual]);
      model.dispose();
      loaded.dispose();
    }
    ids.dispose();
  });
});
