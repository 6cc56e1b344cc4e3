// The training benchmark's table and JSON rows: best backend, ratio to PyTorch, and what the table
// says when PyTorch did not run. Figures are hand-made so every expected value is worked out here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  assembleRow,
  combineRounds,
  formatRate,
  notes,
  renderTrainBenchMarkdown,
  renderTrainBenchText,
  type RowInput,
  type TrainBenchResult,
} from './train-report.js';
import type { TorchModelResult } from './train-torch.js';

// CPU-time figures a little above wall-clock ones, as on a machine where others take some time.
const figure = (samplesPerSecond: number, cpuSamplesPerSecond = samplesPerSecond * 1.25) => ({
  ok: true as const,
  samplesPerSecond,
  repetitions: [samplesPerSecond],
  cpuSamplesPerSecond,
  steps: 3,
  rounds: [samplesPerSecond],
  cpuRounds: [cpuSamplesPerSecond],
});

const mlpInput: RowInput = {
  model: 'mlp',
  description: 'MLP',
  kind: 'reference',
  batchSize: 64,
  parameters: 145_418,
  backends: { wasm: figure(3158), cpu: figure(725) },
};

const torchRun: TorchModelResult[] = [
  { model: 'mlp', batch: 64, samplesPerSecond: 62_609, repetitions: [62_609], cpuSamplesPerSecond: 65_000, parameters: 145_418 },
];

test('a row takes its fastest backend and divides it by PyTorch measured in the same run', () => {
  const row = assembleRow(mlpInput, torchRun);
  assert.deepEqual(row.best, { backend: 'wasm', samplesPerSecond: 3158, cpuSamplesPerSecond: 3947.5 });
  assert.equal(row.torch?.samplesPerSecond, 62_609);
  // The MLP row of docs/backends.md §6: 3,158 / 62,609 = 0.0504; by CPU time 3,947.5 / 65,000 = 0.0607.
  assert.ok(Math.abs(row.ratioToTorch! - 0.05044) < 1e-4, String(row.ratioToTorch));
  assert.ok(Math.abs(row.cpuRatioToTorch! - 0.06073) < 1e-4, String(row.cpuRatioToTorch));
});

test('a failed backend is never the best one; a model PyTorch does not have gets no ratio', () => {
  const row = assembleRow(
    { ...mlpInput, model: 'task:x', kind: 'task', backends: { wasm: { ok: false, error: 'boom' }, cpu: figure(10) } },
    torchRun,
  );
  assert.deepEqual(row.best, { backend: 'cpu', samplesPerSecond: 10, cpuSamplesPerSecond: 12.5 });
  assert.equal(row.torch, undefined);
  assert.equal(row.ratioToTorch, undefined);
  const none = assembleRow({ ...mlpInput, backends: { wasm: { ok: false, error: 'boom' } } }, torchRun);
  assert.equal(none.best, undefined);
  assert.equal(none.ratioToTorch, undefined);
  assert.equal(none.torch?.samplesPerSecond, 62_609);
});

test('over rounds, the ratio is the median of round-by-round ratios, with their range', () => {
  // Three rounds: actbench 100, 300, 200 samples/s against PyTorch 400, 500, 200 in the same rounds.
  // Ratios 0.25, 0.6, 1.0: median 0.6, range 0.25–1.0; the ratio of the medians (200 / 400 = 0.5)
  // would pair rounds that did not run side by side.
  const ours = combineRounds([100, 300, 200].map((v) => ({ samplesPerSecond: v, cpuSamplesPerSecond: v / 2, repetitions: [v, v] })));
  assert.deepEqual(ours.rounds, [100, 300, 200]);
  assert.equal(ours.samplesPerSecond, 200);
  assert.equal(ours.repetitions.length, 6);
  const torch = [400, 500, 200].map((v) => ({ ...torchRun[0]!, samplesPerSecond: v, cpuSamplesPerSecond: v, repetitions: [v] }));
  const row = assembleRow({ ...mlpInput, backends: { wasm: { ok: true, ...ours, steps: 9 } } }, torch);
  assert.equal(row.torch?.samplesPerSecond, 400);
  assert.deepEqual(row.torch?.rounds, [400, 500, 200]);
  assert.equal(row.ratioToTorch, 0.6);
  assert.deepEqual(row.ratioRange, [0.25, 1]);
  // By CPU time: 50/400, 150/500, 100/200 = 0.125, 0.3, 0.5.
  assert.equal(row.cpuRatioToTorch, 0.3);
  assert.deepEqual(row.cpuRatioRange, [0.125, 0.5]);
  const table = renderTrainBenchText({
    backends: [{ name: 'wasm', description: 'wasm (test)' }],
    unavailableBackends: [],
    torch: { state: 'measured', version: '1.13.1', threads: 1, blas: 'openblas', python: '3.11.2' },
    settings: { warmupSteps: 2, repetitions: 2, minSeconds: 1, rounds: 3 },
    rows: [row],
  });
  assert.match(table.split('\n')[2]!, / 0\.600 \(0\.25–1\.00\) +0\.300 \(0\.13–0\.50\)$/);
  assert.match(table, /3 rounds per model, alternating/);
});

