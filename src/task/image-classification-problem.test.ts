// The image Problem on generated images: the loss is the cross-entropy of the model on
// imageBatch's normalised (train-split statistics) batch; evaluation in batches equals one pass;
// augmentation is seeded per run and never touches dev/test; and the splits honour limit and
// trainFraction.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../backend/backends.js';
import { channelStats, imageBatch, type Augmentation } from '../data/images.js';
import type { ImageSet, ImageSplits } from '../data/types.js';
import { accuracy } from '../models/metrics.js';
import { seededRandom } from '../util/random.js';
import { AUGMENTATIONS, imageClassificationProblem, loadImageSplits } from './image-classification-problem.js';
import type { TaskContext } from './types.js';

before(async () => {
  await initBackend('wasm');
});

/** `count` random 6×6 RGB images with labels 0–2 (label 2 more often, so the majority is known). */
function randomImages(count: number, seed: number): ImageSet {
  const random = seededRandom(seed);
  const pixels = Uint8Array.from({ length: count * 6 * 6 * 3 }, () => Math.floor(random() * 256));
  const labels = Int32Array.from({ length: count }, (_, i) => (i % 4 === 3 ? 0 : i % 4 === 2 ? 1 : 2));
  return { pixels, labels, count, height: 6, width: 6, channels: 3 };
}

const SPLITS: ImageSplits = {
  train: randomImages(40, 1),
  dev: randomImages(300, 2),
  test: randomImages(20, 3),
  classNames: ['a', 'b', 'c'],
};

function tinyModel(): tfl.LayersModel {
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({
        inputShape: [6, 6, 3],
        filters: 2,
        kernelSize: 3,
        kernelInitializer: tfl.initializers.glorotUniform({ seed: 4 }),
      }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: 5 }) }),
    ],
  });
}

test('loss(indices) is the mean −log p(label) of the model on the normalised batch', () => {
  const problem = imageClassificationProblem(tinyModel(), SPLITS, { seed: 1 });
  const indices = Int32Array.from([5, 0, 17, 33]);
  const loss = problem.loss(indices);
  const inputs = tf.tensor4d(imageBatch(SPLITS.train, indices, channelStats(SPLITS.train)), [4, 6, 6, 3]);
  const probabilities = (problem.model.predict(inputs) as tf.Tensor).arraySync() as number[][];
  const expected =
    -Array.from(indices, (index, row) => Math.log(probabilities[row]![SPLITS.train.labels[index]!]!)).reduce((a, b) => a + b, 0) / 4;
  assert.ok(Math.abs(loss.dataSync()[0]! - expected) < 1e-5, `${loss.dataSync()[0]} vs ${expected}`);
  tf.dispose([loss, inputs]);
  problem.dispose();
});

test('evaluate scores every image (across evaluation batches) and the baseline is the training majority', () => {
  const problem = imageClassificationProblem(tinyModel(), SPLITS, { seed: 1 });
  const all = Int32Array.from({ length: SPLITS.dev.count }, (_, i) => i);
  const inputs = tf.tensor4d(imageBatch(SPLITS.dev, all, channelStats(SPLITS.train)), [SPLITS.dev.count, 6, 6, 3]);
  const predictions = tf.argMax(problem.model.predict(inputs) as tf.Tensor, -1).dataSync();
  assert.equal(problem.evaluate('dev')['accuracy'], accuracy(SPLITS.dev.labels, predictions));
  // Majority class of train is 2 (half the labels); on test it is right for 10 of 20 images.
  assert.deepEqual(problem.baseline()['accuracy'], 0.5);
  inputs.dispose();
  problem.dispose();
});

test('augmentation: the same seed gives the same batches, another seed others; dev/test are not augmented', () => {
  const losses = (seed: number, augmentation: Augmentation | undefined) => {
    const problem = imageClassificationProblem(tinyModel(), SPLITS, { seed, augmentation });
    const values = [0, 1, 2].map(() => {
      const loss = problem.loss(Int32Array.from([0, 1, 2, 3, 4, 5]));
      const value = loss.dataSync()[0]!;
      loss.dispose();
      return value;
    });
    const dev = problem.evaluate('dev');
    problem.dispose();
    return { values, dev };
  };
  const cropFlip = AUGMENTATIONS['crop-flip'];
  const first = losses(7, cropFlip);
  assert.deepEqual(losses(7, cropFlip), first);
  assert.notDeepEqual(losses(8, cropFlip).values, first.values);
  // Successive batches of the same images differ: new crops and flips each time.
  assert.notEqual(first.values[0], first.values[1]);
  const plain = losses(7, undefined);
  assert.equal(plain.values[0], plain.values[1]);
  assert.notEqual(plain.values[0], first.values[0]);
  assert.deepEqual(plain.dev, first.dev);
});

test('loadImageSplits applies the per-split limit, then trainFraction of what is left', async () => {
  const context = (settings: TaskContext['settings'], limit?: number): TaskContext => ({
    hparams: {},
    activation: 'relu',
    settings,
    dataset: 'mnist',
    load: { seed: 1 },
    seed: 1,
    ...(limit !== undefined ? { limit } : {}),
  });
  const limited = await loadImageSplits(context({ trainFraction: 1 }, 120), 'test-task');
  assert.deepEqual([limited.train.count, limited.dev.count, limited.test.count], [120, 120, 120]);
  assert.equal(limited.classNames.length, 10);
  // Half of the 120 the limit leaves; dev keeps its 120.
  const fraction = await loadImageSplits(context({ trainFraction: 0.5 }, 120), 'test-task');
  assert.deepEqual([fraction.train.count, fraction.dev.count], [60, 120]);
  // Without a limit, of all of MNIST's 60,000 − 5,000 dev = 55,000 training images: 0.001 is 55.
  const unlimited = await loadImageSplits(context({ trainFraction: 0.001 }), 'test-task');
  assert.equal(unlimited.train.count, 55);
  await assert.rejects(
    loadImageSplits({ ...context({}), dataset: 'uci-sentiment' }, 'test-task'),
    /task 'test-task' needs an image classification dataset, not 'uci-sentiment'/,
  );
});
