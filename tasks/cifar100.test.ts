// The cifar100 task on generated CIFAR-100 files (the data side's test files in the real layout):
// a pre-activation ResNet-20 with 100 outputs runs an epoch and is scored on the fine labels.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { initBackend } from '../src/backend/backends.js';
import { writeCifar100 } from '../src/data/readers/cifar-test-support.js';
import { runOne } from '../src/engine/run-one.js';

const root = mkdtempSync(path.join(tmpdir(), 'actbench-cifar100-task-'));

before(async () => {
  await initBackend('wasm');
});

after(() => rmSync(root, { recursive: true, force: true }));

test('cifar100: pre-activation ResNet-20 over the 100 fine classes, one epoch, recipe defaults', async () => {
  writeCifar100(root, 200, 40);
  const result = await runOne({
    task: 'cifar100',
    activation: 'penalized-tanh',
    dataDir: root,
    maxEpochs: 1,
    limit: 60,
    settings: { preActivation: true, augmentation: 'crop' },
  });
  assert.equal(result.status, 'ok');
  assert.equal(result.dataset, 'cifar100');
  assert.deepEqual(result.settings, { model: 'resnet20', preActivation: true, augmentation: 'crop', trainFraction: 1 });
  assert.equal(result.history[0]!.learningRate, 0.1);
  for (const scores of [result.dev, result.test])
    assert.ok(scores['accuracy']! >= 0 && scores['accuracy']! <= 1 && Number.isFinite(scores['macroF1']), JSON.stringify(scores));
});
