// The headline's sentences on the fixture studies, whose numbers are worked out by hand in
// summarize.test.ts and baseline.test.ts; the significance wording on copies of a summary whose
// Friedman result is set to each case.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { headlineSentences, listText } from './headline.js';
import { loadStudy } from './load-study.js';
import { buildSummary } from './summarize.js';
import type { ReportSummary } from './types.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const tiny = buildSummary(loadStudy(path.join(FIXTURES, 'tiny')));
const paired = buildSummary(loadStudy(path.join(FIXTURES, 'paired-old')));

/** The headline of a copy of `summary` changed by `edit`. */
function headlineAfter(summary: ReportSummary, edit: (copy: ReportSummary) => void): string[] {
  const copy = structuredClone(summary);
  edit(copy);
  return headlineSentences(copy);
}

describe('headline', () => {
  it('is in summary.json and has its nine sentences in order (practical equivalence, then the stability profiles, last)', () => {
    assert.equal(tiny.headline.length, 9);
    assert.match(tiny.headline[7]!, /^Practical equivalence over all mini-experiments/);
    assert.deepEqual(tiny.headline, headlineSentences(tiny));
    assert.match(tiny.headline[0]!, /^On best /);
    assert.match(tiny.headline[1]!, /^On mean /);
  });

  it('winners: a gap the Friedman test cannot tell from noise says so', () => {
    // tiny: relu and swish are in every mini-experiment; swish ranks 1 in both (mean rank 1), relu 2;
    // Friedman χ² = 2, p = .157 ≥ .05 (summarize.test.ts).
    assert.equal(
      tiny.headline[0],
      'On best (test score of the best-dev configuration), swish ranks first among the 2 activations with a score in every mini-experiment (mean rank 1.00 over 2 mini-experiments); the runner-up relu is 1.00 ranks behind — within noise: Friedman’s test finds no significant difference among them (p = 0.157 ≥ α = 0.05).',
    );
  });

  it('winners: significant Friedman, gap within the critical difference → not significant; beyond it → significant', () => {
    const within = headlineAfter(tiny, (s) => {
      s.friedman.best.pValue = 0.01;
    });
    // CD = 1.959964·√.5 = 1.3859 > gap 1.
    assert.match(
      within[0]!,
      /the runner-up relu is 1\.00 ranks behind — within the Nemenyi critical difference \(1\.39\), so the gap is not significant \(Friedman p = 0\.010\)\.$/,
    );
    const beyond = headlineAfter(tiny, (s) => {
      s.friedman.best.pValue = 0.0004;
      s.friedman.best.criticalDifference = 0.8;
    });
    assert.match(
      beyond[0]!,
      /1\.00 ranks behind — beyond the Nemenyi critical difference \(0\.80\), so the gap is significant at α = 0\.05 \(Friedman p < 0\.001\)\.$/,
    );
  });

  it('winners: a leader left out of the Friedman test is named, as untested', () => {
    // maxout-2 lacks a tagging score, so Friedman leaves it out; give it the best rank where it has one.
    const lines = headlineAfter(tiny, (s) => {
      s.rankings.best.averageRank['maxout-2'] = { rank: 0.5, miniExperiments: 1 };
    });
    assert.match(
      lines[0]!,
      /Ranked only where each has a score, maxout-2 leads instead \(average rank 0\.50 over 1 mini-experiment; untested, as it lacks a score in some mini-experiment\)\.$/,
    );
  });

  it('winners: with one mini-experiment, the ranks and why nothing was tested', () => {
    // paired-old records dev = test, so best = the highest test: swish .83 + .07 = .90, relu .85,
    // tanh .85 − .004 = .846 → ranks 1, 2, 3.
    assert.equal(
      paired.headline[0],
      'On best (test score of the best-dev configuration), swish has the best average rank (1.00 over 1 mini-experiment); the runner-up relu is 1.00 ranks behind (2.00 over 1 mini-experiment) — not tested: Friedman’s test needs at least 2 mini-experiments, the study has 1.',
    );
  });

  it('spread: the smallest sd by average rank, among activations measured in as many mini-experiments as any', () => {
    // sds — sentence: cube .0513, maxout-2 .0538, swish .0733, relu .0939 → ranks 1 2 3 4;
    // tagging: relu √(.0078/3) = .0510, swish √(.0098/3) = .0572 → 1 2. cube and maxout-2 have an
    // sd in one mini-experiment only and are left out; relu (4 + 1)/2 = 2.5 and swish (3 + 2)/2 =
    // 2.5 tie; median sds: relu (.0939 + .0510)/2 = .0725, swish (.0733 + .0572)/2 = .0652.
    assert.equal(
      tiny.headline[2],
      'Most stable by spread: relu and swish (tied) have the smallest standard deviation of configuration scores among the 2 activations with an sd in 2 mini-experiments (average sd rank 2.50 over 2 mini-experiments, median sd 0.0725 and 0.0652); the sd covers scored configurations only, so read it beside the diverged and failed counts.',
    );
    assert.match(paired.headline[2]!, /^Most stable by spread: relu has the smallest standard deviation/);
  });

  it('runs diverged, failed or timed out: totals, the activations with the most, and where', () => {
    // cube: sentence 2 diverged early; tagging 4 failed, 2 diverged, 2 timed out → 10 of 16.
    // swish: 1 diverged, 1 failed, 1 timed out of 16. Tagging holds 8 of the 13, of its 24 runs.
    assert.equal(
      tiny.headline[3],
      'Diverged, failed or timed out: 13 of 56 runs: 5 diverged, 5 failed, 3 timed out; most often cube (10 of 16 runs: 4 diverged, 4 failed, 2 timed out) and swish (3 of 16 runs: 1 diverged, 1 failed, 1 timed out); most of them in sequence-tagging/brown-pos (8 of its 24 runs).',
    );
    assert.equal(paired.headline[3], 'No run diverged, failed or timed out (24 runs).');
  });

  it('baseline check: all beaten, or which mini-experiments are not informative', () => {
    assert.equal(
      tiny.headline[4],
      'Baseline check: both mini-experiments beat their trivial baseline — every activation’s median configuration does.',
    );
    // Raise the sentence baseline to .725: 3 of 4 medians at or below it (baseline.test.ts).
    const study = structuredClone(loadStudy(path.join(FIXTURES, 'tiny')));
    for (const record of study.records)
      if (record.miniExperiment === 'sentence-classification/uci-sentiment') record.baseline = { accuracy: 0.725 };
    assert.equal(
      buildSummary(study).headline[4],
      'Baseline check: 1 of 2 mini-experiments beat their trivial baseline with most activations. Not informative: sentence-classification/uci-sentiment (3 of 4 medians at or below accuracy 0.7250) — their rankings say little about the activations.',
    );
  });

  it('tests against the reference: counts by verdict, or why nothing is testable', () => {
    // paired-old: swish better (p_holm 8/256 = .031), tanh no significant difference (summarize.test.ts).
    assert.equal(
      paired.headline[6],
      'Against relu (paired Wilcoxon over shared configurations, Holm-adjusted, α = 0.05), of 2 comparisons 1 is significantly better (swish on sentence-classification/uci-sentiment, p_holm 0.031); 0 significantly worse; inconclusive: 1 shows no significant difference.',
    );
    // tiny: at most 4 shared configurations; at α = .05 the exact test needs 6 differing pairs (2^(1−6) < .05 ≤ 2^(1−5)).
    assert.equal(
      tiny.headline[6],
      'Inconclusive against relu: none of the 5 comparisons is testable (paired Wilcoxon over shared configurations, Holm-adjusted, α = 0.05) — a paired test needs at least 6 shared configurations that score differently, and no activation shares more than 4 scored configurations with relu in any mini-experiment.',
    );
  });

  it('pooled over all mini-experiments: who is above or below the reference, with median and Holm p, and what is inconclusive', () => {
    // paired-old, one mini-experiment: the pooled test is the per-cell one; swish V = 35, exact p = 4/256,
    // Holm over swish and tanh (p = 216/256) → 8/256 = .031; 7 of 8 differences positive, median +.035.
    assert.equal(
      paired.headline[5],
      'Over 1 mini-experiment (8 paired configurations per activation), swish (median +0.0350, 7 of 8 pairs above, Holm p = 0.031) scores above relu (stratified paired Wilcoxon, ranks within each mini-experiment, Holm-adjusted over 2 activations, α = 0.05); inconclusive: 1 activation is within noise of relu.',
    );
    // tiny: swish − relu over both mini-experiments, 8 pairs, tied within tagging → normal, p = .298
    // (its numbers in significance.test.ts); cube and maxout-2 have 3 differing pairs each.
    assert.equal(
      tiny.headline[5],
      'Over all 2 mini-experiments (8 paired configurations per activation), no activation differs significantly from relu (stratified paired Wilcoxon, ranks within each mini-experiment, Holm-adjusted over 1 activation, α = 0.05): 1 activation is within noise of relu and 2 activations not testable (fewer than 6 paired configurations that score differently from relu); the smallest Holm p is 0.298 (swish, median +0.0150).',
    );
  });

  it('pooled: several above and below, the order by Holm p; none testable; absent in older summaries', () => {
    const lines = headlineAfter(paired, (s) => {
      const [swish, tanh] = s.pooledReferenceComparisons!;
      const row = (activation: string, pHolm: number, verdict: 'better' | 'worse', median: number) => ({
        ...swish!,
        activation,
        pHolm,
        verdict,
        medianDifference: median,
        miniExperiments: 4,
        pairs: 32,
        ahead: verdict === 'better' ? 30 : 2,
      });
      s.pooledReferenceComparisons = [
        row('elu', 0.02, 'better', 0.004),
        row('swish', 0.003, 'better', 0.008),
        row('cube', 0.001, 'worse', -0.05),
        { ...tanh!, miniExperiments: 3, pairs: 24 },
      ];
    });
    assert.equal(
      lines[5],
      'Over all mini-experiments (up to 4 mini-experiments and 32 paired configurations per activation), swish (median +0.0080, 30 of 32 pairs above, Holm p = 0.003) and elu (median +0.0040, 30 of 32 pairs above, Holm p = 0.020) score above relu; cube (median −0.0500, 2 of 32 pairs above, Holm p = 0.001) scores below it (stratified paired Wilcoxon, ranks within each mini-experiment, Holm-adjusted over 4 activations, α = 0.05); inconclusive: 1 activation is within noise of relu.',
    );
    const none = headlineAfter(paired, (s) => {
      for (const row of s.pooledReferenceComparisons!) Object.assign(row, { pHolm: null, verdict: 'not testable', pairs: 5 });
    });
    assert.equal(
      none[5],
      'Inconclusive over all mini-experiments against relu: no activation is testable — a pooled test needs at least 6 paired configurations that score differently, and none has more than 5 paired configurations with relu in all mini-experiments together.',
    );
    const older = headlineAfter(paired, (s) => {
      delete s.pooledReferenceComparisons;
      delete s.profiles;
      delete s.equivalence;
    });
    assert.equal(older.length, 6);
    assert.match(older[5]!, /^Against relu/);
  });

  it('stability profiles: the largest area, those within 0.01 of it, the smallest with its unscored cells; absent in older summaries', () => {
    // tiny: relu, swish and cube on 2 mini-experiments × 4 configurations, maxout-2 on one; cube scores on 3 of 8.
    assert.equal(
      tiny.headline[8],
      'Stability profiles (the fraction of (mini-experiment, configuration) cells where an activation is within τ of the best one there, area over τ = 0…0.2, 1 = always the best): largest swish 0.955; smallest cube 0.061 (no score on 5 of its 8 cells).',
    );
    const close = headlineAfter(tiny, (s) => {
      s.profiles!.rows.find((row) => row.activation === 'relu')!.area = 0.95;
    });
    assert.match(close[8]!, /largest swish 0\.955, with relu 0\.950 within 0\.01; smallest cube/);
    const older = headlineAfter(tiny, (s) => {
      delete s.profiles;
    });
    assert.equal(older.length, 8);
  });

  it('lists read as prose', () => {
    assert.deepEqual([listText([]), listText(['a']), listText(['a', 'b']), listText(['a', 'b', 'c'])], ['', 'a', 'a and b', 'a, b and c']);
  });
});
