import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  bandGrid,
  bestOfKCrossings,
  bestOfKCurve,
  bestOfKCurves,
  bootstrapBand,
  countsCurve,
  crossingSentence,
  devOrder,
  expectedBestOfK,
  overtakesFrom,
} from './best-of-k.js';
import { fileURLToPath } from 'node:url';
import { bestOfKCharts } from './best-of-k-report.js';
import { buildCell } from './cells.js';
import { loadStudy } from './load-study.js';
import { buildSummary } from './summarize.js';
import type { LedgerRecord } from '../study/types.js';
import type { Cell, ConfigurationScore } from './types.js';

const scores = (pairs: [number, number][]): ConfigurationScore[] =>
  pairs.map(([dev, test], configIndex) => ({ configIndex, dev, test, repeats: 1 }));

/** Every k-subset, dev's pick by the cells.ts rule (highest dev, then lowest configIndex), its test averaged. */
function enumerate(all: readonly ConfigurationScore[], k: number): number {
  const n = all.length;
  let sum = 0;
  let count = 0;
  for (let mask = 0; mask < 1 << n; mask++) {
    const subset = all.filter((_, i) => (mask >> i) & 1);
    if (subset.length !== k) continue;
    let pick = subset[0]!;
    for (const s of subset) if (s.dev > pick.dev || (s.dev === pick.dev && s.configIndex < pick.configIndex)) pick = s;
    sum += pick.test;
    count++;
  }
  return sum / count;
}

function cell(activation: string, s: ConfigurationScore[], mini = 'm'): Cell {
  const records: LedgerRecord[] = s.flatMap((score) => [
    {
      key: `${activation}-${score.configIndex}`,
      miniExperiment: mini,
      activation,
      configIndex: score.configIndex,
      status: 'ok',
      dev: { accuracy: score.dev },
      test: { accuracy: score.test },
    } as unknown as LedgerRecord,
  ]);
  return buildCell(mini, activation, records, 'accuracy');
}

