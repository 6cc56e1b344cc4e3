// The tagging tasks train on a slice of the real Brown corpus (universal POS tags) and clearly beat
// always answering the most frequent tag; the LSTM gate variants train.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { initBackend } from '../src/backend/backends.js';
import { runOne } from '../src/engine/run-one.js';

before(async () => {
  await initBackend('wasm');
});

// A small, quick configuration: 300 sentences of at most 50 tokens, two epochs.
const quick = { maxEpochs: 2, limit: 300, settings: { maxLength: 50 }, hparams: { units: 32, lrFactor: 1.6 } } as const;

for (const activation of ['relu', 'penalized-tanh']) {
  test(`sequence-tagging on brown-pos with ${activation} beats the majority tag`, async () => {
    const result = await runOne({ task: 'sequence-tagging', activation, ...quick });
    assert.equal(result.status, 'ok');
    const majority = result.baseline['majorityTagAccuracy']!;
    assert.ok(majority > 0.15 && majority < 0.4, `majority tag accuracy ${majority}`);
    assert.ok(result.test['tokenAccuracy']! > majority + 0.2, `test ${JSON.stringify(result.test)} vs ${JSON.stringify(result.baseline)}`);
    // The per-word baseline is the bar for a full run; reported, not asserted on two epochs.
    assert.ok(result.baseline['tokenAccuracy']! > 0.7);
  });
}

for (const variant of ['gates', 'both'] as const) {
  test(`lstm-gates (${variant} replaced by penalized tanh) trains on brown-pos`, async () => {
    const result = await runOne({ task: 'lstm-gates', activation: 'penalized-tanh', ...quick, settings: { ...quick.settings, variant } });
    assert.equal(result.status, 'ok');
    assert.ok(result.history[1]!.loss < result.history[0]!.loss, result.history.map((h) => h.loss).join(' → '));
    assert.ok(result.test['tokenAccuracy']! > result.baseline['majorityTagAccuracy']! + 0.1, JSON.stringify(result.test));
  });
}

test('the taggers refuse layer-shaped activations, as E18 did', async () => {
  await assert.rejects(runOne({ task: 'sequence-tagging', activation: 'maxout-3', ...quick }), /does not use activation 'maxout-3'/);
});
