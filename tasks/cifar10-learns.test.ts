// `actbench train --task cifar10 … --data-dir DIR` end to end, as a user runs it, on CIFAR-10
// binary files written in the real layout (cifar-10-batches-bin/data_batch_1..5.bin,
// test_batch.bin, batches.meta.txt) holding a learnable pattern: each class has its own colour.
// Here: the cifar10 task learns that pattern (a separate file from cifar10.test.ts so each stays well under a minute).
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, test } from 'node:test';
import { actbench, lastJsonLine, learnableCifar10Folder } from '../src/task/vision-task-test-support.js';

const folders: string[] = [];
after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

test('train --task cifar10 learns the colour pattern (small CNN with Adam, 3 epochs, 360 images) far above chance', () => {
  // The recipe's SGD at 0.1 is too hot for the small CNN's wide dense layer in so few steps; Adam
  // reaches ≈ 0.99 test accuracy here.
  const dataDir = learnableCifar10Folder(80, 200, 2);
  folders.push(dataDir);
  const run = actbench([
    'train',
    '--task',
    'cifar10',
    '--activation',
    'relu',
    '--data-dir',
    dataDir,
    '--epochs',
    '3',
    '--set',
    'model=small-cnn',
    '--set',
    'optimizer=adam',
    '--set',
    'schedule=constant',
    '--json',
  ]);
  assert.equal(run.status, 0, run.stderr);
  const result = lastJsonLine(run.stdout);
  const test = result['test'] as Record<string, number>;
  const baseline = result['baseline'] as Record<string, number>;
  assert.ok(baseline['accuracy']! < 0.2, JSON.stringify(baseline));
  assert.ok(test['accuracy']! > 0.6, `test ${JSON.stringify(test)} (chance 0.1)`);
});