describe('expected best of k', () => {
  it('n = 3 worked by hand and by enumerating every subset', () => {
    // dev order: config 1 (dev .9, test .5), config 2 (dev .8, test .7), config 0 (dev .6, test .9)
    const s = scores([
      [0.6, 0.9],
      [0.9, 0.5],
      [0.8, 0.7],
    ]);
    const curve = expectedBestOfK(s);
    // k = 1: mean; k = 2: subsets {0,1}→.5, {0,2}→.7, {1,2}→.5; k = 3: .5
    assert.deepEqual(
      curve.map((v) => Number(v.toFixed(12))),
      [0.7, 0.5666666666667, 0.5].map((v) => Number(v.toFixed(12))),
    );
    for (let k = 1; k <= 3; k++) assert.ok(Math.abs(curve[k - 1]! - enumerate(s, k)) < 1e-12, `k = ${k}`);
  });

  it('matches enumeration on n = 9 with ties on dev, every k', () => {
    const s = scores([
      [0.5, 0.1],
      [0.7, 0.3],
      [0.7, 0.9],
      [0.2, 0.4],
      [0.7, 0.2],
      [0.9, 0.6],
      [0.5, 0.8],
      [0.1, 0.7],
      [0.9, 0.05],
    ]);
    const curve = expectedBestOfK(s);
    for (let k = 1; k <= s.length; k++) assert.ok(Math.abs(curve[k - 1]! - enumerate(s, k)) < 1e-12, `k = ${k}`);
    // Ties go to the lowest configIndex: config 5 before 8, 1 before 2 before 4.
    assert.deepEqual(
      devOrder(s).map((x) => x.configIndex),
      [5, 8, 1, 2, 4, 0, 6, 3, 7],
    );
  });

  it('k = 1 is the mean and k = n is best, as cells.ts computes them (ties on dev included), n = 200 stays finite', () => {
    let seed = 7;
    const random = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (const n of [1, 2, 5, 50, 200]) {
      const s = Array.from({ length: n }, (_, i) => ({ configIndex: i, dev: Math.round(random() * 10) / 10, test: random(), repeats: 1 }));
      const c = cell('a', s);
      const curve = expectedBestOfK(c.scores);
      assert.equal(curve.length, n);
      assert.ok(curve.every(Number.isFinite));
      assert.ok(Math.abs(curve[0]! - c.mean!) < 1e-12, `mean, n = ${n}`);
      assert.ok(Math.abs(curve[n - 1]! - c.best!) < 1e-12, `best, n = ${n}`);
    }
  });

  it('n = 1: one point, a zero-width band at it; no scores: no curve', () => {
    const one = bestOfKCurve(cell('a', scores([[0.4, 0.6]])))!;
    assert.deepEqual(one.curve, [{ k: 1, mean: 0.6, low: 0.6, high: 0.6 }]);
    const empty = buildCell('m', 'a', [], 'accuracy');
    assert.equal(bestOfKCurve(empty), null);
    assert.deepEqual(expectedBestOfK([]), []);
    assert.deepEqual(bestOfKCurves([empty]), []);
  });

  it('bootstrap band: seeded, contains a constant curve exactly, brackets the estimate at k = 1, on the grid only', () => {
    const flat = bootstrapBand(
      scores([
        [0.1, 0.5],
        [0.2, 0.5],
        [0.3, 0.5],
      ]),
      { resamples: 200 },
    );
    assert.deepEqual(flat.low, [0.5, 0.5, 0.5]);
    assert.deepEqual(flat.high, [0.5, 0.5, 0.5]);
    const s = Array.from({ length: 40 }, (_, i) => ({ configIndex: i, dev: (i * 7) % 13, test: ((i * 11) % 17) / 17, repeats: 1 }));
    const a = bootstrapBand(s, { resamples: 300, seed: 3 });
    assert.deepEqual(a, bootstrapBand(s, { resamples: 300, seed: 3 }));
    const mean = expectedBestOfK(s)[0]!;
    assert.ok(a.low[0]! <= mean && mean <= a.high[0]!);
    assert.deepEqual(bandGrid(40), [1, 2, 3, 4, 5, 6, 7, 8, 16, 32, 40]);
    assert.deepEqual(bandGrid(3), [1, 2, 3]);
    const curve = bestOfKCurve(cell('a', s), { resamples: 100 })!;
    assert.equal(curve.curve[8]!.low, null);
    assert.notEqual(curve.curve[15]!.low, null);
    assert.notEqual(curve.curve[39]!.low, null);
    for (const p of curve.curve) if (p.low !== null) assert.ok(p.low <= p.high! + 1e-12);
  });

  it('a resample as counts per configuration gives the estimator of that multiset (duplicates as distinct items)', () => {
    const s = scores([
      [0.9, 0.2],
      [0.5, 0.8],
      [0.7, 0.4],
      [0.3, 0.1],
    ]);
    const ordered = devOrder(s);
    const counts = [2, 0, 1, 1]; // two copies of the best-dev, none of the second
    const multiset = ordered.flatMap((x, j) => Array.from({ length: counts[j]! }, () => x)).map((x, i) => ({ ...x, configIndex: i }));
    const viaCounts = countsCurve(
      ordered.map((x) => x.test),
      counts,
    );
    assert.equal(viaCounts.length, 4);
    for (let k = 1; k <= 4; k++) assert.ok(Math.abs(viaCounts[k - 1]! - enumerate(multiset, k)) < 1e-12, `k = ${k}`);
    assert.deepEqual(
      countsCurve(
        ordered.map((x) => x.test),
        [1, 1, 1, 1],
      ).map((v) => v.toFixed(12)),
      expectedBestOfK(s).map((v) => v.toFixed(12)),
    );
  });

  it('crossings: the smallest k from which a stays above b, only when b led at k = 1', () => {
    assert.equal(overtakesFrom([0.5, 0.6, 0.7, 0.8], [0.6, 0.65, 0.68, 0.7]), 3);
    assert.equal(overtakesFrom([0.5, 0.7, 0.6, 0.8], [0.6, 0.65, 0.65, 0.7]), 4);
    assert.equal(overtakesFrom([0.5, 0.6], [0.6, 0.7]), null);
    assert.equal(overtakesFrom([0.7, 0.8], [0.6, 0.7]), null);
    assert.equal(overtakesFrom([0.5], [0.6]), null);
    // a steady but mediocre b (mean .6, best .6) against an erratic a (mean .5, best .9)
    const steady = cell(
      'steady',
      scores([
        [0.5, 0.6],
        [0.6, 0.6],
        [0.7, 0.6],
        [0.8, 0.6],
      ]),
    );
    const erratic = cell(
      'erratic',
      scores([
        [0.5, 0.2],
        [0.6, 0.3],
        [0.7, 0.6],
        [0.8, 0.9],
      ]),
    );
    const unscored = buildCell('m', 'none', [], 'accuracy');
    const cells = [steady, erratic, unscored];
    const curves = bestOfKCurves(cells, { resamples: 50 });
    // erratic: k=1 .5, k=2 (.9·3 + .6·2 + .3)/6 = .7, so from k = 2
    const crossings = bestOfKCrossings(cells, curves, ['m'], 'steady');
    assert.deepEqual(
      crossings.map(({ a, b, fromK, n }) => ({ a, b, fromK, n })),
      [{ a: 'erratic', b: 'steady', fromK: 2, n: 4 }],
    );
    assert.match(crossingSentence(crossings[0]!), /^m: erratic overtakes steady from k ≥ 2 of 4 configurations/);
    // Different scored configurations: no crossing claimed.
    const fewer = cell(
      'erratic',
      scores([
        [0.5, 0.2],
        [0.6, 0.3],
        [0.8, 0.9],
      ]),
    );
    assert.deepEqual(bestOfKCrossings([steady, fewer], bestOfKCurves([steady, fewer], { resamples: 10 }), ['m'], 'steady'), []);
  });
});

describe('best-of-k charts', () => {
  it('draw one chart per mini-experiment with the trivial baseline as a dashed line', () => {
    const summary = buildSummary(loadStudy(fileURLToPath(new URL('./fixtures/tiny', import.meta.url))));
    const charts = bestOfKCharts(summary);
    assert.equal(charts.length, summary.miniExperiments.length);
    for (const chart of charts) {
      const mini = summary.miniExperiments.find((m) => m.id === chart.miniExperiment)!;
      assert.ok(mini.baseline?.value !== null && mini.baseline?.value !== undefined);
      assert.match(chart.svg, /trivial baseline/);
      assert.match(chart.svg, /stroke-dasharray="6 4"/);
    }
  });
});
