// Cost and time to target on a ledger small enough to work out by hand (the numbers in the
// comments), with the edge cases: a diverged and a failed run, a ledger without per-epoch times,
// an activation with one configuration, ties on the Pareto front, and a mini-experiment where
// every run failed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EpochMetrics, LedgerRecord } from '../study/types.js';
import { buildCell } from './cells.js';
import { costTable, timeToTargetCharts, timeToTargetTable } from './cost-report.js';
import { costSummary, halfTime, paretoFront, reachOf, runTimes } from './cost.js';
import type { MiniExperimentInfo, ReportSummary } from './types.js';

const epochs = (...pairs: [number, number][]): EpochMetrics[] =>
  pairs.map(([dev, seconds], i) => ({ epoch: i + 1, loss: 1, dev: { accuracy: dev }, seconds }));

function run(miniExperiment: string, activation: string, configIndex: number, fields: Partial<LedgerRecord>): LedgerRecord {
  return {
    key: `${miniExperiment}|${activation}|${configIndex}`,
    specHash: 'h',
    miniExperiment,
    task: 't',
    dataset: 'd',
    activation,
    configIndex,
    repeat: 0,
    seed: 1,
    splitIndex: 0,
    hparams: {},
    status: 'ok',
    dev: {},
    test: {},
    baseline: {},
    history: [],
    epochs: 0,
    bestEpoch: 0,
    seconds: 0,
    backend: 'wasm',
    versions: {},
    primaryMetric: 'accuracy',
    finishedAt: '',
    ...fields,
  };
}
const scored = (dev: number, test: number) => ({ dev: { accuracy: dev }, test: { accuracy: test } });

// Mini-experiment m:
//  a: config 0 ok, dev .6 .8 .7 in 1, 2, 3 s (best epoch 2), test .75, run 10 s; config 1 ok, dev .9 in 1 s, test .85, run 4 s.
//  b: config 0 diverged after one epoch (dev .85 in 1 s), test .80, run 3 s; config 1 failed.
//  c: no per-epoch history: config 0 4 epochs, best 2, dev .9, test .9, run 8 s; config 1 2 epochs, best 1, dev .5, test .5, run 2 s.
//  d: one configuration: dev .7 in 1 s, test .6, run 1 s.
const m = [
  run('m', 'a', 0, { ...scored(0.8, 0.75), history: epochs([0.6, 1], [0.8, 2], [0.7, 3]), epochs: 3, bestEpoch: 2, seconds: 10 }),
  run('m', 'a', 1, { ...scored(0.9, 0.85), history: epochs([0.9, 1]), epochs: 1, bestEpoch: 1, seconds: 4 }),
  run('m', 'b', 0, { ...scored(0.85, 0.8), status: 'diverged', history: epochs([0.85, 1]), epochs: 2, bestEpoch: 1, seconds: 3 }),
  run('m', 'b', 1, { status: 'failed', error: 'boom' }),
  run('m', 'c', 0, { ...scored(0.9, 0.9), epochs: 4, bestEpoch: 2, seconds: 8 }),
  run('m', 'c', 1, { ...scored(0.5, 0.5), epochs: 2, bestEpoch: 1, seconds: 2 }),
  run('m', 'd', 0, { ...scored(0.7, 0.6), history: epochs([0.7, 1]), epochs: 1, bestEpoch: 1, seconds: 1 }),
];
// Mini-experiment dead: every run failed.
const dead = [run('dead', 'a', 0, { status: 'failed' }), run('dead', 'b', 0, { status: 'timeout', seconds: 300 })];

const info = (id: string): MiniExperimentInfo => ({
  id,
  task: 't',
  dataset: 'd',
  metric: 'accuracy',
  metricSource: 'ledger',
  configurations: [],
  baseline: null,
  baselineCheck: null,
});
const minis = [info('m'), info('dead')];
const cells = [
  ...['a', 'b', 'c', 'd'].map((name) =>
    buildCell(
      'm',
      name,
      m.filter((r) => r.activation === name),
      'accuracy',
    ),
  ),
  ...['a', 'b'].map((name) =>
    buildCell(
      'dead',
      name,
      dead.filter((r) => r.activation === name),
      'accuracy',
    ),
  ),
];
const cost = costSummary(
  minis,
  cells,
  new Map([
    ['m', m],
    ['dead', dead],
  ]),
);
const row = (mini: string, activation: string) => cost.perCell.find((r) => r.miniExperiment === mini && r.activation === activation)!;
const reach = (mini: string, activation: string) =>
  cost.timeToTarget.find((t) => t.miniExperiment === mini)!.rows.find((r) => r.activation === activation)!;

