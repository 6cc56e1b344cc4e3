// A study whose data cannot load stops before training, on one line and a non-zero exit; failed
// jobs recorded by one run are retried by the next, their new records replacing the failed ones.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { runActbench } from '../cli/cli-test-support.js';
import { readLedgers, serializeRecord } from './ledger.js';
import { planStudy, runStudy } from './study.js';
import { validateStudySpec } from './spec.js';

const root = mkdtempSync(path.join(tmpdir(), 'actbench-preflight-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('a data folder without the files stops the study before any job runs: one line naming the mini-experiment, exit 2, no ledger', async () => {
  const empty = path.join(root, 'empty-data');
  mkdirSync(empty);
  const specFile = path.join(root, 'mr.json');
  writeFileSync(
    specFile,
    JSON.stringify({
      activations: ['relu', 'tanh'],
      miniExperiments: [{ task: 'sentence-classification', dataset: 'mr' }],
      configurations: 2,
      repeats: 1,
      seed: 1,
      dataDir: empty,
    }),
  );
  const out = path.join(root, 'mr-out');
  const run = await runActbench(['run', specFile, '--out', out, '--workers', '1']);
  assert.equal(run.status, 2, run.stderr);
  const lines = run.stderr.trim().split('\n');
  assert.equal(lines.length, 1, run.stderr);
  assert.match(
    lines[0]!,
    /^actbench: sentence-classification\/mr: its data cannot load, so none of its 4 pending jobs was started: .*rt-polarity/,
  );
  assert.equal(existsSync(path.join(out, 'ledger.jsonl')), false);
});

test('failed jobs are retried by the next run, and their new record replaces the failed one', async () => {
  const spec = await validateStudySpec(
    {
      activations: ['relu', 'tanh'],
      miniExperiments: [
        { task: 'sentence-classification', dataset: 'uci-sentiment', limit: 60, maxEpochs: 1, fixed: { units: 30, layers: 1 } },
      ],
      configurations: 1,
      repeats: 1,
      seed: 2,
      backend: 'wasm',
    },
    'retry-test',
  );
  const dir = path.join(root, 'retry');
  await runStudy(spec, { dir, workers: 1 });
  const file = path.join(dir, 'ledger.jsonl');
  const [first, second] = readLedgers(dir).records;
  // As if the first job had failed (say its data folder was wrong at the time).
  writeFileSync(
    file,
    `${serializeRecord({ ...first!, status: 'failed', error: 'data folder missing', test: {}, dev: {} })}\n${serializeRecord(second!)}\n`,
  );
  const plan = await planStudy(spec, dir);
  assert.deepEqual(
    plan.pending.map((job) => job.key),
    [first!.key],
  );
  assert.equal(plan.retrying, 1);
  await runStudy(spec, { dir, workers: 1 });
  const after = readLedgers(dir);
  assert.equal(readFileSync(file, 'utf8').trim().split('\n').length, 3, 'the failed record stays in the file; the retry is appended');
  assert.equal(after.retried, 1);
  assert.equal(after.records.length, 2);
  const retried = after.records.find((record) => record.key === first!.key)!;
  assert.equal(retried.status, first!.status);
  assert.deepEqual(retried.test, first!.test, 'the retry reproduces the original result');
  assert.equal((await planStudy(spec, dir)).pending.length, 0);
});
