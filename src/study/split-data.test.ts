// The split a study fixes reaches the data: jobs of one mini-experiment load identical dev and test
// examples whatever their configuration or repeat, and a job's own seed changes none of them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadDatasets } from '../data/registry.js';
import { dataLoadOptions } from '../engine/run-one.js';
import { planJobs } from './plan.js';
import { validateStudySpec } from './spec.js';

test('two configurations and two repeats of a mini-experiment see identical dev and test examples', async () => {
  const spec = await validateStudySpec(
    {
      activations: ['relu'],
      miniExperiments: [{ task: 'sentence-classification', dataset: 'uci-sentiment' }],
      configurations: 2,
      repeats: 2,
      seed: 3,
    },
    'split-data.test',
  );
  const jobs = await planJobs(spec);
  assert.equal(jobs.length, 4);
  const dataset = (await loadDatasets()).get('uci-sentiment');
  if (dataset.kind !== 'text-classification') throw new Error('uci-sentiment is a text classification dataset');
  const loaded = await Promise.all(jobs.map((job) => dataset.load(dataLoadOptions({ seed: job.seed, splitSeed: job.splitSeed }))));
  const texts = (part: { text: string }[]) => part.map((example) => example.text);
  for (const splits of loaded.slice(1)) {
    assert.deepEqual(texts(splits.dev), texts(loaded[0]!.dev));
    assert.deepEqual(texts(splits.test), texts(loaded[0]!.test));
    assert.deepEqual(texts(splits.train), texts(loaded[0]!.train));
  }
  assert.equal(new Set(jobs.map((job) => job.seed)).size, 4, 'the jobs differ in initialisation and order seeds');
  // Without a split seed (one `actbench train` run) the run's seed draws the split, as it always did.
  const own = await dataset.load(dataLoadOptions({ seed: jobs[0]!.seed }));
  assert.notDeepEqual(texts(own.test), texts(loaded[0]!.test));
});
