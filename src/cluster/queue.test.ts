// The queue recipe for real, on a redis-server started for this file with a password: a study of
// nine jobs is pushed, two `actbench worker` processes train it while `actbench queue collect`
// fills the ledger; one worker is killed with SIGKILL in the middle of a job and Redis itself is
// killed and restarted. Every job must end in the ledger exactly once, pushing again must add
// nothing, and the password must appear in no output and no file.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { packageRoot } from '../util/package-root.js';
import { skipUnlessTool } from '../util/system-tool-test-support.js';
import { readLedgers } from '../study/ledger.js';
import { planStudy } from '../study/study.js';
import { validateStudySpec } from '../study/spec.js';
import { startManaged, waitFor, type Managed } from './daemon-test-support.js';
import { startTestRedis, type TestRedis } from './redis-server-test-support.js';

const skip = skipUnlessTool('redis-server', 'apt-get install redis-server');
const PASSWORD = 'h5-Secret_pw-4711';
const root = mkdtempSync(path.join(tmpdir(), 'actbench-queue-'));
const processes: Managed[] = [];
let redis: TestRedis | null = null;

before(async () => {
  if (!skip) redis = await startTestRedis(PASSWORD);
});
after(async () => {
  for (const managed of processes) await managed.stop();
  await redis?.stop();
  rmSync(root, { recursive: true, force: true });
});

/** Nine jobs of a few seconds each: three activations × three configurations, 100 sentences, one epoch. */
const SPEC = {
  name: 'queue-kill',
  activations: ['relu', 'penalized-tanh', 'swish'],
  miniExperiments: [
    { task: 'sentence-classification', dataset: 'uci-sentiment', limit: 100, maxEpochs: 1, fixed: { units: 30, layers: 1 } },
  ],
  configurations: 3,
  repeats: 1,
  seed: 11,
  backend: 'wasm',
  timeLimitSeconds: 120,
};

function actbench(...args: string[]): Managed {
  const managed = startManaged(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: packageRoot() });
  processes.push(managed);
  return managed;
}

async function finished(managed: Managed): Promise<{ code: number | string; stdout: string; stderr: string }> {
  const code = await managed.exited;
  return { code, stdout: managed.stdout(), stderr: managed.stderr() };
}

function ledgerLines(dir: string): string[] {
  const file = path.join(dir, 'ledger.jsonl');
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });
}

