// The training benchmark end to end on small settings: model selection, the timing loop, every
// workload building and taking finite training steps, and a run whose PyTorch is unavailable.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { loadActivations } from '../activation/registry.js';
import { initBackend } from '../backend/backends.js';
import { allWorkloads, runTrainBench, selectWorkloads } from './train-bench.js';
import { measureThroughput, median } from './train-measure.js';
import type { TrainingWorkload } from './train-workload.js';

before(async () => {
  await loadActivations();
  await initBackend('cpu');
});

test('median of odd and even counts', () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
});

test('--models: names, task names with or without their prefix, groups; unknown names listed', async () => {
  const all = await allWorkloads();
  assert.deepEqual(
    all.map((w) => w.name),
    [
      'mlp',
      'cnn',
      'lstm',
      'bilstm',
      'task:sentence-classification',
      'task:document-classification',
      'task:sequence-tagging',
      'task:lstm-gates',
    ],
  );
  assert.deepEqual(
    selectWorkloads(all, ['bilstm', 'mlp']).map((w) => w.name),
    ['mlp', 'bilstm'],
    'the benchmark order, not the order given',
  );
  assert.deepEqual(
    selectWorkloads(all, ['sequence-tagging']).map((w) => w.name),
    ['task:sequence-tagging'],
  );
  assert.equal(selectWorkloads(all, ['reference']).length, 4);
  assert.equal(selectWorkloads(all, ['tasks', 'mlp']).length, 5);
  assert.equal(selectWorkloads(all, undefined).length, 8);
  assert.throws(
    () => selectWorkloads(all, ['mpl']),
    (error: Error) =>
      error.name === 'UnknownBenchModelError' &&
      /--models: unknown model 'mpl'; choose from reference, tasks, all, mlp/.test(error.message),
  );
});

test('the timing loop: warm-up untimed, whole steps per repetition, samples/s from the batch size', () => {
  let steps = 0;
  const workload: TrainingWorkload = {
    parameters: 1,
    step: () => {
      steps++;
      const until = performance.now() + 2;
      while (performance.now() < until);
      return 0;
    },
    dispose: () => {},
  };
  const labels: string[] = [];
  const result = measureThroughput(workload, 10, { warmupSteps: 3, repetitions: 3, minSeconds: 0.02, onProgress: (l) => labels.push(l) });
  assert.equal(result.repetitions.length, 3);
  assert.equal(steps, 3 + result.steps);
  assert.ok(result.steps >= 3, `at least one step per repetition; ran ${result.steps}`);
  // 10 samples per ≥ 2 ms step: at most 5000 samples/s.
  for (const rate of result.repetitions) assert.ok(rate > 0 && rate <= 5000, String(rate));
  assert.equal(result.samplesPerSecond, median(result.repetitions));
  assert.ok(result.cpuSamplesPerSecond > 0);
  assert.deepEqual(labels.slice(0, 3), ['warm-up 1/3', 'warm-up 2/3', 'warm-up 3/3']);
});

test('a step that leaves tensors behind is reported instead of timed', () => {
  const kept: tf.Tensor[] = [];
  const leaky: TrainingWorkload = {
    parameters: 1,
    step: () => {
      kept.push(tf.zeros([2]));
      return 0;
    },
    dispose: () => tf.dispose(kept),
  };
  assert.throws(() => measureThroughput(leaky, 1, { warmupSteps: 0, repetitions: 2, minSeconds: 0 }), /left 1 tensors behind per step/);
  leaky.dispose();
});

test('every workload builds on wasm, takes finite steps and frees what it made', async () => {
  await initBackend('wasm');
  for (const spec of await allWorkloads()) {
    const before = tf.memory().numTensors;
    const workload = spec.create();
    try {
      const first = workload.step();
      const second = workload.step();
      assert.ok(Number.isFinite(first) && Number.isFinite(second) && first > 0, `${spec.name}: losses ${first}, ${second}`);
      assert.ok(workload.parameters > 0, spec.name);
    } finally {
      workload.dispose();
    }
    assert.equal(tf.memory().numTensors, before, `${spec.name} leaked tensors`);
  }
});

test('a run without PyTorch still reports actbench figures and why PyTorch is missing', async () => {
  const workloads = selectWorkloads(await allWorkloads(), ['mlp', 'lstm']);
  const progress: string[] = [];
  const notes: string[] = [];
  const result = await runTrainBench({
    workloads,
    backends: ['cpu'],
    measure: { warmupSteps: 1, repetitions: 2, minSeconds: 0.01 },
    torch: { command: ['bash', '-c', 'echo "torch-reference: no apt here" >&2; exit 3'] },
    onProgress: (done, total, label) => progress.push(`${done}/${total} ${label}`),
    onNote: (line) => notes.push(line),
  });
  assert.deepEqual(result.torch, { state: 'unavailable', reason: 'no apt here' });
  assert.deepEqual(notes, ['PyTorch reference unavailable: no apt here']);
  assert.equal(result.rows.length, 2);
  const row = result.rows[0]!;
  const figure = row.backends['cpu'];
  assert.ok(figure?.ok && figure.samplesPerSecond > 0 && figure.repetitions.length === 2, JSON.stringify(row));
  assert.equal(row.parameters, 145_418);
  assert.equal(row.ratioToTorch, undefined);
  assert.deepEqual(
    result.backends.map((b) => b.name),
    ['cpu'],
  );
  // Two models on one backend and one PyTorch attempt: once PyTorch is known to be missing, the
  // second model's PyTorch run leaves the total.
  assert.equal(progress[0], '0/4 mlp on cpu');
  assert.equal(progress.at(-1), '3/3 done');
  assert.ok(result.rows[1]!.backends['cpu']?.ok);
});

test('rounds alternate actbench and PyTorch per model, and each ratio pairs a round with the same round', async () => {
  const [mlp] = selectWorkloads(await allWorkloads(), ['mlp']);
  const run = {
    framework: 'pytorch',
    version: '1.13.1',
    threads: 1,
    blas: 'openblas',
    python: '3.11',
    models: [{ model: 'mlp', batch: 64, samplesPerSecond: 1e6, repetitions: [1e6], cpuSamplesPerSecond: 2e6, parameters: 145_418 }],
  };
  const labels: string[] = [];
  const result = await runTrainBench({
    workloads: [mlp!],
    backends: ['cpu'],
    measure: { warmupSteps: 1, repetitions: 1, minSeconds: 0.01 },
    rounds: 2,
    torch: { command: ['bash', '-c', `echo '${JSON.stringify(run)}'`] },
    onProgress: (done, total, label) => {
      if (!label.includes(':')) labels.push(`${done}/${total} ${label}`);
    },
  });
  assert.deepEqual(labels, [
    '0/4 mlp on cpu, round 1/2',
    '1/4 mlp in PyTorch, round 1/2',
    '2/4 mlp on cpu, round 2/2',
    '3/4 mlp in PyTorch, round 2/2',
    '4/4 done',
  ]);
  const row = result.rows[0]!;
  const figure = row.backends['cpu'];
  assert.ok(figure?.ok && figure.rounds.length === 2 && figure.repetitions.length === 2, JSON.stringify(figure));
  assert.deepEqual(row.torch?.rounds, [1e6, 1e6]);
  // PyTorch's stand-in is constant, so the rounds' ratios are actbench's rounds over 1e6.
  const ratios = figure.rounds.map((value) => value / 1e6);
  assert.deepEqual(row.ratioRange, [Math.min(...ratios), Math.max(...ratios)]);
  assert.equal(row.ratioToTorch, median(ratios));
  assert.equal(result.settings.rounds, 2);
});
