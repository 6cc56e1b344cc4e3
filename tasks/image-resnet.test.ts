// The small pre-activation ResNets on an MNIST slice: trained briefly through the task they beat
// the majority baseline by far; depth and width come from the settings; maxout and bad settings
// are refused before anything trains.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { initBackend } from '../src/backend/backends.js';
import { runOne } from '../src/engine/run-one.js';

before(async () => {
  await initBackend('wasm');
});

test('image-resnet (depth 8, width 8) on an MNIST slice (500 images, 3 epochs) beats the baseline by far (~8 s on a busy 2-core machine)', async () => {
  const result = await runOne({
    task: 'image-resnet',
    dataset: 'mnist',
    activation: 'swish',
    limit: 500,
    maxEpochs: 3,
    settings: { depth: 8, width: 8 },
    // vision-resnet's kind of configuration (test accuracy ≈ 0.7; majority baseline ≈ 0.1).
    hparams: { optimizer: 'nadam', lrFactor: 1.6, schedule: 'constant', weightDecay: 1e-5, batchSize: 16 },
  });
  assert.equal(result.status, 'ok');
  assert.ok(result.baseline['accuracy']! < 0.15, JSON.stringify(result.baseline));
  assert.ok(result.test['accuracy']! > 0.5, JSON.stringify(result.test));
  assert.deepEqual({ depth: result.settings['depth'], width: result.settings['width'] }, { depth: 8, width: 8 });
});

test('image-resnet refuses maxout and settings outside the declared ones', async () => {
  await assert.rejects(
    runOne({ task: 'image-resnet', dataset: 'mnist', activation: 'maxout-2', limit: 50, maxEpochs: 1 }),
    /task 'image-resnet' does not use activation 'maxout-2'/,
  );
  await assert.rejects(
    runOne({ task: 'image-resnet', dataset: 'mnist', activation: 'relu', settings: { depth: 9 }, limit: 50, maxEpochs: 1 }),
    /depth/,
  );
});
