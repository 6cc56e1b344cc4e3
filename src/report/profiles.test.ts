// Stability profiles and win rates on small cases worked by hand.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LedgerRecord } from '../study/types.js';
import { buildCell } from './cells.js';
import { profilesChart, profilesTable, winCountsTable, winRateHeatMapChart, winRatesTable } from './profile-report.js';
import { normalisedArea, stabilityProfiles, TAU_GRID, winRate, winRates } from './profiles.js';
import type { Cell, ConfigurationScore, ReportSummary } from './types.js';

const score = (configIndex: number, test: number): ConfigurationScore => ({ configIndex, dev: test, test, repeats: 1 });
const cell = (miniExperiment: string, activation: string, scores: ConfigurationScore[]) => ({ miniExperiment, activation, scores });
const minis = ['m1', 'm2'].map((id) => ({ id, configurations: [0, 1].map((configIndex) => ({ configIndex, hparams: {} })) }));

// m1: configuration 0: a 0.80, b 0.75, c 0.70; configuration 1: a 0.60, b 0.70, c has runs but no score (a failure).
// m2: c has no runs at all (excluded, not failed); configuration 0: a 0.5, b 0.5 (a tie, both best);
// configuration 1: only a scored, so not a cell.
const cells = [
  cell('m1', 'a', [score(0, 0.8), score(1, 0.6)]),
  cell('m1', 'b', [score(0, 0.75), score(1, 0.7)]),
  cell('m1', 'c', [score(0, 0.7)]),
  cell('m2', 'a', [score(0, 0.5), score(1, 0.9)]),
  cell('m2', 'b', [score(0, 0.5)]),
];
const GRID = [0, 0.05, 0.1, 0.2];

describe('stability profiles', () => {
  const profiles = stabilityProfiles(['a', 'b', 'c'], minis, cells, GRID);
  const row = (name: string) => profiles.rows.find((r) => r.activation === name)!;

  it('counts the cells: three for a and b, two for c (m2 excludes it), c failing one', () => {
    assert.deepEqual(profiles.tauGrid, GRID);
    assert.deepEqual(
      profiles.rows.map((r) => [r.activation, r.cells, r.failures]),
      [
        ['a', 3, 0],
        ['b', 3, 0],
        ['c', 2, 1],
      ],
    );
  });

  it('fractions within τ: gaps a {0, 0.10, 0}, b {0.05, 0, 0}, c {0.10, never}', () => {
    assert.deepEqual(row('a').fractions, [2 / 3, 2 / 3, 1, 1]);
    // 0.80 − 0.75 is 0.05000000000000004 in floating point: still within τ = 0.05.
    assert.deepEqual(row('b').fractions, [2 / 3, 1, 1, 1]);
    // The failure is never within τ, however large.
    assert.deepEqual(row('c').fractions, [0, 0, 1 / 2, 1 / 2]);
  });

  it('areas: trapezoids over the grid divided by 0.2', () => {
    // a: (0.05·(2/3 + 2/3)/2 + 0.05·(2/3 + 1)/2 + 0.1·1) / 0.2 = (1/30 + 1/24 + 1/10) / 0.2 = 21/24
    assert.ok(Math.abs(row('a').area! - 21 / 24) < 1e-12);
    // b: (0.05·(2/3 + 1)/2 + 0.05 + 0.1) / 0.2 = (1/24 + 1/20 + 1/10) / 0.2 = 23/24
    assert.ok(Math.abs(row('b').area! - 23 / 24) < 1e-12);
    // c: (0 + 0.05·(0 + 1/2)/2 + 0.1·1/2) / 0.2 = (1/80 + 1/20) / 0.2 = 5/16
    assert.ok(Math.abs(row('c').area! - 5 / 16) < 1e-12);
  });

  it('an activation in no cell has no area; a single-point grid gives its fraction', () => {
    const none = stabilityProfiles(['a', 'z'], minis, cells, GRID);
    assert.equal(none.rows[1]!.area, null);
    assert.equal(none.rows[1]!.cells, 0);
    assert.equal(normalisedArea([0], [0.4]), 0.4);
    assert.equal(normalisedArea([0, 1], [1, 1]), 1);
  });

  it('the default grid is 0 … 0.2 in steps of 0.005', () => {
    assert.equal(TAU_GRID.length, 41);
    assert.equal(TAU_GRID[0], 0);
    assert.equal(TAU_GRID[1], 0.005);
    assert.equal(TAU_GRID[40], 0.2);
  });
});

function record(
  miniExperiment: string,
  activation: string,
  configIndex: number,
  repeat: number,
  status: LedgerRecord['status'],
  test: number | undefined,
  splitIndex = 0,
): LedgerRecord {
  const metrics: Record<string, number> = test === undefined ? {} : { accuracy: test };
  return {
    key: `${miniExperiment}-${activation}-${configIndex}-${repeat}-${splitIndex}`,
    specHash: 'h',
    miniExperiment,
    task: 't',
    dataset: 'd',
    activation,
    configIndex,
    repeat,
    seed: 1,
    splitIndex,
    hparams: {},
    status,
    dev: metrics,
    test: metrics,
    baseline: {},
    history: [],
    epochs: 1,
    bestEpoch: 1,
    seconds: 1,
    backend: 'wasm',
    versions: {},
    primaryMetric: 'accuracy',
    finishedAt: '',
  };
}