test('two workers, one killed mid-job, and a Redis restart: every job lands in the ledger exactly once', {
  skip,
  timeout: 240_000,
}, async () => {
  const server = redis!;
  const url = server.url;
  const specFile = path.join(root, 'queue-kill.json');
  writeFileSync(specFile, JSON.stringify(SPEC));
  const dir = path.join(root, 'study');
  const expected = (await planStudy(await validateStudySpec(SPEC, 'test'), path.join(root, 'local-plan'))).jobs
    .map((job) => job.key)
    .sort();
  assert.equal(expected.length, 9);

  const push = await finished(actbench('queue', 'push', specFile, '--redis', url, '--study', 'qkill', '--out', dir));
  assert.equal(push.code, 0, push.stderr);
  assert.match(push.stdout, /9 jobs; 9 added, 0 already queued/);

  const lockMs = 4000;
  const timing = ['--lock-duration', String(lockMs), '--stalled-interval', '1000'];
  const doomed = actbench('worker', '--redis', url, ...timing);
  const survivor = actbench('worker', '--redis', url, ...timing);
  const collector = actbench('queue', 'collect', '--redis', url, '--study', 'qkill', '--out', dir);

  // Killed while it trains (its first job includes starting the training process, seconds): the
  // job stays active in Redis under a lock nobody renews any more.
  await waitFor('the first worker to take a job', () => /training [0-9a-f]{32}/.test(doomed.stderr()), 90_000);
  const killedKey = /training ([0-9a-f]{32})/.exec(doomed.stderr())![1]!;
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.ok(!doomed.stderr().includes(`finished ${killedKey}`), 'the job ended before the kill; the test needs a longer job');
  const killedAt = Date.now();
  process.kill(doomed.pid, 'SIGKILL');
  await doomed.exited;

  // Redis goes away (SIGKILL; its AOF keeps every acknowledged write) and comes back, after a first
  // result if one comes soon, and always before the killed job's lock expires: until then the
  // study cannot be complete, so the collector is certainly in the middle of collecting.
  await waitFor(
    'a first result or half the lock duration',
    () => ledgerLines(dir).length >= 1 || Date.now() - killedAt > lockMs / 2,
    90_000,
    50,
  );
  assert.equal(collector.child.exitCode, null, collector.stderr());
  await server.kill();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await server.start();

  const collected = await finished(collector);
  assert.equal(collected.code, 0, collected.stderr);
  assert.match(collected.stderr, /lost Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ .*retrying/);
  assert.match(collected.stderr, /is back; resuming/);
  assert.match(collected.stdout, /study 'qkill' complete/);

  const { records, duplicates } = readLedgers(dir);
  assert.deepEqual(records.map((record) => record.key).sort(), expected);
  assert.equal(duplicates, 0);
  assert.equal(ledgerLines(dir).length, expected.length, 'a key was appended twice');
  assert.ok(
    records.every((record) => record.status === 'ok'),
    JSON.stringify(records.map((r) => [r.key, r.status, r.error])),
  );
  assert.match(survivor.stderr(), new RegExp(`job ${killedKey} had stalled`), survivor.stderr());
  assert.match(survivor.stderr(), new RegExp(`training ${killedKey} .*attempt 2`), 'the killed job was not retried on the other worker');

  // --follow collects after pushing; with everything in the ledger it has nothing to wait for.
  const again = await finished(actbench('queue', 'push', specFile, '--redis', url, '--study', 'qkill', '--out', dir, '--follow'));
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /9 jobs; 0 added, 0 already queued, 0 failed ones queued again, 9 in the ledger/);
  assert.match(again.stdout, /study 'qkill' complete in .*: 9 jobs \(0 failed or timed out\); 0 collected now/);
  // Without the folder, and without the spec: the study comes from Redis, the collected keys count as done.
  const byName = await finished(actbench('queue', 'push', '--redis', url, '--study', 'qkill'));
  assert.equal(byName.code, 0, byName.stderr);
  assert.match(byName.stdout, /9 jobs; 0 added, 0 already queued, 0 failed ones queued again, 9 collected before/);

  // Collecting into another folder: the results went to the first one, so this can never complete.
  const elsewhere = path.join(root, 'elsewhere');
  const stuck = await finished(actbench('queue', 'collect', '--redis', url, '--study', 'qkill', '--out', elsewhere));
  assert.equal(stuck.code, 1);
  assert.match(
    stuck.stderr,
    new RegExp(
      `actbench: 9 jobs of study 'qkill' are not in ${elsewhere} and none is queued .*actbench queue push --redis URL --study qkill --out ${elsewhere}`,
    ),
  );

  const wrong = await finished(actbench('worker', '--redis', `redis://:not-the-${PASSWORD}@127.0.0.1:${server.port}`));
  assert.equal(wrong.code, 2);
  assert.equal(wrong.stderr.trim().split('\n').length, 1, wrong.stderr);
  assert.match(wrong.stderr, /^actbench: --redis redis:\/\/:\*\*\*@127\.0\.0\.1:\d+: Redis refused the user name or password/);

  await survivor.stop(10_000);
  assert.equal(await survivor.exited, 0, survivor.stderr());
  for (const managed of processes) {
    assert.ok(!`${managed.stdout()}${managed.stderr()}`.includes(PASSWORD), `the password reached the output of pid ${managed.pid}`);
  }
  for (const file of filesUnder(dir)) assert.ok(!readFileSync(file, 'utf8').includes(PASSWORD), `the password reached ${file}`);
});
