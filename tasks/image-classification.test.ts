// The small CNN, trained briefly on a slice of MNIST through the task, beats 90% test accuracy.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { initBackend } from '../src/backend/backends.js';
import { runOne } from '../src/engine/run-one.js';

before(async () => {
  await initBackend('wasm');
});

test('image-classification on an MNIST slice (3,000 images, 3 epochs) beats 90% test accuracy', async () => {
  const result = await runOne({
    task: 'image-classification',
    dataset: 'mnist',
    activation: 'relu',
    limit: 3000,
    maxEpochs: 3,
    // A narrow CNN and the recipe's SGD with momentum and a cosine schedule: ~15–25 s on a busy 2-core machine (test accuracy ≈ 0.94).
    hparams: { filters: 8, denseUnits: 64, dropout: 0.1, optimizer: 'sgd-momentum', lrFactor: 1, schedule: 'cosine', weightDecay: 5e-4 },
  });
  assert.equal(result.status, 'ok');
  assert.ok(result.baseline['accuracy']! < 0.15, JSON.stringify(result.baseline));
  assert.ok(result.test['accuracy']! > 0.9, JSON.stringify(result.test));
  assert.ok(result.test['macroF1']! > 0.88, JSON.stringify(result.test));
  // The schedule ran: base 0.1, then ½(1 + cos(π/3)) and ½(1 + cos(2π/3)) of it.
  const rates = result.history.map((epoch) => epoch.learningRate!);
  [0.1, 0.075, 0.025].forEach((rate, i) => assert.ok(Math.abs(rates[i]! - rate) < 1e-12, `epoch ${i + 1}: ${rates[i]}`));
});
