// A study run end to end on worker processes: resume after SIGKILL gives exactly the records of
// an uninterrupted run (same keys, bit-identical metrics), a diverging job is recorded and the
// study completes, shards partition the work.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { packageRoot } from '../util/package-root.js';
import { readLedgers } from './ledger.js';
import { planJobs } from './plan.js';
import { runJobs } from './runner.js';
import { runStudy } from './study.js';
import { validateStudySpec } from './spec.js';
import type { LedgerRecord } from './types.js';

const root = mkdtempSync(path.join(tmpdir(), 'actbench-study-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** Six small jobs: 3 activations × 2 configurations, 100 sentences, one epoch each. */
const SPEC = {
  name: 'kill-test',
  activations: ['relu', 'penalized-tanh', 'swish'],
  miniExperiments: [
    { task: 'sentence-classification', dataset: 'uci-sentiment', limit: 100, maxEpochs: 1, fixed: { units: 30, layers: 1 } },
  ],
  configurations: 2,
  repeats: 1,
  seed: 3,
  backend: 'wasm',
};

function actbenchRun(specFile: string, out: string) {
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'run', specFile, '--out', out, '--workers', '2'], {
    cwd: packageRoot(),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

function finish(child: ReturnType<typeof actbenchRun>): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

function ledgerLines(dir: string): number {
  const file = path.join(dir, 'ledger.jsonl');
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).length : 0;
}

/** What a record must reproduce: everything but wall times (the run's, each epoch's, the diagnostics probe's) and the time it was written. */
function comparable(record: LedgerRecord): unknown {
  const { seconds, finishedAt, history, diagnostics, ...rest } = record;
  const probe = diagnostics ? (({ seconds: probeSeconds, ...kept }) => kept)(diagnostics) : undefined;
  return { ...rest, history: history.map(({ seconds: epochSeconds, ...epoch }) => epoch), ...(probe ? { diagnostics: probe } : {}) };
}

test('a study killed with SIGKILL at several points resumes to exactly the uninterrupted result', async () => {
  const specFile = path.join(root, 'kill.json');
  writeFileSync(specFile, JSON.stringify(SPEC));
  const reference = path.join(root, 'reference');
  assert.equal(await finish(actbenchRun(specFile, reference)), 0);
  const expected = readLedgers(reference).records;
  assert.equal(expected.length, 6);

  const killed = path.join(root, 'killed');
  // Kill early (during start-up), then after the first and after the third record.
  for (const killAfterRecords of [0, 1, 3]) {
    const child = actbenchRun(specFile, killed);
    const exited = finish(child);
    await new Promise<void>((resolve) => {
      const poll = setInterval(
        () => {
          if (ledgerLines(killed) >= killAfterRecords || child.exitCode !== null) {
            clearInterval(poll);
            resolve();
          }
        },
        killAfterRecords === 0 ? 300 : 20,
      );
    });
    child.kill('SIGKILL');
    await exited;
  }
  assert.equal(await finish(actbenchRun(specFile, killed)), 0);
  const { records, duplicates } = readLedgers(killed);
  assert.equal(duplicates, 0);
  assert.equal(records.length, 6);
  const byKey = new Map(records.map((r) => [r.key, r]));
  for (const record of expected)
    assert.deepEqual(comparable(byKey.get(record.key)!), comparable(record), `job ${record.key} differs after resume`);
});

test('a diverging job is recorded as diverged and the study completes', async () => {
  const spec = await validateStudySpec({ ...SPEC, activations: ['cube', 'relu'], configurations: 1 }, 'test');
  // A learning rate far outside the search space (so set after validation) makes SGD blow up.
  const diverging = {
    ...spec,
    miniExperiments: spec.miniExperiments.map((m) => ({ ...m, fixed: { ...m.fixed, optimizer: 'sgd', lrFactor: 1e30 } })),
  };
  const { progress } = await runStudy(diverging, { dir: path.join(root, 'diverge'), workers: 2 });
  assert.equal(progress.done, 2);
  const statuses = readLedgers(path.join(root, 'diverge')).records.map((r) => r.status);
  assert.deepEqual(statuses.sort(), ['diverged', 'diverged']);
});

test('shards run disjoint shares whose union is the whole study', async () => {
  const spec = await validateStudySpec(SPEC, 'test');
  const dir = path.join(root, 'sharded');
  const all = await planJobs(spec);
  const shares: string[][] = [];
  for (const index of [1, 2]) {
    const { plan } = await runStudy(spec, { dir, shard: { index, count: 2 }, workers: 1 });
    shares.push(plan.jobs.map((job) => job.key));
  }
  assert.equal(shares[0]!.filter((key) => shares[1]!.includes(key)).length, 0);
  assert.deepEqual([...shares[0]!, ...shares[1]!].sort(), all.map((job) => job.key).sort());
  // Each shard wrote its own ledger file; read together they hold the whole study once.
  assert.equal(readLedgers(dir).records.length, all.length);
});

test('a crashed worker is replaced: its job is retried, and recorded as failed after the retry limit', async () => {
  const spec = await validateStudySpec(SPEC, 'test');
  const jobs = await planJobs(spec);
  const [once, always] = [jobs[0]!.key, jobs[1]!.key];
  const seenFile = path.join(root, 'seen.txt');
  process.env['CRASH_ONCE'] = once;
  process.env['CRASH_ALWAYS'] = always;
  process.env['SEEN_FILE'] = seenFile;
  const records: LedgerRecord[] = [];
  try {
    const progress = await runJobs({
      spec,
      specHash: 'test',
      jobs,
      workers: 2,
      maxRetries: 2,
      record: (record) => records.push(record),
      worker: { script: path.join(packageRoot(), 'src', 'study', 'crashing-worker-test-support.mjs'), execArgv: [] },
    });
    assert.equal(progress.done, jobs.length);
  } finally {
    delete process.env['CRASH_ONCE'];
    delete process.env['CRASH_ALWAYS'];
    delete process.env['SEEN_FILE'];
  }
  const byKey = new Map(records.map((r) => [r.key, r]));
  assert.equal(records.length, jobs.length);
  assert.equal(byKey.get(once)!.status, 'ok');
  assert.equal(byKey.get(always)!.status, 'failed');
  assert.match(byKey.get(always)!.error!, /worker crashed 3 times .*exit code 70/);
  // Tried once, then twice more: three attempts in all.
  assert.equal(
    readFileSync(seenFile, 'utf8')
      .split('\n')
      .filter((key) => key === always).length,
    3,
  );
});

test('records carry their split and key scheme; a ledger of the older key scheme is refused by name, never resumed into', async () => {
  const spec = await validateStudySpec({ ...SPEC, activations: ['relu'], configurations: 1 }, 'scheme-test');
  const dir = path.join(root, 'scheme');
  await runStudy(spec, { dir, workers: 1 });
  const [record] = readLedgers(dir).records;
  const [job] = await planJobs(spec);
  assert.equal(record!.keyScheme, 2);
  assert.equal(record!.splitIndex, 0);
  assert.equal(record!.splitSeed, job!.splitSeed);
  // The same study as actbench 0.2 wrote it: no keyScheme, no split fields.
  const { keyScheme, splitIndex, splitSeed, ...old } = record!;
  writeFileSync(path.join(dir, 'ledger.jsonl'), `${JSON.stringify(old)}\n`);
  await assert.rejects(
    runStudy(spec, { dir, workers: 1 }),
    /holds a ledger of key scheme 1 \(actbench 0\.2 and older: each job drew its own data split\).*use a new --out folder/,
  );
});
