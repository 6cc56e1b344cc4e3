// The recommendation's rules on summaries built by hand: a clear leader, a leader within noise, a
// tie, n = 1 curves, missing cells, and summaries with nothing to recommend from.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rankLeader, recommendations } from './recommendation.js';
import type { BestOfKCurve, CostRow, ReportSummary, TimeToTarget } from './types.js';

/** A curve whose every point is `mean` + k·slope with a band of ±half. */
function curve(miniExperiment: string, activation: string, n: number, mean: number, half: number, slope = 0.01): BestOfKCurve {
  return {
    miniExperiment,
    activation,
    n,
    curve: Array.from({ length: n }, (_, i) => ({
      k: i + 1,
      mean: mean + i * slope,
      low: mean + i * slope - half,
      high: mean + i * slope + half,
    })),
  };
}
const MINIS = ['m1', 'm2', 'm3'];

function base(overrides: Partial<ReportSummary>): ReportSummary {
  return {
    activations: ['x', 'y', 'relu'],
    reference: 'relu',
    bestOfK: [],
    bestOfKCrossings: [],
    winRates: {
      activations: ['x', 'y', 'relu'],
      wins: [
        [0, 6, 6],
        [2, 0, 3],
        [2, 3, 0],
      ],
      losses: [
        [0, 2, 2],
        [6, 0, 3],
        [6, 3, 0],
      ],
      ties: [
        [0, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
      ],
    },
    equivalence: {
      rope: 0.005,
      prior: 0.5,
      samples: 100,
      probability: 0.95,
      perMiniExperiment: [],
      pooled: [
        {
          miniExperiment: null,
          activation: 'x',
          reference: 'relu',
          pairs: 24,
          meanDifference: 0.02,
          pBetter: 0.97,
          pEquivalent: 0.02,
          pWorse: 0.01,
          verdict: 'better',
          words: '',
        },
      ],
    },
    variance: [],
    ...overrides,
  } as ReportSummary;
}

describe('rankLeader', () => {
  it('averages within-mini-experiment ranks; compares only activations ranked in the most mini-experiments', () => {
    // m1: x 3, y 2, z 1 → ranks 1, 2, 3; m2: x 1, y 2 (z missing) → x 2, y 1. x: 1.5, y: 1.5 (tie), z only in one: left out.
    const perMini = new Map([
      [
        'm1',
        new Map([
          ['x', 3],
          ['y', 2],
          ['z', 1],
        ] as [string, number][]),
      ],
      [
        'm2',
        new Map([
          ['x', 1],
          ['y', 2],
        ] as [string, number][]),
      ],
    ]);
    const ranked = rankLeader(perMini, ['y', 'x', 'z'], true)!;
    assert.deepEqual(
      [ranked.leader, ranked.averageRank, ranked.tied, ranked.compared, ranked.miniExperiments],
      ['y', 1.5, ['y', 'x'], 2, 2],
    );
  });
  it('null when no mini-experiment ranks two activations', () => {
    assert.equal(rankLeader(new Map([['m', new Map([['x', 1]])]]), ['x'], true), null);
  });
});

describe('budget recommendations', () => {
  it('clear: x above y and relu at every k in all three mini-experiments, bands apart', () => {
    const summary = base({
      bestOfK: MINIS.flatMap((m) => [curve(m, 'x', 8, 0.8, 0.01), curve(m, 'y', 8, 0.7, 0.01), curve(m, 'relu', 8, 0.6, 0.01)]),
    });
    const [small, large] = recommendations(summary);
    assert.equal(small!.choice, 'x');
    assert.equal(small!.clear, true);
    assert.deepEqual(
      [small!.evidence['averageRank'], small!.evidence['first'], small!.evidence['separated'], small!.evidence['present']],
      [1, 3, 3, 3],
    );
    // wins 12, losses 4 over both opponents → 75% of 16.
    assert.equal(
      small!.sentence,
      'With a small search budget (k = 1–3 configurations), pick x: x has the best average rank of expected best-of-k test score (1.00 over 3 mini-experiments, 3 activations compared; next y 2.00); it is first at k = 3 in 3 of 3 and its 95% bootstrap band there clears the runner-up’s in 3 of 3 (n = 8 configurations each). Caveat: its runs beat the others’ on the same configuration, repeat and split 75% of 16 times; against relu the pooled Bayesian signed-rank test says better within ±0.005 (P(better) 97%, P(equivalent) 2%, P(worse) 1%, 24 pairs); the bands are over configurations, not seeds.',
    );
    assert.equal(large!.clear, true);
    assert.match(large!.sentence, /first at k = n in 3 of 3 .*; no best-of-k crossing involves it\./);
  });

  it('no clear choice: the same order, but the bands overlap (±0.06 around a 0.1 gap)', () => {
    const summary = base({ bestOfK: MINIS.flatMap((m) => [curve(m, 'x', 8, 0.8, 0.06), curve(m, 'y', 8, 0.7, 0.06)]) });
    const [small] = recommendations(summary);
    assert.equal(small!.choice, 'x');
    assert.equal(small!.clear, false);
    assert.deepEqual([small!.evidence['first'], small!.evidence['separated']], [3, 0]);
    assert.match(
      small!.sentence,
      /^With a small search budget \(k = 1–3 configurations\), no clear choice: x has the best average rank .* but it is first at k = 3 in 3 of 3 and its 95% bootstrap band there clears the runner-up’s in 0 of 3/,
    );
  });

  it('crossings: y overtakes x from k = 4 — the large budget goes to y, and says it overtakes x', () => {
    // y starts below x and climbs faster: x .800 .801 .802 .803 …, y .78 .79 .80 .81 …: y ahead from k = 4; at n = 8, x .807, y .85.
    const summary = base({
      bestOfK: MINIS.flatMap((m) => [curve(m, 'x', 8, 0.8, 0.001, 0.001), curve(m, 'y', 8, 0.78, 0.001, 0.01)]),
      bestOfKCrossings: MINIS.map((m) => ({
        miniExperiment: m,
        a: 'y',
        b: 'x',
        fromK: 4,
        n: 8,
        atOne: { a: 0.78, b: 0.8 },
        atN: { a: 0.85, b: 0.807 },
      })),
    });
    const [small, large] = recommendations(summary);
    // k = 1, 2 and 3 all favour x (at k = 3, .802 against .80): the small budget goes to x.
    assert.equal(small!.choice, 'x');
    assert.equal(large!.choice, 'y');
    assert.equal(large!.clear, true);
    assert.match(
      large!.sentence,
      /its curve overtakes x from k ≥ 4 on m1, x from k ≥ 4 on m2, x from k ≥ 4 on m3, and is overtaken by none \(point estimates\)/,
    );
  });

  it('a tie on average rank is never clear, and says so', () => {
    // x leads m1, y leads m2: both average 1.5.
    const summary = base({
      bestOfK: [
        curve('m1', 'x', 8, 0.8, 0.001),
        curve('m1', 'y', 8, 0.7, 0.001),
        curve('m2', 'x', 8, 0.7, 0.001),
        curve('m2', 'y', 8, 0.8, 0.001),
      ],
    });
    const [small] = recommendations(summary);
    assert.equal(small!.clear, false);
    assert.match(small!.sentence, /no clear choice: x and y tie for the best average rank \(1\.50\)/);
  });

  it('n = 1 curves: k = 2 and 3 read the curve at n; the band at n = 1 decides', () => {
    const summary = base({ bestOfK: MINIS.flatMap((m) => [curve(m, 'x', 1, 0.8, 0.01), curve(m, 'y', 1, 0.7, 0.01)]) });
    const [small] = recommendations(summary);
    assert.deepEqual([small!.choice, small!.clear], ['x', true]);
    assert.match(small!.sentence, /\(n = 1 configurations each\)/);
  });

  it('nothing to rank: no curves, or one activation per mini-experiment', () => {
    const [small, large] = recommendations(base({ bestOfK: [curve('m1', 'x', 3, 0.8, 0.01)] }));
    assert.deepEqual([small!.choice, small!.clear], [null, false]);
    assert.match(large!.sentence, /nothing to recommend — no mini-experiment has best-of-k curves for two activations/);
  });
});

describe('stability recommendation', () => {
  const profiles = (a: number, b: number) => ({
    tauGrid: [0, 0.2],
    rows: [
      { activation: 'x', cells: 24, failures: 2, fractions: [a, a], area: a },
      { activation: 'y', cells: 24, failures: 0, fractions: [b, b], area: b },
    ],
  });
  const variance = [0.1, 0.2, 0.3].map((activation, i) => ({
    miniExperiment: MINIS[i]!,
    shares: { runs: 10, totalVariance: 1, activation, configuration: 0.5, interaction: 0.1, split: null, seed: null },
  }));
  it('clear when the area leads by more than 0.01; the variance shares are the caveat', () => {
    const stability = recommendations(base({ profiles: profiles(0.9, 0.85), variance }))[2]!;
    assert.deepEqual([stability.choice, stability.clear], ['x', true]);
    assert.equal(
      stability.sentence,
      'For stability (good scores without tuning), pick x: x has the largest stability-profile area, 0.900 over 24 (mini-experiment, configuration) cells (2 unscored), 0.050 ahead of y (0.850). Caveat: over 3 mini-experiments the configuration explains a median 50% of the score variance and the activation 20%, so the hyperparameters matter more than this choice; against relu the pooled Bayesian signed-rank test says better within ±0.005 (P(better) 97%, P(equivalent) 2%, P(worse) 1%, 24 pairs).',
    );
  });
  it('no clear choice within 0.01', () => {
    const stability = recommendations(base({ profiles: profiles(0.855, 0.851) }))[2]!;
    assert.equal(stability.clear, false);
    assert.match(
      stability.sentence,
      /no clear choice: x has .* 0\.004 ahead of y \(0\.851\), within 0\.01\. Caveat: no variance shares to weigh it against\./,
    );
  });
});

describe('compute recommendation', () => {
  const target = (miniExperiment: string, halves: Record<string, number | null>): TimeToTarget => ({
    miniExperiment,
    metric: 'accuracy',
    target: 0.8,
    targetRuns: 10,
    epochGrid: [],
    secondsGrid: [],
    rows: Object.entries(halves).map(([activation, halfSeconds]) => ({
      miniExperiment,
      activation,
      runs: 4,
      reached: halfSeconds === null ? 1 : 2,
      fraction: halfSeconds === null ? 0.25 : 0.5,
      medianEpochs: null,
      medianSeconds: null,
      halfEpochs: null,
      halfSeconds,
      derived: 0,
      byEpoch: [],
      bySeconds: [],
    })),
  });
  const front = (miniExperiment: string, activation: string, pareto: boolean): CostRow => ({
    miniExperiment,
    activation,
    runs: 4,
    scoredRuns: 4,
    configurations: 4,
    medianScore: 0.8,
    scoreLow: null,
    scoreHigh: null,
    medianSeconds: 1,
    secondsLow: null,
    secondsHigh: null,
    medianSecondsToBest: null,
    medianSecondsPerEpoch: null,
    medianEpochs: null,
    derivedTimes: 0,
    pareto,
    dominatedBy: [],
  });
  it('x reaches half soonest in m1 and m2; y never reaches half in m3 (ranked last there) → x, clear with the front in 2 of 3', () => {
    const cost = {
      timeToTarget: [target('m1', { x: 1, y: 2 }), target('m2', { x: 1, y: 3 }), target('m3', { x: null, y: 2 })],
      perCell: [front('m1', 'x', true), front('m2', 'x', true), front('m3', 'x', false)],
    };
    const compute = recommendations(base({ cost }))[3]!;
    assert.deepEqual(
      [compute.choice, compute.clear, compute.evidence['first'], compute.evidence['onFront'], compute.evidence['present']],
      ['x', true, 2, 2, 3],
    );
    // Average rank of x: (1 + 1 + 2)/3 = 1.33; the median half-time over m1, m2 (m3: never) is 1 s; fractions .5 .5 .25 → 50%.
    assert.match(
      compute.sentence,
      /^Per unit of compute, pick x: half of x’s runs reach the target dev score soonest \(average rank 1\.33 over 3 mini-experiments, 2 activations compared; next y 1\.67; first in 2 of 3; median half-time 1\.00 s over the 2 where half of its runs reach it, and in the median mini-experiment 50% of its runs reach it at all\), and it is on the Pareto front of median test score and median run seconds in 2 of 3\. Caveat: wall times/,
    );
  });
  it('off the front in most mini-experiments: no clear choice', () => {
    const cost = {
      timeToTarget: [target('m1', { x: 1, y: 2 }), target('m2', { x: 1, y: 3 })],
      perCell: [front('m1', 'x', false), front('m2', 'x', true)],
    };
    const compute = recommendations(base({ cost }))[3]!;
    assert.equal(compute.clear, false);
    assert.match(compute.sentence, /^Per unit of compute, no clear choice: /);
  });
  it('no targets (every run failed, or an older summary): nothing to recommend', () => {
    const compute = recommendations(base({ cost: { timeToTarget: [{ ...target('m1', { x: 1, y: 2 }), target: null }], perCell: [] } }))[3]!;
    assert.deepEqual([compute.choice, compute.clear], [null, false]);
    assert.equal(recommendations(base({}))[3]!.choice, null);
  });
});
