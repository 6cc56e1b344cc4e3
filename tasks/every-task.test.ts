// Every task plugin, discovered (none listed by hand), trains one tiny configuration on small
// offline data and beats its trivial baseline by a clear margin, in the manner of benchopt's
// test_solver: a new task file is covered unnamed, and fails here if its model, loss or
// evaluation cannot learn at all. TINY only makes runs small and swaps in offline data (CIFAR
// files in the real layout whose classes a model can learn; MNIST for image-resnet's
// Fashion-MNIST default, which is a system package); a task absent from it runs its defaults on a
// slice of its default dataset.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { initBackend } from '../src/backend/backends.js';
import { runOne, type RunRequest, type RunResult } from '../src/engine/run-one.js';
import { loadTasks } from '../src/task/registry.js';
import { learnableCifar100Folder, learnableCifar10Folder } from '../src/task/vision-task-test-support.js';

const tasks = await loadTasks();
// 5 × 40 training images (a tenth held out as dev) and 100 test images of 10 colour classes.
const cifar10Dir = learnableCifar10Folder(40, 100, 1);
const cifar100Dir = learnableCifar100Folder(200, 100, 1);

/** How far above the trivial baseline the tiny run's test score must be (scores are fractions). */
const MARGIN = 0.1;

// The recipe's SGD at 0.1 is too hot for the small CNN in so few steps (cifar10-learns.test.ts): Adam.
const SMALL_CNN_ADAM = { optimizer: 'adam', schedule: 'constant', weightDecay: 0 };
const TINY_TAGGER: Partial<RunRequest> = { limit: 300, maxEpochs: 3, settings: { maxLength: 25 }, hparams: { units: 32, lrFactor: 1.6 } };

const TINY: Record<string, Partial<RunRequest>> = {
  cifar10: { dataDir: cifar10Dir, maxEpochs: 3, settings: { model: 'small-cnn', augmentation: 'none' }, hparams: SMALL_CNN_ADAM },
  cifar100: { dataDir: cifar100Dir, maxEpochs: 3, settings: { model: 'small-cnn', augmentation: 'none' }, hparams: SMALL_CNN_ADAM },
  'document-classification': {
    limit: 600,
    maxEpochs: 5,
    settings: { maxLength: 100 },
    hparams: { filters: 32, denseUnits: 32, lrFactor: 1.6 },
  },
  'image-classification': { dataset: 'mnist', limit: 400, maxEpochs: 3, hparams: { filters: 8, denseUnits: 32, dropout: 0.1 } },
  'image-resnet': {
    dataset: 'mnist',
    limit: 400,
    maxEpochs: 3,
    settings: { depth: 8, width: 8 },
    hparams: { optimizer: 'nadam', lrFactor: 1.6 },
  },
  // The default variant puts the activation in the gates too, which suits bounded functions only.
  'lstm-gates': { ...TINY_TAGGER, activation: 'penalized-tanh' },
  'sentence-classification': { limit: 600, maxEpochs: 3, hparams: { units: 64 } },
  'sequence-tagging': TINY_TAGGER,
};

/**
 * The trivial predictor's score on the task's primary metric: the majority class for classifiers;
 * for taggers always the most frequent tag (their primary baseline, the most frequent tag of each
 * word, is the bar of a full run, not of two epochs on a slice).
 */
function trivialBaseline(result: RunResult): number {
  const score = result.baseline['majorityTagAccuracy'] ?? result.baseline[result.primaryMetric];
  assert.ok(
    score !== undefined,
    `${result.task}: baseline() reports neither ${result.primaryMetric} nor majorityTagAccuracy: ${JSON.stringify(result.baseline)}`,
  );
  return score;
}

describe('every task beats its trivial baseline on a tiny run (wasm, seed 1)', () => {
  before(async () => {
    await initBackend('wasm');
  });
  after(() => {
    for (const folder of [cifar10Dir, cifar100Dir]) rmSync(folder, { recursive: true, force: true });
  });

  for (const task of tasks.all) {
    it(task.name, async () => {
      const request: RunRequest = {
        task: task.name,
        activation: 'relu',
        seed: 1,
        limit: 300,
        maxEpochs: 2,
        diagnostics: false,
        ...TINY[task.name],
      };
      const result = await runOne(request);
      assert.equal(result.status, 'ok');
      const bar = trivialBaseline(result);
      const score = result.test[result.primaryMetric]!;
      assert.ok(
        score > bar + MARGIN,
        `${task.name}: test ${result.primaryMetric} ${score.toFixed(3)} is not ${MARGIN} above the trivial baseline ${bar.toFixed(3)} (${result.seconds.toFixed(1)} s)`,
      );
    });
  }
});
