// Scores against the trivial baseline, by hand on the tiny fixture (whose scored records carry
// a baseline of .5) and on copies of it with the baseline moved.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { miniBaseline } from './baseline.js';
import { loadStudy, type StudyData } from './load-study.js';
import { buildSummary } from './summarize.js';
import type { LedgerRecord } from '../study/types.js';
import type { ReportSummary } from './types.js';

const TINY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'tiny');
const SENTENCE = 'sentence-classification/uci-sentiment';
const TAGGING = 'sequence-tagging/brown-pos';

const close = (actual: number | null | undefined, expected: number): void => {
  assert.ok(typeof actual === 'number' && Math.abs(actual - expected) <= 1e-12, `${actual} ≈ ${expected}`);
};

/** The tiny study with each sentence record's baseline set by `baselineOf` (its index among them). */
function tinyWithSentenceBaseline(baselineOf: (i: number) => Record<string, number>): ReportSummary {
  const study: StudyData = structuredClone(loadStudy(TINY));
  let i = 0;
  for (const record of study.records) if (record.miniExperiment === SENTENCE) record.baseline = baselineOf(i++);
  return buildSummary(study);
}

const cellOf = (summary: ReportSummary, mini: string, activation: string) =>
  summary.cells.find((c) => c.miniExperiment === mini && c.activation === activation)!;

describe('the baseline of a mini-experiment', () => {
  it('is the median over the records that carry it on the metric, with its range', () => {
    const records = [{ accuracy: 0.6 }, { accuracy: 0.4 }, {}, { macroF1: 0.1 }, { accuracy: 0.7 }, { accuracy: 0.5 }].map(
      (baseline) => ({ baseline }) as LedgerRecord,
    );
    // accuracy on 4 records: .4 .5 .6 .7 → median .55.
    assert.deepEqual(miniBaseline(records, 'accuracy'), { value: 0.55, min: 0.4, max: 0.7, records: 4 });
    assert.deepEqual(miniBaseline(records, 'tokenAccuracy'), { value: null, min: null, max: null, records: 0 });
  });

  it('tiny: .5 on both mini-experiments, from the scored records (failed ones carry none)', () => {
    const tiny = buildSummary(loadStudy(TINY));
    // Sentence: 32 records, 4 without a score (cube's 2 early divergences, swish's failure and timeout).
    assert.deepEqual(tiny.miniExperiments[0]!.baseline, { value: 0.5, min: 0.5, max: 0.5, records: 28 });
    // Tagging: relu and swish, 8 runs each; cube has none scored, maxout-2 no runs.
    assert.deepEqual(tiny.miniExperiments[1]!.baseline, { value: 0.5, min: 0.5, max: 0.5, records: 16 });
  });

  it('varies per record in older ledgers: median and range', () => {
    // All 32 sentence records now carry one, alternately .4 and .7 → median (.4 + .7)/2 = .55.
    const summary = tinyWithSentenceBaseline((i) => ({ accuracy: i % 2 === 0 ? 0.4 : 0.7 }));
    const baseline = summary.miniExperiments[0]!.baseline!;
    close(baseline.value, 0.55);
    assert.deepEqual([baseline.min, baseline.max, baseline.records], [0.4, 0.7, 32]);
  });

  it('absent: cells are not checked, the mini-experiment is neither informative nor not, and a note says so', () => {
    const summary = tinyWithSentenceBaseline(() => ({}));
    assert.deepEqual(summary.miniExperiments[0]!.baseline, { value: null, min: null, max: null, records: 0 });
    assert.equal(summary.miniExperiments[0]!.baselineCheck!.informative, null);
    assert.equal(cellOf(summary, SENTENCE, 'relu').vsBaseline, null);
    assert.ok(
      summary.notes.includes(`${SENTENCE}: no record carries a trivial baseline for 'accuracy', so nothing is checked against one`),
    );
  });
});

describe('cells against the baseline', () => {
  it('counts configurations strictly above it and the median margin (tiny, baseline .5)', () => {
    const tiny = buildSummary(loadStudy(TINY));
    // cube's configuration tests .50 .53 .60: .50 equals the baseline, so 2 of 3 beat it;
    // margins 0 .03 .10 → median .03; its median .53 beats .5.
    const cube = cellOf(tiny, SENTENCE, 'cube').vsBaseline!;
    assert.deepEqual([cube.baseline, cube.beating, cube.scored, cube.belowBaseline], [0.5, 2, 3, false]);
    close(cube.medianMargin, 0.03);
    // relu: .69 .77 .59 .80, all above; margins .19 .27 .09 .30 → median (.19 + .27)/2 = .23.
    const relu = cellOf(tiny, SENTENCE, 'relu').vsBaseline!;
    assert.deepEqual([relu.beating, relu.scored, relu.belowBaseline], [4, 4, false]);
    close(relu.medianMargin, 0.23);
    // cube on tagging scored nothing: nothing to count, neither below nor above.
    assert.deepEqual(cellOf(tiny, TAGGING, 'cube').vsBaseline, {
      baseline: 0.5,
      beating: 0,
      scored: 0,
      medianMargin: null,
      belowBaseline: null,
    });
    assert.deepEqual(
      tiny.miniExperiments.map((m) => m.baselineCheck),
      [
        { scoredActivations: 4, belowBaseline: [], informative: true },
        { scoredActivations: 2, belowBaseline: [], informative: true },
      ],
    );
  });

  it('a median equal to the baseline does not beat it; more than half below makes the mini-experiment not informative', () => {
    // Baseline .725. Medians: relu .73, swish (.70 + .75)/2 = .725, cube .53, maxout-2 (.70 + .72)/2 = .71.
    // relu beats it; swish ties it (not beating); cube and maxout-2 are below: 3 of 4 → not informative.
    const summary = tinyWithSentenceBaseline(() => ({ accuracy: 0.725 }));
    assert.deepEqual(summary.miniExperiments[0]!.baselineCheck, {
      scoredActivations: 4,
      belowBaseline: ['swish', 'cube', 'maxout-2'],
      informative: false,
    });
    const swish = cellOf(summary, SENTENCE, 'swish').vsBaseline!;
    // swish tests .70 .79 .62 .75: .79 and .75 beat .725; margins −.025 .065 −.105 .025 → median 0.
    assert.deepEqual([swish.beating, swish.scored, swish.belowBaseline], [2, 4, true]);
    close(swish.medianMargin, 0);
    const relu = cellOf(summary, SENTENCE, 'relu').vsBaseline!;
    assert.deepEqual([relu.beating, relu.belowBaseline], [2, false]);
    close(relu.medianMargin, 0.005);
  });

  it('exactly half below is still informative', () => {
    // Baseline .715: relu .73 and swish .725 beat it; cube .53 and maxout-2 .71 do not → 2 of 4.
    const summary = tinyWithSentenceBaseline(() => ({ accuracy: 0.715 }));
    assert.deepEqual(summary.miniExperiments[0]!.baselineCheck, {
      scoredActivations: 4,
      belowBaseline: ['cube', 'maxout-2'],
      informative: true,
    });
  });
});
