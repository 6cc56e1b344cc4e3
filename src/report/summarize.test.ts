// Every aggregate of the report on the fixture ledgers (src/report/fixtures, whose numbers are
// tabled in fixtures/write-fixtures-test-support.ts), against values worked out by hand below.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { loadStudy } from './load-study.js';
import { buildSummary } from './summarize.js';
import type { Cell, ReportSummary } from './types.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const SENTENCE = 'sentence-classification/uci-sentiment';
const TAGGING = 'sequence-tagging/brown-pos';

const close = (actual: number | null | undefined, expected: number, tolerance = 1e-9): void => {
  assert.ok(typeof actual === 'number' && Math.abs(actual - expected) <= tolerance, `${actual} ≈ ${expected}`);
};

function cellOf(summary: ReportSummary, mini: string, activation: string): Cell {
  const cell = summary.cells.find((c) => c.miniExperiment === mini && c.activation === activation);
  assert.ok(cell, `cell ${activation} on ${mini}`);
  return cell;
}

const tiny = buildSummary(loadStudy(path.join(FIXTURES, 'tiny')));
const paired = buildSummary(loadStudy(path.join(FIXTURES, 'paired-old')));

describe('cells: repeats averaged, then statistics over configurations', () => {
  it('relu on the sentence task: every statistic by hand', () => {
    // Configurations (dev, test), two repeats each averaged:
    //   c0 (.70,.68),(.72,.70) → dev .71, test .69     c1 (.80,.76),(.80,.78) → dev .80, test .77
    //   c2 (.60,.58),(.62,.60) → dev .61, test .59     c3 (.75,.80),(.75,.80) → dev .75, test .80
    // best = test of max dev (c1) = .77; best test = max test (c3) = .80.
    // mean = (.69+.77+.59+.80)/4 = .7125; median = (.69+.77)/2 = .73.
    // sd: deviations −.0225, .0575, −.1225, .0875; squares sum .026475; /3 → √.008825 = .0939415.
    // IQR (R type 7) of .59 .69 .77 .80: Q1 at position .75 → .665, Q3 at 2.25 → .7775; .1125.
    const cell = cellOf(tiny, SENTENCE, 'relu');
    close(cell.best, 0.77);
    assert.equal(cell.bestConfigIndex, 1);
    close(cell.bestTest, 0.8);
    assert.equal(cell.bestTestConfigIndex, 3);
    close(cell.mean, 0.7125);
    close(cell.median, 0.73);
    close(cell.sd, Math.sqrt(0.026475 / 3));
    close(cell.iqr, 0.1125);
    close(cell.worst, 0.59);
    assert.deepEqual(cell.configurations, { total: 4, scored: 4 });
    assert.deepEqual(cell.runs, { total: 8, ok: 8, diverged: 0, failed: 0, timeout: 0, scored: 8 });
    assert.deepEqual(
      cell.scores.map((s) => s.configIndex),
      [0, 1, 2, 3],
    );
    close(cell.scores[0]!.dev, 0.71);
    close(cell.scores[0]!.test, 0.69);
  });

  it('swish: a diverged run scored at its best epoch, failed and timed-out runs counted, a dev tie to the lower index', () => {
    // c0: (.72,.71) and a diverged run scored (.70,.69) → dev .71, test .70 (2 repeats)
    // c1: (.80,.79) and a failed run → dev .80, test .79 (1 repeat)
    // c2: (.64,.62) twice → dev .64, test .62
    // c3: (.80,.75) and a timeout → dev .80, test .75 (1 repeat)
    // Dev ties at .80 between c1 and c3: the lower index, c1, so best = .79 (not c3's .75, and
    // not chosen by test). mean = 2.86/4 = .715; median = (.70+.75)/2 = .725;
    // sd: deviations −.015, .075, −.095, .035 → squares .0161, /3 → √.0053667 = .073258;
    // IQR of .62 .70 .75 .79: Q1 = .62 + .75·.08 = .68, Q3 = .75 + .25·.04 = .76 → .08.
    const cell = cellOf(tiny, SENTENCE, 'swish');
    close(cell.best, 0.79);
    assert.equal(cell.bestConfigIndex, 1);
    close(cell.bestTest, 0.79);
    close(cell.mean, 0.715);
    close(cell.median, 0.725);
    close(cell.sd, Math.sqrt(0.0161 / 3));
    close(cell.iqr, 0.08);
    close(cell.worst, 0.62);
    assert.deepEqual(cell.runs, { total: 8, ok: 5, diverged: 1, failed: 1, timeout: 1, scored: 6 });
    assert.deepEqual(
      cell.scores.map((s) => s.repeats),
      [2, 1, 2, 1],
    );
  });

  it('cube: a configuration whose runs all diverged in the first epoch is left out of the statistics', () => {
    // Scored: c0 (dev .50, test .50), c2 (dev .55, test mean(.52,.54) = .53), c3 (dev .52, test .60).
    // best = c2's .53; best test .60; mean 1.63/3 = .54333; median .53; worst .50;
    // sd: deviations −.04333, −.01333, .05667 → squares .0052667, /2 → √.0026333 = .051316;
    // IQR of .50 .53 .60: Q1 at .5 → .515, Q3 at 1.5 → .565 → .05.
    const cell = cellOf(tiny, SENTENCE, 'cube');
    close(cell.best, 0.53);
    close(cell.bestTest, 0.6);
    close(cell.mean, 1.63 / 3);
    close(cell.median, 0.53);
    close(cell.sd, Math.sqrt(0.0052666666666666 / 2), 1e-9);
    close(cell.iqr, 0.05);
    close(cell.worst, 0.5);
    assert.deepEqual(cell.configurations, { total: 4, scored: 3 });
    assert.deepEqual(cell.runs, { total: 8, ok: 6, diverged: 2, failed: 0, timeout: 0, scored: 6 });
  });

  it('the bootstrap interval brackets the mean, inside the range of the scores', () => {
    for (const cell of tiny.cells.filter((c) => c.scores.length >= 2)) {
      const interval = cell.meanInterval;
      assert.ok(interval, `${cell.activation} on ${cell.miniExperiment}`);
      assert.ok(interval.low <= cell.mean! && cell.mean! <= interval.high);
      assert.ok(interval.low >= cell.worst! && interval.high <= Math.max(...cell.scores.map((s) => s.test)));
    }
  });

  it('a cell whose runs all failed or diverged early has counts and no scores; an excluded one has no cell', () => {
    const cube = cellOf(tiny, TAGGING, 'cube');
    assert.deepEqual(cube.runs, { total: 8, ok: 0, diverged: 2, failed: 4, timeout: 2, scored: 0 });
    for (const value of [cube.best, cube.bestTest, cube.mean, cube.median, cube.sd, cube.iqr, cube.worst, cube.meanInterval])
      assert.equal(value, null);
    assert.equal(
      tiny.cells.find((c) => c.miniExperiment === TAGGING && c.activation === 'maxout-2'),
      undefined,
    );
    assert.ok(tiny.notes.some((note) => note.includes('maxout-2 on sequence-tagging/brown-pos') && note.startsWith('no runs recorded')));
    assert.ok(tiny.notes.some((note) => note.includes('cube on sequence-tagging/brown-pos (8 runs: 2 diverged, 4 failed, 2 timed out)')));
  });
});

