import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { compareWithRope, ropeComparisonMarkdown } from './compare-rope.js';
import { equivalenceRow, equivalenceSentence, equivalenceVerdict } from './equivalence.js';
import { loadStudy } from './load-study.js';
import { buildSummary } from './summarize.js';
import type { ReportSummary } from './types.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const SAMPLES = 4000;

describe('practical equivalence', () => {
  it('verdicts: a region at ≥ the probability, else uncertain', () => {
    assert.equal(equivalenceVerdict(0.96, 0.02, 0.02, 0.95), 'better');
    assert.equal(equivalenceVerdict(0.02, 0.95, 0.03, 0.95), 'practically equivalent');
    assert.equal(equivalenceVerdict(0.01, 0.01, 0.98, 0.95), 'worse');
    assert.equal(equivalenceVerdict(0.5, 0.2, 0.3, 0.95), 'uncertain');
  });

  it('rows: far above the rope is better, inside it equivalent, below worse; under 2 pairs not testable', () => {
    const up = [0.03, 0.04, 0.05, 0.035, 0.045, 0.06, 0.04, 0.05];
    const better = equivalenceRow('m', 'a', 'relu', up, 0.005, 0.95, SAMPLES);
    assert.equal(better.verdict, 'better');
    assert.match(better.words, /^a is better than relu by more than 0\.005 \(P\(better\) 100\.0%/);
    assert.equal(
      equivalenceRow(
        'm',
        'a',
        'relu',
        up.map((d) => -d),
        0.005,
        0.95,
        SAMPLES,
      ).verdict,
      'worse',
    );
    const tiny = [0.001, -0.001, 0.0005, -0.0005, 0.0002, 0, 0.001, -0.0012, 0.0003, -0.0001, 0.0004, -0.0006];
    assert.equal(equivalenceRow('m', 'a', 'relu', tiny, 0.005, 0.95, SAMPLES).verdict, 'practically equivalent');
    const one = equivalenceRow('m', 'a', 'relu', [0.1], 0.005, 0.95, SAMPLES);
    assert.equal(one.verdict, 'not testable');
    assert.equal(one.pWorse, null);
  });

  it('the summary carries per-mini-experiment and pooled rows, a table and a headline sentence; the rope is an option', () => {
    const summary = buildSummary(loadStudy(path.join(FIXTURES, 'paired-old')), { rope: 0.01 });
    const equivalence = summary.equivalence!;
    assert.equal(equivalence.rope, 0.01);
    assert.equal(equivalence.pooled.length, summary.activations.length - 1);
    assert.ok(
      equivalence.perMiniExperiment.length > 0 &&
        equivalence.perMiniExperiment.every((row) => row.reference === 'relu' && row.miniExperiment !== null),
    );
    for (const row of [...equivalence.pooled, ...equivalence.perMiniExperiment]) {
      if (row.pBetter !== null) assert.ok(Math.abs(row.pBetter + row.pEquivalent! + row.pWorse! - 1) < 1e-12);
    }
    assert.match(equivalenceSentence(equivalence, 'relu')!, /^Practical equivalence over all mini-experiments .*rope ±0\.01/);
    assert.equal(equivalenceSentence(undefined, 'relu'), null);
  });

  it('compare --rope: a large drop is a rope regression, a drop inside the rope is not (though every pair is lower), the same study none', () => {
    const study = buildSummary(loadStudy(path.join(FIXTURES, 'paired-old')));
    const lowered = (drop: number): ReportSummary => {
      const copy = structuredClone(study);
      for (const cell of copy.cells) for (const score of cell.scores) score.test -= drop + 0.00001 * score.configIndex;
      return copy;
    };
    const same = compareWithRope(study, study, 0.005, 0.95, SAMPLES);
    assert.equal(same.regressions.length, 0);
    assert.ok(same.pooled.every((row) => row.pEquivalent === 1));
    const big = compareWithRope(study, lowered(0.03), 0.005, 0.95, SAMPLES);
    assert.equal(big.regressions.length, big.pooled.length + big.cells.length);
    assert.match(ropeComparisonMarkdown(big), /\| all \| relu \| 8 \| −0\.030\d \| 0\.000 \| 0\.000 \| 1\.000 \| \*\*yes\*\* \|/);
    const small = compareWithRope(study, lowered(0.001), 0.005, 0.95, SAMPLES);
    assert.equal(small.regressions.length, 0);
    assert.ok(small.pooled.every((row) => row.pEquivalent! > 0.95));
  });
});
