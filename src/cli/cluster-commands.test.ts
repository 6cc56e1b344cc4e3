// The cluster commands' input errors as a user meets them: one line on stderr naming what is
// wrong or missing (the flag, the variable, the program), exit code 2, and never a password. Flag
// errors run the command line in this process (runCli); errors that depend on the environment
// (the Redis variable, PATH) or a network connection run it in a child process.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { freePort, startManaged } from '../cluster/daemon-test-support.js';
import { packageRoot } from '../util/package-root.js';
import { runActbenchHere } from './cli-test-support.js';

const root = mkdtempSync(path.join(tmpdir(), 'actbench-cluster-cli-'));
after(() => rmSync(root, { recursive: true, force: true }));

async function actbench(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | string; stdout: string; errorLine: string; stderr: string }> {
  const run = startManaged(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: packageRoot(),
    env: { ...process.env, ACTBENCH_REDIS_URL: '', ACTBENCH_DEBUG: '', ...env },
  });
  const code = await run.exited;
  const lines = run.stderr().split('\n').filter(Boolean);
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${run.stderr()}`);
  return { code, stdout: run.stdout(), errorLine: lines[0]!, stderr: run.stderr() };
}

test('a malformed Redis URL, from --redis or the environment, names where it came from', async () => {
  const [flag, variable, none] = await Promise.all([
    actbench(['worker', '--redis', 'localhost:6379']),
    actbench(['queue', 'collect', '--study', 's', '--out', root], { ACTBENCH_REDIS_URL: 'redis//:hunter2@h:1' }),
    actbench(['worker']),
  ]);
  assert.equal(flag.code, 2);
  assert.match(flag.errorLine, /^actbench: --redis localhost:6379: no redis:\/\/ in front; expected redis:\/\//);
  assert.equal(variable.code, 2);
  assert.match(variable.errorLine, /^actbench: ACTBENCH_REDIS_URL redis\/\/:\*\*\*@h:1: /);
  assert.ok(!variable.stderr.includes('hunter2'));
  assert.equal(none.code, 2);
  assert.match(none.errorLine, /^actbench: --redis: give the Redis URL .*ACTBENCH_REDIS_URL/);
});

test('a Redis nobody listens on is a one-line error at start, password masked', async () => {
  const port = await freePort();
  const run = await actbench(['queue', 'push', '--preset', 'smoke', '--redis', `redis://:hunter2@127.0.0.1:${port}`]);
  assert.equal(run.code, 2);
  assert.equal(run.errorLine, `actbench: --redis redis://:***@127.0.0.1:${port}: cannot connect (connect ECONNREFUSED 127.0.0.1:${port})`);
  assert.ok(!run.stderr.includes('hunter2'));
});

test('--submit without sbatch on the PATH names it; the scripts are written for submitting elsewhere', async () => {
  const dir = path.join(root, 'study');
  const run = await actbench(['slurm', '--preset', 'smoke', '--out', dir, '--array', '2', '--submit'], {
    PATH: path.join(root, 'empty-bin'),
  });
  assert.equal(run.code, 2);
  assert.match(run.errorLine, /^actbench: --submit: sbatch is not on the PATH/);
  assert.ok(existsSync(path.join(dir, 'slurm', 'array.sbatch')) && existsSync(path.join(dir, 'slurm', 'merge.sbatch')));
  assert.match(run.stdout, /wrote .*array\.sbatch \(array of 2 tasks/);
});

test('bad Slurm flags are one line naming the flag', async () => {
  const [time, array] = await Promise.all([
    runActbenchHere(['slurm', '--preset', 'smoke', '--out', path.join(root, 'x'), '--array', '2', '--time', '1h']),
    runActbenchHere(['slurm', '--preset', 'smoke', '--out', path.join(root, 'x'), '--array', '0']),
  ]);
  for (const run of [time, array]) {
    assert.equal(run.status, 2);
    assert.equal(run.stderr.split('\n').filter(Boolean).length, 1, run.stderr);
  }
  assert.match(time.stderr, /^actbench: --time 1h: expected a Slurm time/);
  assert.match(array.stderr, /^actbench: --array: expected a positive integer, got 0/);
});
