// `actbench run --dry-run` on a study whose task has a training probe: the plan, then per
// mini-experiment the training images/s measured on the backend in use and the time it implies,
// with no data on the machine (CIFAR-10's folder is empty).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { runActbench } from './cli-test-support.js';

test('run --dry-run times training steps of a probe-able network and prints its images/s and the estimate', async () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'actbench-dry-run-'));
  const spec = path.join(folder, 'study.json');
  writeFileSync(
    spec,
    JSON.stringify({
      activations: ['relu'],
      // resnet20 is the task's default model, so the mini-experiment's id does not name it.
      miniExperiments: [
        {
          task: 'cifar10',
          settings: { model: 'resnet20' },
          fixed: {
            optimizer: 'sgd-momentum',
            schedule: 'step',
            nesterov: true,
            milestones: '0.3,0.6,0.8',
            lrDecay: 0.2,
            batchSize: 4,
            epochs: 2,
          },
        },
      ],
      configurations: 1,
      repeats: 1,
      seed: 1,
      dataDir: folder,
    }),
  );
  const run = await runActbench(['run', spec, '--out', path.join(folder, 'out'), '--dry-run', '--workers', '1'], {
    ACTBENCH_BACKEND: 'wasm',
  });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /1 jobs, 0 already done, 1 to run/);
  assert.match(
    run.stdout,
    /^cifar10\/cifar10: 1 jobs × \S+, [\d.]+ training images\/s measured on wasm \(batch 4, relu; [\d.]+ by CPU time\)$/m,
  );
  assert.match(run.stdout, /^estimated time: \S+ on 1 worker \(an upper bound: every job at its maximum epochs\)$/m);
});
