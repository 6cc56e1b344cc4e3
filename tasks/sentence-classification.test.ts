// The sentence task trains on real offline data (UCI labelled sentences) and clearly beats the
// majority class, for relu and for penalized tanh.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { initBackend } from '../src/backend/backends.js';
import { runOne } from '../src/engine/run-one.js';

before(async () => {
  await initBackend('wasm');
});

for (const activation of ['relu', 'penalized-tanh']) {
  test(`sentence-classification on uci-sentiment with ${activation} beats the majority class`, async () => {
    const result = await runOne({ task: 'sentence-classification', activation, maxEpochs: 4, hparams: { units: 64 } });
    assert.equal(result.status, 'ok');
    assert.equal(result.baseline['accuracy'], 0.5);
    assert.ok(
      result.test['accuracy']! > result.baseline['accuracy']! + 0.12,
      `test ${JSON.stringify(result.test)} vs baseline ${JSON.stringify(result.baseline)}`,
    );
    assert.ok(result.epochs <= 4 && result.bestEpoch >= 1);
  });
}

test('maxout replaces the dense layers and trains too', async () => {
  const result = await runOne({ task: 'sentence-classification', activation: 'maxout-2', maxEpochs: 2, hparams: { units: 32 } });
  assert.ok(result.test['accuracy']! > 0.6, JSON.stringify(result.test));
});

test('a dataset the task does not run on, or an unknown activation, is rejected before training', async () => {
  await assert.rejects(
    runOne({ task: 'sentence-classification', activation: 'relu', dataset: 'brown-pos' }),
    /does not run on dataset 'brown-pos'/,
  );
  await assert.rejects(runOne({ task: 'sentence-classification', activation: 'relo' }), /unknown activation 'relo'/);
});
