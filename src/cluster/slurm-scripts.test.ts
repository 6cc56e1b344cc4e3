// The generated Slurm scripts: the directives asked for, valid bash, and the commands they run,
// checked by running their bodies in bash with a stand-in for actbench that prints its arguments.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { renderArrayScript, renderMergeScript, slurmScriptPaths, type SlurmScriptOptions } from './slurm-scripts.js';

const OPTIONS: SlurmScriptOptions = {
  studyName: 'my study',
  origin: 'preset smoke',
  studyDir: '/shared/studies/smoke',
  specFile: '/shared/studies/smoke/slurm/spec.json',
  tasks: 8,
  cpusPerTask: 2,
  partition: 'cpu,long',
  time: '4:00:00',
  mem: '8G',
  // Prints each argument on its own line instead of running a study.
  command: ['printf', '%s\\n'],
};

function directives(script: string): string[] {
  return script
    .split('\n')
    .filter((line) => line.startsWith('#SBATCH '))
    .map((line) => line.slice('#SBATCH '.length));
}

function run(script: string, env: Record<string, string>): string[] {
  const result = spawnSync('bash', ['-c', script], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '', ...env } });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.split('\n').filter(Boolean);
}

test('the array script: one task per shard, the shard count written in, resubmission documented', () => {
  const script = renderArrayScript(OPTIONS);
  assert.ok(script.startsWith('#!/bin/bash\n'));
  assert.deepEqual(directives(script), [
    '--job-name=actbench-my_study',
    '--array=1-8',
    '--output=/shared/studies/smoke/slurm/logs/array-%A_%a.out',
    '--chdir=/shared/studies/smoke',
    '--cpus-per-task=2',
    '--time=4:00:00',
    '--mem=8G',
    '--partition=cpu,long',
  ]);
  assert.match(script, /sbatch --parsable --array=K \/shared\/studies\/smoke\/slurm\/array\.sbatch/);
  assert.equal(spawnSync('bash', ['-n'], { input: script }).status, 0);
  // SLURM_ARRAY_TASK_COUNT would be 1 when task 3 is resubmitted alone; the script must not use it.
  assert.deepEqual(run(script, { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '1' }), [
    'run',
    '/shared/studies/smoke/slurm/spec.json',
    '--out',
    '/shared/studies/smoke',
    '--shard',
    '3/8',
    '--workers',
    '2',
  ]);
});

test('the follow-up script merges the shard ledgers in place, prints the summary and writes the report', () => {
  const script = renderMergeScript({ ...OPTIONS, partition: undefined, time: undefined, mem: undefined });
  assert.deepEqual(directives(script), [
    '--job-name=actbench-my_study-merge',
    '--output=/shared/studies/smoke/slurm/logs/merge-%j.out',
    '--chdir=/shared/studies/smoke',
    '--cpus-per-task=1',
  ]);
  const dir = '/shared/studies/smoke';
  assert.deepEqual(run(script, {}), ['merge', dir, dir, 'status', dir, 'report', dir]);
  assert.deepEqual(slurmScriptPaths(dir), {
    dir: `${dir}/slurm`,
    array: `${dir}/slurm/array.sbatch`,
    merge: `${dir}/slurm/merge.sbatch`,
    logs: `${dir}/slurm/logs`,
  });
});
