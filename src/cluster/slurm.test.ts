// The Slurm recipe for real, on a single-node cluster started for this file: `actbench slurm
// --submit` runs the smoke study as a 3-task job array plus the follow-up job, the study folder
// then holds exactly the jobs a local plan has, and the report is written; one array task
// resubmitted alone (`sbatch --array=K`) runs its shard again.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { packageRoot } from '../util/package-root.js';
import { readLedgers } from '../study/ledger.js';
import { presetSpec } from '../study/presets.js';
import { planStudy } from '../study/study.js';
import { waitFor } from './daemon-test-support.js';
import { prepareTestSlurm, startTestSlurm, type TestSlurm } from './slurm-cluster-test-support.js';

const prepared = await prepareTestSlurm();
const root = mkdtempSync(path.join(tmpdir(), 'actbench-slurm-study-'));
let slurm: TestSlurm | null = null;

before(async () => {
  if (!prepared.skip) slurm = await startTestSlurm(prepared);
});
after(async () => {
  await slurm?.stop();
  rmSync(prepared.dir, { recursive: true, force: true });
  rmSync(root, { recursive: true, force: true });
});

function keysOf(dir: string): string[] {
  return readLedgers(dir)
    .records.map((record) => record.key)
    .sort();
}

function logs(dir: string): string {
  const folder = path.join(dir, 'slurm', 'logs');
  if (!existsSync(folder)) return '(no logs)';
  return readdirSync(folder)
    .map((name) => `--- ${name}\n${readFileSync(path.join(folder, name), 'utf8').slice(-1500)}`)
    .join('\n');
}

test('a 3-task Slurm array and its follow-up run the smoke study; one task resubmitted alone runs its shard again', {
  skip: prepared.skip,
  timeout: 240_000,
}, async () => {
  const cluster = slurm!;
  const dir = path.join(root, 'smoke');
  const submitted = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'slurm',
      '--preset',
      'smoke',
      '--backend',
      'wasm',
      '--out',
      dir,
      '--array',
      '3',
      '--time',
      '10',
      '--mem',
      '1000',
      '--submit',
    ],
    { cwd: packageRoot(), env: cluster.env, encoding: 'utf8' },
  );
  assert.equal(submitted.status, 0, submitted.stderr);
  const ids = /submitted array job (\d+) \(3 tasks\) and merge job (\d+)/.exec(submitted.stdout);
  assert.ok(ids, submitted.stdout);
  const [arrayJob, mergeJob] = [ids[1]!, ids[2]!];
  await waitFor(`jobs ${arrayJob} and ${mergeJob}`, () => !cluster.active([arrayJob, mergeJob]), 180_000, 500);

  const expected = (await planStudy(await presetSpec('smoke', { backend: 'wasm' }), path.join(root, 'local-plan'))).jobs
    .map((job) => job.key)
    .sort();
  const { records, duplicates } = readLedgers(dir);
  assert.deepEqual(keysOf(dir), expected, logs(dir));
  assert.equal(duplicates, 0);
  assert.ok(
    records.every((record) => record.status === 'ok'),
    JSON.stringify(records.map((r) => [r.key, r.status, r.error])),
  );
  // Each task wrote its own shard's ledger; the merge found nothing to copy into ledger.jsonl.
  const shardFiles = readdirSync(dir).filter((name) => /^ledger\.\dof3\.jsonl$/.test(name));
  assert.equal(shardFiles.length, 3, readdirSync(dir).join(' '));
  assert.equal(readFileSync(path.join(dir, 'ledger.jsonl'), 'utf8'), '');

  const mergeLog = readFileSync(path.join(dir, 'slurm', 'logs', `merge-${mergeJob}.out`), 'utf8');
  assert.match(mergeLog, new RegExp(`merged 1 studies into ${dir}: 0 records added, 0 duplicates skipped, ${expected.length} in all`));
  assert.match(mergeLog, new RegExp(`${expected.length} records \\(${expected.length} ok`));
  assert.ok(existsSync(path.join(dir, 'report', 'summary.json')), `no report/summary.json; merge log:\n${mergeLog}`);
  assert.ok(existsSync(path.join(dir, 'report', 'index.html')), `no report/index.html; merge log:\n${mergeLog}`);

  // A lost shard: its ledger gone, the task resubmitted alone with the script as written.
  const lost = shardFiles.find((name) => readFileSync(path.join(dir, name), 'utf8').trim() !== '')!;
  const shard = Number(/ledger\.(\d)of3/.exec(lost)![1]);
  const lostKeys = readFileSync(path.join(dir, lost), 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { key: string }).key);
  rmSync(path.join(dir, lost));
  const again = cluster.run('sbatch', ['--parsable', `--array=${shard}`, path.join(dir, 'slurm', 'array.sbatch')]);
  assert.equal(again.status, 0, again.stderr);
  const rerun = again.stdout.trim().split(';')[0]!;
  await waitFor(`resubmitted task ${rerun}`, () => !cluster.active([rerun]), 120_000, 500);
  assert.ok(existsSync(path.join(dir, lost)), logs(dir));
  const redone = readFileSync(path.join(dir, lost), 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { key: string }).key);
  assert.deepEqual(redone.sort(), lostKeys.sort());
  assert.deepEqual(keysOf(dir), expected);
});
