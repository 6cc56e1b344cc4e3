// The training loop on a small real model: early stopping on dev, the best-dev weights restored
// for test, a NaN loss recorded as 'diverged' rather than thrown.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../backend/backends.js';
import { classificationProblem } from '../task/text-classification-problem.js';
import type { Problem } from '../task/types.js';
import { seededRandom } from '../util/random.js';
import { trainConfiguration } from './train-configuration.js';

before(async () => {
  await initBackend('wasm');
});

/** Two Gaussian clusters in 4-d, labels by cluster. */
function clusters(count: number, seed: number): { inputs: tf.Tensor; labels: Int32Array } {
  const random = seededRandom(seed);
  const values = new Float32Array(count * 4);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = i % 2;
    for (let d = 0; d < 4; d++) values[i * 4 + d] = (labels[i] ? 1 : -1) + (random() - 0.5) * 1.5;
  }
  return { inputs: tf.tensor2d(values, [count, 4]), labels };
}

function problem(): Problem {
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({
        inputShape: [4],
        units: 2,
        activation: 'softmax',
        kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }),
      }),
    ],
  });
  return classificationProblem(model, 2, { train: clusters(200, 1), dev: clusters(100, 2), test: clusters(100, 3) });
}

test('trains, keeps the best dev epoch and scores it on test', () => {
  const p = problem();
  const epochs: number[] = [];
  const result = trainConfiguration(p, {
    training: { batchSize: 16, maxEpochs: 6, patience: 10 },
    primaryMetric: 'accuracy',
    optimizer: 'adam',
    lrFactor: 10,
    seed: 1,
    onEpoch: (record) => epochs.push(record.epoch),
  });
  assert.equal(result.status, 'ok');
  assert.deepEqual(epochs, [1, 2, 3, 4, 5, 6]);
  assert.ok(result.test['accuracy']! > 0.9, JSON.stringify(result.test));
  const bestDev = Math.max(...result.history.map((h) => h.dev['accuracy']!));
  assert.equal(result.dev['accuracy'], bestDev);
  assert.equal(result.history[result.bestEpoch - 1]!.dev['accuracy'], bestDev);
  // The restored weights are the best epoch's: dev scored again equals the recorded best.
  assert.equal(p.evaluate('dev')['accuracy'], bestDev);
  p.dispose();
});

test('stops after `patience` epochs without a better dev score', () => {
  const p = problem();
  const result = trainConfiguration(p, {
    training: { batchSize: 200, maxEpochs: 50, patience: 2 },
    primaryMetric: 'accuracy',
    optimizer: 'sgd',
    lrFactor: 1e-6,
    seed: 1,
  });
  // With a learning rate near zero the dev score never improves after epoch 1.
  assert.equal(result.bestEpoch, 1);
  assert.equal(result.epochs, 3);
  p.dispose();
});

test('a NaN loss ends the run as diverged, without throwing', () => {
  const p = problem();
  let calls = 0;
  const poisoned: Problem = { ...p, loss: (indices) => (++calls > 5 ? tf.mul(p.loss(indices), NaN) : p.loss(indices)) };
  const result = trainConfiguration(poisoned, {
    training: { batchSize: 16, maxEpochs: 5, patience: 5 },
    primaryMetric: 'accuracy',
    optimizer: 'adam',
    lrFactor: 1,
    seed: 1,
  });
  assert.equal(result.status, 'diverged');
  assert.equal(result.bestEpoch, 0);
  p.dispose();
});

test('diagnostics of a diverged run: the non-finite step counted, snapshots at initialisation and where it stopped', () => {
  const p = problem();
  let calls = 0;
  // 13 batches an epoch: the sixth loss, in epoch 1, is NaN.
  const poisoned: Problem = { ...p, loss: (indices) => (++calls > 5 ? tf.mul(p.loss(indices), NaN) : p.loss(indices)) };
  const result = trainConfiguration(poisoned, {
    training: { batchSize: 16, maxEpochs: 5, patience: 5 },
    primaryMetric: 'accuracy',
    optimizer: 'adam',
    lrFactor: 1,
    seed: 1,
    diagnostics: true,
  });
  assert.equal(result.status, 'diverged');
  const diagnostics = result.diagnostics!;
  assert.equal(diagnostics.nonFiniteSteps, 1);
  assert.deepEqual(
    diagnostics.snapshots.map((snapshot) => snapshot.epoch),
    [0, 1],
  );
  // One dense softmax layer: one gradient norm, no activation application to probe.
  assert.equal(diagnostics.layers.length, 1);
  assert.deepEqual(diagnostics.points, []);
  p.dispose();
});

test('every study optimizer takes steps (Nadam written here)', () => {
  for (const optimizer of ['adam', 'adadelta', 'nadam', 'adagrad', 'adamax', 'sgd', 'rmsprop']) {
    const p = problem();
    const result = trainConfiguration(p, {
      training: { batchSize: 20, maxEpochs: 3, patience: 5 },
      primaryMetric: 'accuracy',
      optimizer,
      lrFactor: 1,
      seed: 1,
    });
    assert.equal(result.status, 'ok', optimizer);
    assert.ok(result.history[2]!.loss < result.history[0]!.loss, `${optimizer}: ${result.history.map((h) => h.loss).join(' → ')}`);
    p.dispose();
  }
});