describe('run times', () => {
  it('from the history: seconds to the best epoch sum epochs 1…best; per epoch is their mean', () => {
    assert.deepEqual(runTimes(m[0]!), { runSeconds: 10, epochSeconds: [1, 2, 3], secondsToBest: 3, secondsPerEpoch: 2, derived: false });
  });
  it('without a history: seconds / epochs for every epoch, marked derived', () => {
    assert.deepEqual(runTimes(m[4]!), { runSeconds: 8, epochSeconds: [2, 2, 2, 2], secondsToBest: 4, secondsPerEpoch: 2, derived: true });
  });
  it('a failed run with nothing recorded has no epochs and no time per epoch', () => {
    assert.deepEqual(runTimes(m[3]!), { runSeconds: 0, epochSeconds: [], secondsToBest: 0, secondsPerEpoch: null, derived: true });
  });
});

describe('cost per cell', () => {
  it('a: run seconds 10 and 4 → median 7, quartiles 5.5 and 8.5; to best 3 and 1 → 2; per epoch 2 and 1 → 1.5', () => {
    const a = row('m', 'a');
    assert.deepEqual(
      [
        a.runs,
        a.scoredRuns,
        a.configurations,
        a.medianSeconds,
        a.secondsLow,
        a.secondsHigh,
        a.medianSecondsToBest,
        a.medianSecondsPerEpoch,
        a.medianEpochs,
        a.derivedTimes,
      ],
      [2, 2, 2, 7, 5.5, 8.5, 2, 1.5, 2, 0],
    );
    assert.ok(Math.abs(a.medianScore! - 0.8) < 1e-12);
  });
  it('b: only its diverged-but-scored run is timed (3 s); the failed run counts in runs, not in times', () => {
    const b = row('m', 'b');
    assert.deepEqual(
      [b.runs, b.scoredRuns, b.configurations, b.medianSeconds, b.medianSecondsToBest, b.medianSecondsPerEpoch],
      [2, 1, 1, 3, 1, 1],
    );
  });
  it('c: derived times (8/4 and 2/2 per epoch): to best 4 and 1 → 2.5, both runs counted as derived', () => {
    const c = row('m', 'c');
    assert.deepEqual([c.medianSeconds, c.medianSecondsToBest, c.medianSecondsPerEpoch, c.derivedTimes], [5, 2.5, 1.5, 2]);
  });
  it('Pareto on (median test, median run s): a (.80, 7), b (.80, 3), c (.70, 5), d (.60, 1) → b and d on the front', () => {
    assert.deepEqual(
      ['a', 'b', 'c', 'd'].map((name) => [row('m', name).pareto, row('m', name).dominatedBy]),
      [
        [false, ['b']],
        [true, []],
        [false, ['b']],
        [true, []],
      ],
    );
  });
  it('identical points are both on the front; a single point is on it', () => {
    assert.deepEqual(
      paretoFront([
        { score: 0.5, seconds: 2 },
        { score: 0.5, seconds: 2 },
        { score: 0.4, seconds: 2 },
      ]),
      [true, true, false],
    );
    assert.deepEqual(paretoFront([{ score: 0.5, seconds: 2 }]), [true]);
  });
  it('a mini-experiment where every run failed: no medians, no front, the runs still counted', () => {
    const a = row('dead', 'a');
    assert.deepEqual([a.runs, a.scoredRuns, a.medianScore, a.medianSeconds, a.pareto], [1, 0, null, null, null]);
  });
});

