// `actbench train --task cifar10 … --data-dir DIR` end to end, as a user runs it, on CIFAR-10
// binary files written in the real layout (cifar-10-batches-bin/data_batch_1..5.bin,
// test_batch.bin, batches.meta.txt) holding a learnable pattern: each class has its own colour.
// ResNet-20 with the recipe, and bad input; the learning check is in cifar10-learns.test.ts.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, test } from 'node:test';
import { actbench, lastJsonLine, learnableCifar10Folder } from '../src/task/vision-task-test-support.js';

const folders: string[] = [];
after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

test('train --task cifar10 --activation swish --data-dir DIR: ResNet-20 and the recipe, one epoch, one result line', () => {
  // 5 × 20 training images (a tenth held out as dev), 30 test images: the run is mostly ResNet-20's warm-up.
  const dataDir = learnableCifar10Folder(20, 30, 1);
  folders.push(dataDir);
  const run = actbench(['train', '--task', 'cifar10', '--activation', 'swish', '--data-dir', dataDir, '--epochs', '1', '--json']);
  assert.equal(run.status, 0, run.stderr);
  const result = lastJsonLine(run.stdout);
  assert.equal(result['task'], 'cifar10');
  assert.equal(result['dataset'], 'cifar10');
  assert.equal(result['backend'], 'wasm');
  assert.equal(result['status'], 'ok');
  assert.equal(result['epochs'], 1);
  assert.deepEqual(result['hparams'], {
    optimizer: 'sgd-momentum',
    lrFactor: 1,
    initializer: 'heNormal',
    schedule: 'step',
    weightDecay: 5e-4,
  });
  const test = result['test'] as Record<string, number>;
  assert.ok(test['accuracy']! >= 0 && test['accuracy']! <= 1 && Number.isFinite(test['macroF1']), JSON.stringify(test));
  assert.match(run.stderr, /^backend: wasm/m);
  assert.match(run.stderr, /epoch 1\/1 .*loss \d.*dev accuracy/);
});

test('bad input: maxout, an unknown model, a missing folder — one line each, non-zero exit', () => {
  const maxout = actbench(['train', '--task', 'cifar10', '--activation', 'maxout-2', '--data-dir', '/nonexistent']);
  assert.equal(maxout.status, 2);
  assert.match(maxout.stderr, /task 'cifar10' does not use activation 'maxout-2'/);
  const model = actbench(['train', '--task', 'cifar10', '--activation', 'relu', '--set', 'model=resnet19', '--data-dir', '/nonexistent']);
  assert.equal(model.status, 2);
  assert.match(model.stderr, /setting model=resnet19 is not one of small-cnn, resnet20, resnet32, resnet56, resnet18/);
  const missing = actbench(['train', '--task', 'cifar10', '--activation', 'relu', '--data-dir', '/nonexistent']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /data_batch_1\.bin/);
  // The error is one line, after the line naming the backend.
  for (const run of [maxout, model, missing])
    assert.deepEqual(
      run.stderr
        .trim()
        .split('\n')
        .filter((line) => !line.startsWith('backend: ')).length,
      1,
      run.stderr,
    );
});