describe('score metric', () => {
  it("uses the ledger's primary metric, and for older records without it the first test metric, saying so", () => {
    const [sentence, tagging] = tiny.miniExperiments;
    assert.deepEqual([sentence!.metric, sentence!.metricSource], ['accuracy', 'ledger']);
    // The tagging records carry no primaryMetric and no 'accuracy': tokenAccuracy comes first.
    assert.deepEqual([tagging!.metric, tagging!.metricSource], ['tokenAccuracy', 'fallback-first-metric']);
    assert.ok(tiny.notes.some((note) => note.startsWith(`${TAGGING}: the ledger does not record the primary metric`)));
    // relu on tagging, tests .88 .86 .91 .79 (tokenAccuracy, not macroF1 = those − .1): mean .86.
    close(cellOf(tiny, TAGGING, 'relu').mean, 0.86);
  });
});

describe('rankings and top-3 counts', () => {
  it('ranks per mini-experiment, ties sharing the mean rank, missing cells unranked', () => {
    // Sentence best: swish .79, relu .77, maxout-2 .77, cube .53 → 1, 2.5, 2.5, 4.
    assert.deepEqual(tiny.rankings.best.ranks[SENTENCE], { relu: 2.5, swish: 1, cube: 4, 'maxout-2': 2.5 });
    // Sentence mean: swish .715, relu .7125, maxout-2 .7075, cube .5433 → 1, 2, 3, 4.
    assert.deepEqual(tiny.rankings.mean.ranks[SENTENCE], { relu: 2, swish: 1, cube: 4, 'maxout-2': 3 });
    // Tagging: only relu and swish have scores.
    assert.deepEqual(tiny.rankings.best.ranks[TAGGING], { relu: 2, swish: 1 });
    assert.deepEqual(tiny.rankings.best.winners, { [SENTENCE]: ['swish'], [TAGGING]: ['swish'] });
    // Average rank on best: relu (2.5 + 2)/2 = 2.25 over 2; maxout-2 2.5 over 1.
    assert.deepEqual(tiny.rankings.best.averageRank['relu'], { rank: 2.25, miniExperiments: 2 });
    assert.deepEqual(tiny.rankings.best.averageRank['maxout-2'], { rank: 2.5, miniExperiments: 1 });
  });

  it('counts top-3 places with ties for a place counted for each', () => {
    // Best: sentence top three swish, relu, maxout-2 (each has ≤ 1 strictly better); tagging swish, relu.
    const row = (name: string) => tiny.top3.find((r) => r.activation === name)!;
    assert.deepEqual(row('relu'), {
      activation: 'relu',
      top3Best: 2,
      top3Mean: 2,
      winsBest: 0,
      winsMean: 0,
      ranked: 2,
      averageRankBest: 2.25,
      averageRankMean: 2,
    });
    assert.deepEqual(row('swish'), {
      activation: 'swish',
      top3Best: 2,
      top3Mean: 2,
      winsBest: 2,
      winsMean: 2,
      ranked: 2,
      averageRankBest: 1,
      averageRankMean: 1,
    });
    assert.deepEqual(row('maxout-2'), {
      activation: 'maxout-2',
      top3Best: 1,
      top3Mean: 1,
      winsBest: 0,
      winsMean: 0,
      ranked: 1,
      averageRankBest: 2.5,
      averageRankMean: 3,
    });
    assert.deepEqual(row('cube'), {
      activation: 'cube',
      top3Best: 0,
      top3Mean: 0,
      winsBest: 0,
      winsMean: 0,
      ranked: 1,
      averageRankBest: 4,
      averageRankMean: 4,
    });
  });
});