describe('time to target', () => {
  const mt = cost.timeToTarget.find((t) => t.miniExperiment === 'm')!;
  it('target = median best dev of the scored runs {.8, .9, .85, .9, .5, .7} = (.8 + .85)/2', () => {
    assert.ok(Math.abs(mt.target! - 0.825) < 1e-12);
    assert.equal(mt.targetRuns, 6);
    // Every epoch up to the longest run (c's 4 derived epochs).
    assert.deepEqual(mt.epochGrid, [1, 2, 3, 4]);
  });
  it('a: config 0 peaks at .8 (never), config 1 reaches at epoch 1 after 1 s → 1 of 2, half at epoch 1 / 1 s', () => {
    const a = reach('m', 'a');
    assert.deepEqual(
      [a.runs, a.reached, a.fraction, a.medianEpochs, a.medianSeconds, a.halfEpochs, a.halfSeconds, a.derived],
      [2, 1, 0.5, 1, 1, 1, 1, 0],
    );
    assert.deepEqual(a.byEpoch, [0.5, 0.5, 0.5, 0.5]);
  });
  it('b: the diverged run had dev .85 ≥ target but never counts, nor the failed one', () => {
    const b = reach('m', 'b');
    assert.deepEqual([b.runs, b.reached, b.fraction, b.halfEpochs, b.halfSeconds], [2, 0, 0, null, null]);
    assert.equal(reachOf(m[2]!, 'accuracy', 0.825), null);
  });
  it('c without a history: at its best epoch 2 after 2 × 2 s, derived', () => {
    const c = reach('m', 'c');
    assert.deepEqual([c.reached, c.halfEpochs, c.halfSeconds, c.derived], [1, 2, 4, 1]);
    assert.deepEqual(c.byEpoch, [0, 0.5, 0.5, 0.5]);
  });
  it('the seconds grid runs from 0 to the slowest reach (4 s) and counts a reach at its exact time', () => {
    assert.equal(mt.secondsGrid.length, 41);
    assert.equal(mt.secondsGrid.at(-1), 4);
    const a = reach('m', 'a');
    assert.equal(a.bySeconds[9], 0);
    assert.equal(a.bySeconds[10], 0.5); // t = 1.0 s
    assert.equal(reach('m', 'c').bySeconds[40], 0.5);
  });
  it('n = 1: d’s one run peaks at .7, never; half of one run needs that run', () => {
    assert.deepEqual([reach('m', 'd').runs, reach('m', 'd').fraction, reach('m', 'd').halfSeconds], [1, 0, null]);
    assert.equal(halfTime([3], 1), 3);
    assert.equal(halfTime([1, 2], 5), null);
    assert.equal(halfTime([], 0), null);
  });
  it('every run failed: no target, nothing reached, no chart', () => {
    const d = cost.timeToTarget.find((t) => t.miniExperiment === 'dead')!;
    assert.deepEqual([d.target, d.targetRuns, d.secondsGrid.length, d.rows.map((r) => r.fraction)], [null, 0, 0, [0, 0]]);
    const summary = { cost, reference: 'a' } as unknown as ReportSummary;
    assert.deepEqual(
      timeToTargetCharts(summary).map((chart) => chart.miniExperiment),
      ['m'],
    );
  });
});

describe('cost tables', () => {
  const summary = { cost } as unknown as ReportSummary;
  it('one row per cell, with the front and the derived count', () => {
    const table = costTable(summary);
    assert.equal(table.rows.length, 6);
    const b = table.rows.find((r) => r[0] === 'm' && r[1] === 'b')!;
    assert.equal(b[table.columns.findIndex((c) => c.header === 'Pareto')], 'front');
    assert.match(table.description, /2 scored run\(s\) have no per-epoch times/);
  });
  it('time-to-target rows carry the target of their mini-experiment', () => {
    const table = timeToTargetTable(summary);
    assert.equal(table.rows.length, 6);
    assert.ok(Math.abs((table.rows[0]![2] as number) - 0.825) < 1e-12);
    assert.equal(table.rows.find((r) => r[0] === 'dead')![2], null);
  });
  it('a summary without cost (written before it) gives empty tables', () => {
    assert.equal(costTable({} as ReportSummary).rows.length, 0);
    assert.equal(timeToTargetTable({} as ReportSummary).rows.length, 0);
  });
});