test('rates: three significant digits below 100, whole numbers with separators above', () => {
  assert.equal(formatRate(17.94), '17.9');
  assert.equal(formatRate(6.2), '6.20');
  assert.equal(formatRate(62_609.4), '62,609');
  assert.equal(formatRate(NaN), 'n/a');
});

function result(torch: TrainBenchResult['torch']): TrainBenchResult {
  return {
    backends: [
      { name: 'wasm', description: 'wasm (test)' },
      { name: 'cpu', description: 'cpu (test)' },
    ],
    unavailableBackends: [{ name: 'node', reason: 'not installed' }],
    torch,
    settings: { warmupSteps: 2, repetitions: 5, minSeconds: 1, rounds: 1 },
    rows: [
      assembleRow(mlpInput, torch.state === 'measured' ? torchRun : undefined),
      assembleRow(
        { ...mlpInput, model: 'task:y', kind: 'task', backends: { wasm: { ok: false, error: 'kernel missing' }, cpu: figure(12.5) } },
        undefined,
      ),
    ],
  };
}

test('the text table: one column per backend, then PyTorch and the ratio', () => {
  const text = renderTrainBenchText(
    result({ state: 'measured', version: '1.13.1', threads: 1, blas: 'libopenblasp-r0.3.21.so', python: '3.11.2' }),
  );
  const [header, , mlp, other] = text.split('\n');
  assert.match(header!, /^model +batch +parameters +wasm samples\/s +cpu samples\/s +PyTorch 1 thread +best ÷ PyTorch +by CPU time$/);
  assert.match(mlp!, /^mlp +64 +145,418 +3,158 +725 +62,609 +0\.050 +0\.061$/);
  assert.match(other!, /^task:y +64 +145,418 +failed +12\.5$/);
  assert.match(text, /PyTorch 1\.13\.1 \(Debian python3-torch, libopenblasp-r0\.3\.21\.so, Python 3\.11\.2\), 1 thread/);
  assert.match(text, /task:y on wasm failed: kernel missing/);
  assert.match(text, /backend node not measured: not installed/);
});

test('without PyTorch the table keeps actbench figures, drops the PyTorch columns and says why', () => {
  const unavailable = result({ state: 'unavailable', reason: 'apt knows no package python3-torch here' });
  const text = renderTrainBenchText(unavailable);
  assert.doesNotMatch(text.split('\n')[0]!, /PyTorch/);
  assert.match(text.split('\n')[2]!, /^mlp +64 +145,418 +3,158 +725$/);
  assert.ok(notes(unavailable).includes('PyTorch reference unavailable: apt knows no package python3-torch here'));
  const markdown = renderTrainBenchMarkdown(result({ state: 'skipped', reason: '--no-torch' }));
  assert.match(markdown, /^\| model \| batch \| parameters \| wasm samples\/s \| cpu samples\/s \|\n\|---\|---:\|---:\|---:\|---:\|\n/);
  assert.match(markdown, /\n- PyTorch reference skipped: --no-torch\n/);
});