// Units (mini-experiment, configuration, repeat, split):
//   m1 0 0 0: a 0.8, b 0.75, c 0.7
//   m1 0 1 0: a 0.7, b 0.7 (tie), c diverged in the first epoch (no score)
//   m1 1 0 0: a 0.6, b 0.7, c failed
//   m1 1 1 0: a 0.6, c diverged but scored at its best epoch, 0.65
//   m2 0 0 0: a 0.5, b 0.5 (tie)
//   m2 0 0 1: a 0.4, b 0.6 (another split: its own unit)
const records = [
  record('m1', 'a', 0, 0, 'ok', 0.8),
  record('m1', 'b', 0, 0, 'ok', 0.75),
  record('m1', 'c', 0, 0, 'ok', 0.7),
  record('m1', 'a', 0, 1, 'ok', 0.7),
  record('m1', 'b', 0, 1, 'ok', 0.7),
  record('m1', 'c', 0, 1, 'diverged', undefined),
  record('m1', 'a', 1, 0, 'ok', 0.6),
  record('m1', 'b', 1, 0, 'ok', 0.7),
  record('m1', 'c', 1, 0, 'failed', undefined),
  record('m1', 'a', 1, 1, 'ok', 0.6),
  record('m1', 'c', 1, 1, 'diverged', 0.65),
  record('m2', 'a', 0, 0, 'ok', 0.5),
  record('m2', 'b', 0, 0, 'ok', 0.5),
  record('m2', 'a', 0, 0, 'ok', 0.4, 1),
  record('m2', 'b', 0, 0, 'ok', 0.6, 1),
];

describe('win rates', () => {
  const rates = winRates(['a', 'b', 'c'], records, () => 'accuracy');

  it('counts wins, losses and ties per ordered pair over the units both scored', () => {
    // a–b: m1 0 0 win, m1 0 1 tie, m1 1 0 loss, m2 split 0 tie, m2 split 1 loss.
    // a–c: m1 0 0 win, m1 1 1 loss (c's diverged run is scored). b–c: m1 0 0 win.
    assert.deepEqual(rates.wins, [
      [0, 1, 1],
      [2, 0, 1],
      [1, 0, 0],
    ]);
    assert.deepEqual(rates.losses, [
      [0, 2, 1],
      [1, 0, 0],
      [1, 1, 0],
    ]);
    assert.deepEqual(rates.ties, [
      [0, 2, 0],
      [2, 0, 0],
      [0, 0, 0],
    ]);
  });

  it('rate = wins / (wins + losses), ties apart; null on the diagonal and for pairs never differing', () => {
    assert.equal(winRate(rates, 0, 1), 1 / 3);
    assert.equal(winRate(rates, 1, 0), 2 / 3);
    assert.equal(winRate(rates, 0, 2), 1 / 2);
    assert.equal(winRate(rates, 1, 2), 1);
    assert.equal(winRate(rates, 2, 1), 0);
    assert.equal(winRate(rates, 0, 0), null);
    const tiesOnly = winRates(['a', 'b'], [record('m', 'a', 0, 0, 'ok', 0.5), record('m', 'b', 0, 0, 'ok', 0.5)], () => 'accuracy');
    assert.equal(winRate(tiesOnly, 0, 1), null);
    assert.equal(tiesOnly.ties[0]![1], 1);
  });

  it('profiles from the same records through buildCell: repeats averaged, failures counted', () => {
    const built: Cell[] = ['a', 'b', 'c'].map((activation) =>
      buildCell(
        'm1',
        activation,
        records.filter((r) => r.miniExperiment === 'm1' && r.activation === activation),
        'accuracy',
      ),
    );
    // m1 configuration 0: a 0.75, b 0.725, c 0.7; configuration 1: a 0.6, b 0.7, c 0.65.
    const p = stabilityProfiles(['a', 'b', 'c'], [minis[0]!], built, [0, 0.05]);
    assert.deepEqual(
      p.rows.map((r) => [r.activation, r.cells, r.failures, r.fractions]),
      [
        ['a', 2, 0, [1 / 2, 1 / 2]],
        ['b', 2, 0, [1 / 2, 1]],
        ['c', 2, 0, [0, 1]],
      ],
    );
  });
});

describe('tables and charts', () => {
  const summary = {
    activations: ['a', 'b', 'c'],
    profiles: stabilityProfiles(['a', 'b', 'c'], minis, cells, [0, 0.01, 0.05, 0.2]),
    winRates: winRates(['a', 'b', 'c'], records, () => 'accuracy'),
  } as unknown as ReportSummary;

  it('the profile table is sorted by area and shows the τ values on the grid', () => {
    const table = profilesTable(summary);
    assert.deepEqual(
      table.columns.map((c) => c.header),
      ['activation', 'area', 'cells', 'no score', 'τ = 0', 'τ = 0.01', 'τ = 0.05', 'τ = 0.2'],
    );
    assert.deepEqual(
      table.rows.map((r) => r[0]),
      ['b', 'a', 'c'],
    );
  });

  it('the win-rate matrix and the counts per pair', () => {
    const matrix = winRatesTable(summary);
    assert.deepEqual(matrix.rows[0], ['a', null, 1 / 3, 1 / 2, 2, 3, 2]);
    const counts = winCountsTable(summary);
    assert.equal(counts.rows.length, 6);
    assert.deepEqual(counts.rows[0], ['a', 'b', 1, 2, 2, 5, 1 / 3]);
  });

  it('charts exist, and are absent from older summaries without the fields', () => {
    assert.match(profilesChart(summary)!, /<svg/);
    assert.match(winRateHeatMapChart(summary)!, /<svg/);
    const old = { activations: ['a'] } as unknown as ReportSummary;
    assert.equal(profilesChart(old), null);
    assert.equal(winRateHeatMapChart(old), null);
    assert.equal(profilesTable(old).rows.length, 0);
    assert.equal(winRatesTable(old).rows.length, 0);
  });
});