describe('significance', () => {
  it('Wilcoxon against relu over shared configurations, Holm over the testable comparisons', () => {
    // paired-old, 8 configurations. swish − relu = .01 .02 .03 .04 .05 .06 .07 −.005: ranks of
    // |d| 2..8 positive, 1 negative → V = 35 = 36 − 1; exact two-sided p = 2·P(V ≤ 1) = 2·2/256.
    // tanh − relu = +.001 −.002 +.003 −.004 +.005 −.006 +.007 −.008 → V = 1+3+5+7 = 16; of the 256
    // sign patterns 108 give V ≤ 16, so p = 2·108/256 = .84375.
    // Holm (m = 2): .015625·2 = .03125; max(.03125, .84375·1) = .84375.
    const swish = paired.referenceComparisons.find((r) => r.activation === 'swish')!;
    const tanh = paired.referenceComparisons.find((r) => r.activation === 'tanh')!;
    assert.equal(swish.n, 8);
    assert.equal(swish.statistic, 35);
    close(swish.pValue, 4 / 256);
    close(swish.pHolm, 8 / 256);
    assert.equal(swish.verdict, 'better');
    close(swish.meanDifference, (0.01 + 0.02 + 0.03 + 0.04 + 0.05 + 0.06 + 0.07 - 0.005) / 8);
    assert.equal(tanh.statistic, 16);
    close(tanh.pValue, 216 / 256);
    close(tanh.pHolm, 216 / 256);
    assert.equal(tanh.verdict, 'no significant difference');
    assert.equal(
      paired.referenceComparisons.find((r) => r.activation === 'relu'),
      undefined,
    );
  });

  it('too few pairs is "not testable", outside the Holm family', () => {
    // tiny sentence, swish − relu per configuration: .70−.69, .79−.77, .62−.59, .75−.80 =
    // .01, .02, .03, −.05 → V = 1+2+3 = 6; 7 of 16 sign patterns give V ≥ 6 → p = 14/16 = .875.
    // With 4 pairs no outcome can reach p < .05 (the smallest is 2/16).
    const swish = tiny.referenceComparisons.find((r) => r.miniExperiment === SENTENCE && r.activation === 'swish')!;
    assert.equal(swish.statistic, 6);
    close(swish.pValue, 0.875);
    assert.equal(swish.pHolm, null);
    assert.equal(swish.verdict, 'not testable');
    const cube = tiny.referenceComparisons.find((r) => r.miniExperiment === TAGGING && r.activation === 'cube')!;
    assert.equal(cube.verdict, 'not testable');
    assert.equal(cube.sharedConfigurations, 0);
  });

  it('Friedman over the activations present everywhere, with the Nemenyi CD', () => {
    // relu and swish only (cube and maxout-2 lack tagging scores). On mean, swish ranks 1 in both
    // mini-experiments: χ² = 12N/(k(k+1))·Σ R̄² − 3N(k+1) = 12·2/6·(1 + 4) − 3·2·3 = 2, df 1,
    // p = P(χ²₁ > 2) = erfc(1) = .1572992. CD = q(.95, 2)/√2 · √(k(k+1)/(6N)) = 1.959964·√.5 = 1.385904.
    const mean = tiny.friedman.mean;
    assert.deepEqual(mean.activations, ['relu', 'swish']);
    assert.deepEqual(mean.excluded, [
      { activation: 'cube', missingIn: [TAGGING] },
      { activation: 'maxout-2', missingIn: [TAGGING] },
    ]);
    close(mean.statistic, 2);
    close(mean.pValue, 0.15729920705028513, 1e-9);
    assert.deepEqual(mean.averageRanks, { relu: 2, swish: 1 });
    close(mean.criticalDifference, 1.959963984540054 * Math.SQRT1_2, 1e-6);
  });

  it('Friedman is skipped, saying why, with one mini-experiment', () => {
    assert.match(paired.friedman.best.skipped ?? '', /at least 2 mini-experiments/);
    assert.equal(paired.friedman.best.criticalDifference, null);
  });
});

