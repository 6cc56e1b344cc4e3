// The small CNN: shapes and parameter counts worked out by hand (maxout as convolutional maxout,
// PReLU per channel), every registry activation builds and runs, bad options are refused, and the
// model saves and loads. Its accuracy on MNIST is tested through the task (tasks/image-classification.test.ts).
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { saveAndLoad } from '../activation/layers/layer-test-support.js';
import { loadActivations } from '../activation/registry.js';
import { initBackend } from '../backend/backends.js';
import { buildSmallCnn, type SmallCnnOptions } from './small-cnn.js';

const registry = await loadActivations();

before(async () => {
  await initBackend('wasm');
});

const TINY: Omit<SmallCnnOptions, 'activation'> = {
  inputShape: [8, 8, 1],
  numClasses: 3,
  blocks: 2,
  filters: 4,
  denseUnits: 10,
  dropout: 0.25,
  seed: 1,
};

const trainableCount = (model: tfl.LayersModel) =>
  model.trainableWeights.reduce((sum, w) => sum + w.shape.reduce((a: number, b) => a * b!, 1), 0);

test('shapes and trainable parameters match the hand count', () => {
  const relu = buildSmallCnn({ ...TINY, activation: 'relu' });
  assert.deepEqual(relu.getLayer('block1_pool').outputShape, [null, 4, 4, 4]);
  assert.deepEqual(relu.getLayer('block2_pool').outputShape, [null, 2, 2, 8]);
  // conv1 3·3·1·4 = 36 (no bias: batch norm follows), BN γβ 8; conv2 3·3·4·8 = 288, BN 16;
  // dense (2·2·8 = 32) → 10: 330; output 10·3 + 3 = 33.
  assert.equal(trainableCount(relu), 36 + 8 + 288 + 16 + 330 + 33);
  // The moving means and variances are weights too, not trained.
  assert.equal(relu.countParams(), 36 + 16 + 288 + 32 + 330 + 33);
  relu.dispose();

  // Without batch norm the convolutions have biases.
  const plain = buildSmallCnn({ ...TINY, activation: 'relu', batchNorm: false });
  assert.equal(trainableCount(plain), 36 + 4 + 288 + 8 + 330 + 33);
  plain.dispose();

  // maxout-2: each conv has twice the channels, grouped back to 4 and 8 (conv1 3·3·1·8 = 72, BN 16;
  // conv2 3·3·4·16 = 576, BN 32); the dense layer is a Maxout of 10 units (32·20 + 20 = 660).
  const maxout = buildSmallCnn({ ...TINY, activation: 'maxout-2' });
  assert.deepEqual(maxout.getLayer('block1_conv').outputShape, [null, 8, 8, 8]);
  assert.deepEqual(maxout.getLayer('block1_maxout').outputShape, [null, 8, 8, 4]);
  assert.equal(trainableCount(maxout), 72 + 16 + 576 + 32 + 660 + 33);
  maxout.dispose();

  // prelu: one slope per channel (4, 8) and per dense unit (10).
  const prelu = buildSmallCnn({ ...TINY, activation: 'prelu' });
  assert.equal(trainableCount(prelu), 36 + 8 + 4 + 288 + 16 + 8 + 330 + 10 + 33);
  prelu.dispose();
});

test('every registry activation builds and gives a probability distribution per image', () => {
  const x = tf.randomNormal([3, 8, 8, 1], 0, 1, 'float32', 5);
  for (const activation of registry.all) {
    const model = buildSmallCnn({ ...TINY, activation: activation.name });
    const probabilities = model.predict(x) as tf.Tensor;
    assert.deepEqual(probabilities.shape, [3, 3], activation.name);
    const values = probabilities.dataSync();
    assert.ok(values.every(Number.isFinite), `${activation.name}: non-finite output`);
    for (let row = 0; row < 3; row++)
      assert.ok(Math.abs(values[3 * row]! + values[3 * row + 1]! + values[3 * row + 2]! - 1) < 1e-5, activation.name);
    probabilities.dispose();
    model.dispose();
  }
  x.dispose();
});

test('bad options are refused with a message naming them', () => {
  const relu = { ...TINY, activation: 'relu' };
  assert.throws(() => buildSmallCnn({ ...relu, blocks: 4 }), /blocks must be 1–3, got 4/);
  assert.throws(() => buildSmallCnn({ ...relu, inputShape: [4, 8, 1], blocks: 3 }), /needs at least 8×8 pixels, got 4×8/);
  assert.throws(() => buildSmallCnn({ ...relu, filters: 0 }), /filters must be a positive integer/);
  assert.throws(() => buildSmallCnn({ ...relu, dropout: 1 }), /dropout must be in \[0, 1\)/);
  assert.throws(() => buildSmallCnn({ ...relu, activation: 'rellu' }), /unknown activation 'rellu'/);
});

test('saves and loads with identical predictions (convolutional maxout, PReLU, swish-beta)', async () => {
  const x = tf.randomNormal([2, 8, 8, 1], 0, 1, 'float32', 6);
  for (const activation of ['maxout-3', 'prelu', 'swish-beta']) {
    const model = buildSmallCnn({ ...TINY, activation });
    // Move every weight (slopes, β, moving statistics) off its initial value so all of them matter.
    const shifted = model.getWeights().map((w, i) => tf.add(tf.abs(w), tf.randomUniform(w.shape, 0.1, 0.5, 'float32', 100 + i)));
    model.setWeights(shifted);
    tf.dispose(shifted);
    const loaded = await saveAndLoad(model);
    assert.deepEqual((loaded.predict(x) as tf.Tensor).dataSync(), (model.predict(x) as tf.Tensor).dataSync(), activation);
    model.dispose();
    loaded.dispose();
  }
});
