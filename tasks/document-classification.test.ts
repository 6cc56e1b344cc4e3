// The document CNN trains on a slice of SpamAssassin and clearly beats the majority class.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { initBackend } from '../src/backend/backends.js';
import { runOne } from '../src/engine/run-one.js';

before(async () => {
  await initBackend('wasm');
});

for (const activation of ['relu', 'penalized-tanh']) {
  test(`document-classification on spam-assassin with ${activation} beats the majority class`, async () => {
    const result = await runOne({
      task: 'document-classification',
      activation,
      maxEpochs: 6,
      limit: 800,
      settings: { maxLength: 100 },
      hparams: { filters: 40, denseUnits: 32, lrFactor: 1.6 },
    });
    assert.equal(result.status, 'ok');
    assert.ok(result.baseline['accuracy']! > 0.6 && result.baseline['accuracy']! < 0.75, JSON.stringify(result.baseline));
    assert.ok(
      result.test['accuracy']! > result.baseline['accuracy']! + 0.1,
      `test ${JSON.stringify(result.test)} vs baseline ${JSON.stringify(result.baseline)}`,
    );
  });
}
