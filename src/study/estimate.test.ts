import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, test } from 'node:test';
import { initBackend } from '../backend/backends.js';
import { estimatePending } from './estimate.js';
import { planJobs } from './plan.js';
import { presetSpec } from './presets.js';
import { validateStudySpec } from './spec.js';

before(async () => {
  await initBackend('wasm');
});

test('the dry-run estimate calibrates each mini-experiment once and scales to its pending jobs', async () => {
  const spec = await presetSpec('smoke');
  const jobs = await planJobs(spec);
  const estimate = await estimatePending(spec, jobs);
  const entries = Object.values(estimate.perMiniExperiment);
  assert.equal(entries.length, spec.miniExperiments.length);
  assert.equal(
    entries.reduce((n, e) => n + e.jobs, 0),
    jobs.length,
  );
  assert.ok(estimate.seconds > 0 && estimate.seconds < 600, `${estimate.seconds} s`);
  assert.ok(Math.abs(estimate.seconds - entries.reduce((s, e) => s + e.secondsPerJob * e.jobs, 0)) < 1e-9);
  assert.deepEqual(await estimatePending(spec, []), { seconds: 0, perMiniExperiment: {} });
});

test('a task with a training probe is estimated from training images/s measured on synthetic inputs, without its data', async () => {
  // CIFAR-10 is not on this machine: the probe needs none (validation only wants a folder).
  const spec = await validateStudySpec(
    {
      activations: ['relu', 'swish'],
      miniExperiments: [
        {
          task: 'cifar10',
          settings: { model: 'resnet20' },
          fixed: { optimizer: 'sgd-momentum', schedule: 'step', nesterov: true, batchSize: 4, epochs: 3 },
        },
      ],
      configurations: 1,
      repeats: 2,
      seed: 1,
      dataDir: mkdtempSync(path.join(tmpdir(), 'actbench-estimate-')),
    },
    'probe.json',
  );
  const jobs = await planJobs(spec);
  const estimate = await estimatePending(spec, jobs);
  const entry = estimate.perMiniExperiment['cifar10/cifar10/model=resnet20'] ?? Object.values(estimate.perMiniExperiment)[0]!;
  assert.equal(entry.jobs, 4);
  // A batch of 4 is cheap on any backend: timed at the job's own batch size.
  assert.equal(entry.throughput?.batchSize, 4);
  const rate = entry.throughput!.imagesPerSecond;
  assert.ok(rate > 0 && Number.isFinite(rate), `${rate} images/s`);
  // 48,000 training images (80% of 60,000) × 3 epochs, plus 6,000 scored 4 times at three times the rate.
  const expected = (48_000 * 3) / rate + (6_000 * 4) / (3 * rate);
  assert.ok(Math.abs(entry.secondsPerJob - expected) < 1e-6 * expected, `${entry.secondsPerJob} vs ${expected}`);
  assert.ok(Math.abs(estimate.seconds - 4 * entry.secondsPerJob) < 1e-6 * estimate.seconds);
});