describe('hyperparameter sensitivity', () => {
  it('regresses on log(units) when only units varies', () => {
    // tiny sentence relu: tests .69 .77 .59 .80 at units 30·2^k. Against k = 0..3: Sxy = .075,
    // Sxx = 5 → .015 per doubling, so .015/ln 2 = .0216404 per unit of ln(units).
    // Intercept = ȳ − slope·mean(ln units) = .7125 − .015·(log2 30 + 1.5) = .69 − .015·log2 30.
    const relu = tiny.sensitivity.regressions.find((r) => r.miniExperiment === SENTENCE && r.activation === 'relu')!;
    assert.deepEqual(relu.columns, ['units']);
    assert.deepEqual([...relu.dropped].sort(), ['dropout', 'layers', 'optimizer']);
    close(relu.coefficients.find((c) => c.name === 'units')!.estimate, 0.015 / Math.LN2);
    close(relu.coefficients.find((c) => c.name === '(intercept)')!.estimate, 0.69 - 0.015 * Math.log2(30));
  });

  it('skips, saying why, with too few configurations for the columns', () => {
    const relu = tiny.sensitivity.regressions.find((r) => r.miniExperiment === TAGGING && r.activation === 'relu')!;
    assert.equal(relu.skipped, '4 configurations are too few for 3 columns and an intercept');
    const cube = tiny.sensitivity.regressions.find((r) => r.miniExperiment === TAGGING && r.activation === 'cube')!;
    assert.equal(cube.skipped, 'no scored configurations');
  });

  it('compares the depth coefficient across activations', () => {
    // paired-old: layers 1 2 3 4 1 2 3 4. relu tests .80 .82 .78 .85 .79 .81 .83 .77:
    // Sxx = 10, Sxy = .035 → slope .0035. swish adds gains g with Σ(x − 2.5)·g = −.0275 →
    // (.035 − .0275)/10 = .00075.
    assert.equal(paired.sensitivity.depth.length, 1);
    const depth = paired.sensitivity.depth[0]!;
    assert.equal(depth.term, 'layers');
    close(depth.byActivation['relu']!.estimate, 0.0035);
    close(depth.byActivation['swish']!.estimate, 0.00075);
  });
});

describe('environment and identity', () => {
  it('comes from the ledger records', () => {
    assert.equal(tiny.study.name, 'tiny');
    assert.equal(tiny.study.specHash, 'fixture-tiny');
    assert.deepEqual(tiny.environment.backends, ['cpu']);
    assert.deepEqual(tiny.environment.versions['tfjs'], ['4.22.0']);
    assert.deepEqual(tiny.environment.machines, ['Fixture CPU, 2 cores, 4 GiB, linux-x64']);
    assert.equal(tiny.environment.records, 56);
    assert.equal(tiny.environment.trainingSeconds, 112);
  });
});
