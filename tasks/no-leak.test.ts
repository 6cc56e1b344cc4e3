// Every task's run leaves no tensor behind: prepare (the data's tensors, the model), a training
// epoch on a tiny slice, evaluation, the baseline, the diagnostics' probe and dispose(), as the
// engine drives them for each job of a study (tfjs-layers' tests check "does not leak" the same
// way). A worker runs job after job in one process, so a task that kept even one tensor per run
// would grow it for the whole study. Iterates the registry, so a new task is covered unnamed; the
// overrides only swap in offline data (CIFAR files in the real layout, MNIST for the
// Fashion-MNIST default, which is a system package) and a small network.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../src/backend/backends.js';
import { writeCifar10, writeCifar100 } from '../src/data/readers/cifar-test-support.js';
import { runOne, type RunRequest } from '../src/engine/run-one.js';
import { loadTasks } from '../src/task/registry.js';

const tasks = await loadTasks();
const dataDir = mkdtempSync(path.join(tmpdir(), 'actbench-no-leak-'));

const OVERRIDES: Record<string, Partial<RunRequest>> = {
  'image-resnet': { dataset: 'mnist', settings: { depth: 8, width: 8 } },
  cifar10: { dataDir },
  cifar100: { dataDir },
};

describe('tasks do not leak: one epoch on a slice, evaluation, dispose (wasm)', () => {
  before(async () => {
    await initBackend('wasm');
    writeCifar10(dataDir, 20, 20);
    writeCifar100(dataDir, 40, 20);
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  for (const task of tasks.all) {
    it(task.name, async () => {
      const request: RunRequest = { task: task.name, activation: 'penalized-tanh', maxEpochs: 1, limit: 24, ...OVERRIDES[task.name] };
      const before = tf.memory().numTensors;
      const result = await runOne(request);
      assert.equal(result.status, 'ok');
      assert.equal(tf.memory().numTensors, before, `${task.name} left ${tf.memory().numTensors - before} tensors behind`);
    });
  }
});
