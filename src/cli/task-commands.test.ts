// `actbench tasks` and `actbench train` as a user runs them: the listing and the errors in this
// process (runCli), a training in a child process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { packageRoot } from '../util/package-root.js';
import { runActbenchHere } from './cli-test-support.js';

// The in-process runs read this process's environment.
process.env['ACTBENCH_BACKEND'] = 'wasm';

function actbenchProcess(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: packageRoot(),
    encoding: 'utf8',
    env: { ...process.env, ACTBENCH_BACKEND: 'wasm' },
  });
}

test('tasks --json lists each task with its datasets and sizes', async () => {
  const run = await runActbenchHere(['tasks', '--json']);
  assert.equal(run.status, 0, run.stderr);
  const tasks = JSON.parse(run.stdout) as { name: string; group: string; datasets: { name: string; size: number; offline: boolean }[] }[];
  const sentence = tasks.find((t) => t.name === 'sentence-classification');
  assert.ok(sentence);
  assert.equal(sentence.group, 'sentence');
  assert.ok(sentence.datasets.some((d) => d.name === 'uci-sentiment' && d.offline && d.size === 3000));
  // The recipe hyperparameters are listed apart from the sampled ones.
  const recipe = (name: string) =>
    Object.keys((tasks.find((t) => t.name === name) as unknown as { recipeSpace: object }).recipeSpace).sort();
  assert.deepEqual(recipe('cifar10'), ['batchSize', 'epochs', 'lrDecay', 'milestones', 'nesterov']);
  assert.deepEqual(recipe('sentence-classification'), []);
});

test('train --json prints one result object as the last line; progress goes to stderr', () => {
  const run = actbenchProcess([
    'train',
    '--task',
    'sentence-classification',
    '--activation',
    'swish',
    '--epochs',
    '2',
    '--set',
    'units=32',
    '--set',
    'trainFraction=0.5',
    '--json',
  ]);
  assert.equal(run.status, 0, run.stderr);
  const lines = run.stdout.trim().split('\n');
  const result = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
  for (const key of ['task', 'dataset', 'activation', 'backend', 'hparams', 'dev', 'test', 'baseline', 'epochs', 'seconds'])
    assert.ok(key in result, key);
  assert.equal(result['backend'], 'wasm');
  assert.equal((result['hparams'] as Record<string, unknown>)['units'], 32);
  assert.match(run.stderr, /epoch 1\/2 .*loss .*dev accuracy/);
  assert.match(run.stderr, /^backend: wasm/m);
  // Diagnostics by default: initialisation and both epochs; --no-diagnostics leaves them out and changes no score.
  const diagnostics = result['diagnostics'] as { snapshots: { epoch: number }[] };
  assert.deepEqual(
    diagnostics.snapshots.map((snapshot) => snapshot.epoch),
    [0, 1, 2],
  );
  const without = actbenchProcess([
    'train',
    '--task',
    'sentence-classification',
    '--activation',
    'swish',
    '--epochs',
    '2',
    '--set',
    'units=32',
    '--set',
    'trainFraction=0.5',
    '--json',
    '--no-diagnostics',
  ]);
  assert.equal(without.status, 0, without.stderr);
  const plain = JSON.parse(without.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
  assert.ok(!('diagnostics' in plain));
  assert.deepEqual([plain['dev'], plain['test']], [result['dev'], result['test']]);
});

test('train rejects bad input with one line and exit 2', async () => {
  const unknownParam = await runActbenchHere(['train', '--task', 'sentence-classification', '--activation', 'relu', '--set', 'unitz=5']);
  assert.equal(unknownParam.status, 2);
  assert.match(unknownParam.stderr, /--set unitz=5: unknown name 'unitz'; did you mean units\? hyperparameters: /);
  const missingData = await runActbenchHere([
    'train',
    '--task',
    'sentence-classification',
    '--activation',
    'relu',
    '--dataset',
    'mr',
    '--data-dir',
    '/nonexistent',
  ]);
  assert.equal(missingData.status, 2);
  assert.match(missingData.stderr, /rt-polarity\.pos/);
  const unknownTask = await runActbenchHere(['train', '--task', 'sentense-classification', '--activation', 'relu']);
  assert.equal(unknownTask.status, 2);
  assert.match(unknownTask.stderr, /did you mean sentence-classification/);
});

test('train takes the recipe hyperparameters with --set and refuses bad ones with one line and exit 2', () => {
  const unordered = actbenchProcess([
    'train',
    '--task',
    'image-resnet',
    '--dataset',
    'mnist',
    '--activation',
    'relu',
    '--set',
    'schedule=step',
    '--set',
    'milestones=0.9,0.5',
  ]);
  assert.equal(unordered.status, 2);
  assert.match(unordered.stderr, /--set milestones=0\.9,0\.5: milestones='0\.9,0\.5' must increase/);
  const nesterovAdam = actbenchProcess([
    'train',
    '--task',
    'image-resnet',
    '--dataset',
    'mnist',
    '--activation',
    'relu',
    '--set',
    'nesterov=true',
  ]);
  assert.equal(nesterovAdam.status, 2);
  assert.match(nesterovAdam.stderr, /nesterov=true applies to optimizer sgd-momentum only, not 'adam'/);
  const noStep = actbenchProcess(['train', '--task', 'image-resnet', '--dataset', 'mnist', '--activation', 'relu', '--set', 'lrDecay=0.2']);
  assert.equal(noStep.status, 2);
  assert.match(noStep.stderr, /milestones and lrDecay shape the step schedule; set schedule=step \(got schedule=constant\)/);
});
