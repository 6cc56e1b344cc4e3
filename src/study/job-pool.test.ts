// The runner as a job pool (what the queue worker uses): jobs added one at a time, with pauses
// between them, are trained by the same worker process, which waits idle in between instead of
// exiting; end() resolves after the last record; a pool takes no jobs after it has ended.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { planJobs, specHash } from './plan.js';
import { presetSpec } from './presets.js';
import { startJobPool } from './runner.js';
import type { LedgerRecord } from './types.js';

const root = mkdtempSync(path.join(tmpdir(), 'actbench-pool-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** A stand-in worker that answers at once and signs each result with its process id. */
const WORKER = `
process.send({ kind: 'ready', backend: 'test' });
process.on('message', ({ job }) => {
  process.send({ kind: 'result', key: job.key, result: { status: 'ok', dev: { accuracy: 1 }, test: { accuracy: 1 }, baseline: {}, history: [], epochs: 1, bestEpoch: 1, seconds: 0, backend: 'pid ' + process.pid } });
});
`;

test('a job pool keeps its worker between jobs that arrive apart, and ends after the last record', async () => {
  const script = path.join(root, 'pid-worker.mjs');
  writeFileSync(script, WORKER);
  const spec = await presetSpec('smoke');
  const jobs = await planJobs(spec);
  assert.ok(jobs.length >= 2);
  const records: LedgerRecord[] = [];
  let notify: (() => void) | undefined;
  const pool = startJobPool({
    spec,
    specHash: specHash(spec),
    workers: 2,
    worker: { script, execArgv: [] },
    record: (record) => {
      records.push(record);
      notify?.();
    },
  });
  const nextRecord = (): Promise<void> => new Promise((resolve) => (notify = resolve));

  let arrived = nextRecord();
  pool.add(jobs[0]!);
  await arrived;
  // The worker now idles; a job arriving later goes to it rather than to a new process.
  await new Promise((resolve) => setTimeout(resolve, 300));
  arrived = nextRecord();
  pool.add(jobs[1]!);
  await arrived;
  assert.deepEqual(
    records.map((record) => record.key),
    [jobs[0]!.key, jobs[1]!.key],
  );
  assert.match(records[0]!.backend, /^pid \d+$/);
  assert.equal(records[1]!.backend, records[0]!.backend);

  const progress = await pool.end();
  assert.equal(progress.done, 2);
  assert.equal(progress.total, 2);
  assert.throws(() => pool.add(jobs[0]!), /ended/);
});

test('a job pool ended without jobs resolves at once', async () => {
  const spec = await presetSpec('smoke');
  const pool = startJobPool({ spec, specHash: specHash(spec), workers: 1, record: () => undefined });
  assert.deepEqual(await pool.end(), { done: 0, total: 0, failed: 0, diverged: 0 });
});
