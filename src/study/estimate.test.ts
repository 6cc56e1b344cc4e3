import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { initBackend } from '../backend/backends.js';
import { estimatePending } from './estimate.js';
import { planJobs } from './plan.js';
import { presetSpec } from './presets.js';

before(async () => {
  await initBackend('wasm');
});

test('the dry-run estimate calibrates each mini-experiment once and scales to its pending jobs', async () => {
  const spec = await presetSpec('smoke');
  const jobs = await planJobs(spec);
  const estimate = await estimatePending(spec, jobs);
  const entries = Object.values(estimate.perMiniExperiment);
  assert.equal(entries.length, spec.miniExperiments.length);
  assert.equal(entries.reduce((n, e) => n + e.jobs, 0), jobs.length);
  assert.ok(estimate.seconds > 0 && estimate.seconds < 600, `${estimate.seconds} s`);
  assert.ok(Math.abs(estimate.seconds - entries.reduce((s, e) => s + e.secondsPerJob * e.jobs, 0)) < 1e-9);
  assert.deepEqual(await estimatePending(spec, []), { seconds: 0, perMiniExperiment: {} });
});
