// The PyTorch reference runner: its three outcomes (a result, "unavailable" with the script's
// reason, a failure), checked with stand-in commands; and, where PyTorch is unpacked in the cache,
// that both sides define models with the same trainable parameters.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { loadActivations } from '../activation/registry.js';
import { initBackend } from '../backend/backends.js';
import { REFERENCE_MODELS } from './train-reference-models.js';
import { measureTorch, torchParameterCounts, TORCH_UNAVAILABLE_STATUS, type TorchRun } from './train-torch.js';

const measureSettings = { warmupSteps: 1, repetitions: 1, minSeconds: 0.1 };
const sh = (script: string) => ['bash', '-c', script, 'torch-reference'];

test('exit status 3 means unavailable, with the reason from the last stderr line', async () => {
  const lines: string[] = [];
  const outcome = await measureTorch(['mlp'], {
    ...measureSettings,
    command: sh(
      `echo 'torch-reference: resolving' >&2; echo "torch-reference: apt knows no package python3-torch here" >&2; exit ${TORCH_UNAVAILABLE_STATUS}`,
    ),
    onLine: (line) => lines.push(line),
  });
  assert.deepEqual(outcome, { available: false, reason: 'apt knows no package python3-torch here' });
  assert.deepEqual(lines, ['torch-reference: resolving', 'torch-reference: apt knows no package python3-torch here']);
});

test('a reference that cannot even start is unavailable, not a crash', async () => {
  const outcome = await measureTorch(['mlp'], { ...measureSettings, command: ['/nonexistent/torch-reference'] });
  assert.equal(outcome.available, false);
  assert.match(!outcome.available ? outcome.reason : '', /did not start .*ENOENT/);
});

test('any other failure is an error naming the exit status and the last line', async () => {
  await assert.rejects(
    measureTorch(['mlp'], { ...measureSettings, command: sh('echo "Traceback: boom" >&2; exit 1') }),
    /failed \(exit status 1\): Traceback: boom/,
  );
  await assert.rejects(measureTorch(['mlp'], { ...measureSettings, command: sh('echo not-json') }), /printed no valid result/);
});

test('the arguments reach the script and its JSON comes back', async () => {
  const run: TorchRun = {
    framework: 'pytorch',
    version: '1.13.1',
    threads: 1,
    blas: 'openblas',
    python: '3.11',
    models: [{ model: 'mlp', batch: 64, samplesPerSecond: 100, repetitions: [100], cpuSamplesPerSecond: 120, parameters: 1 }],
  };
  // The stand-in prints its arguments on stderr and a fixed result on stdout.
  const lines: string[] = [];
  const outcome = await measureTorch(['mlp', 'cnn'], {
    ...measureSettings,
    noSetup: true,
    command: sh(`echo "args: $*" >&2; echo '${JSON.stringify(run)}'`),
    onLine: (l) => lines.push(l),
  });
  assert.deepEqual(outcome, { available: true, value: run });
  assert.deepEqual(lines, ['args: --no-setup --models mlp,cnn --warmup-steps 1 --repetitions 1 --min-seconds 0.1']);
});

let torchCounts: Record<string, number> | undefined;
let skipReason = '';
before(async () => {
  // Only what is already unpacked: a test never downloads 150 MB.
  const outcome = await torchParameterCounts({ noSetup: true });
  if (outcome.available) torchCounts = outcome.value;
  else skipReason = `PyTorch is not unpacked here (${outcome.reason}); scripts/torch-reference.sh --setup-only fetches it`;
});

test('both sides train the same parameters: the reference models match the PyTorch counts', async (t) => {
  if (!torchCounts) return t.skip(skipReason);
  await loadActivations();
  await initBackend('cpu');
  for (const spec of REFERENCE_MODELS) {
    const workload = spec.create();
    try {
      assert.equal(
        workload.parameters,
        torchCounts[spec.name],
        `${spec.name}: tfjs ${workload.parameters}, PyTorch ${torchCounts[spec.name]}`,
      );
    } finally {
      workload.dispose();
    }
  }
  // Worked by hand: 300·256+256 + 256·256+256 + 256·10+10; the taggers: 5000·50 + 4·(50·100 + 100·100 + 100) + 100·12+12.
  assert.equal(torchCounts['mlp'], 145_418);
  assert.equal(torchCounts['lstm'], 311_612);
});
