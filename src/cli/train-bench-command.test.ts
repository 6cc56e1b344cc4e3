// `actbench bench --train` as a user meets it: a bad model name is one line and exit 2 (the command
// line in this process); a small run, in a child process, prints JSON with the measured row and
// says PyTorch was skipped.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TrainBenchResult } from '../bench/train-report.js';
import { runActbench, runActbenchHere } from './cli-test-support.js';

test('an unknown model is a usage error naming the flag and the choices', async () => {
  const run = await runActbenchHere(['bench', '--train', '--models', 'mlp,nosuch', '--no-torch']);
  assert.equal(run.status, 2, run.stderr);
  assert.equal(run.stdout, '');
  assert.match(
    run.stderr,
    /^actbench: --models: unknown model 'nosuch'; choose from reference, tasks, all, mlp, cnn, lstm, bilstm, task:sentence-classification, [^\n]*\n$/,
  );
});

test('--json prints the result: rows per model with samples/s per backend', async () => {
  const run = await runActbench([
    'bench',
    '--train',
    '--models',
    'mlp',
    '--backend',
    'cpu',
    '--no-torch',
    '--json',
    '--repetitions',
    '2',
    '--warmup',
    '1',
    '--time',
    '20',
    '--rounds',
    '2',
  ]);
  assert.equal(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout) as TrainBenchResult;
  assert.deepEqual(result.torch, { state: 'skipped', reason: '--no-torch' });
  assert.deepEqual(result.settings, { warmupSteps: 1, repetitions: 2, minSeconds: 0.02, rounds: 2 });
  assert.equal(result.rows.length, 1);
  const figure = result.rows[0]!.backends['cpu'];
  // Two rounds of two repetitions each.
  assert.ok(figure?.ok && figure.samplesPerSecond > 0 && figure.repetitions.length === 4 && figure.rounds.length === 2, run.stdout);
  assert.match(run.stderr, /bench --train done in/);
});
