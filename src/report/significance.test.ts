// The pooled comparison with the reference (each activation over all mini-experiments at once),
// on hand-built cells whose p-values are worked out below, and on the tiny fixture by hand.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { loadStudy } from './load-study.js';
import { compareWithReference, pooledCompareWithReference } from './significance.js';
import { buildSummary } from './summarize.js';
import { renderHtmlReport } from './html.js';
import { reportTables, tableMarkdown } from './tables.js';
import type { Cell } from './types.js';
import { assertClose } from './stats/stats-test-support.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const MINIS = ['m0', 'm1', 'm2', 'm3'];

/** A cell with only what the tests read: its configuration scores. */
function cell(miniExperiment: string, activation: string, tests: readonly number[]): Cell {
  return {
    miniExperiment,
    activation,
    scores: tests.map((test, configIndex) => ({ configIndex, dev: test, test, repeats: 1 })),
  } as unknown as Cell;
}

/** relu at 0.80 + a little per configuration; others at relu + the given differences. */
function study(differences: Record<string, (mini: number) => number[]>): Cell[] {
  const cells: Cell[] = [];
  MINIS.forEach((mini, m) => {
    const relu = Array.from({ length: 8 }, (_, i) => 0.8 + 0.01 * i + 0.001 * m);
    cells.push(cell(mini, 'relu', relu));
    for (const [activation, of] of Object.entries(differences))
      cells.push(
        cell(
          mini,
          activation,
          relu.map((score, i) => score + of(m)[i]!),
        ),
      );
  });
  return cells;
}

/** Eight distinct negative differences, scaled. */
const allBelow = (scale: number): number[] => [1, 2, 3, 4, 5, 6, 7, 8].map((k) => -0.001 * k * scale);

describe('pooled comparison with the reference', () => {
  it('each cell alone cannot survive Holm, the pooled test does', () => {
    // a and b below relu on every configuration of every mini-experiment. Per cell: 8 negative
    // distinct differences → V = 0, exact p = 2/2⁸; Holm over the 8 cells → 8 · 2/256 = 0.0625 ≥ .05.
    const cells = study({ a: () => allBelow(1), b: (m) => allBelow(m + 1) });
    const perCell = compareWithReference(cells, MINIS, 'relu', 0.05);
    assert.equal(perCell.length, 8);
    for (const row of perCell) {
      assertClose(row.pValue!, 2 / 256, 1e-15);
      assertClose(row.pHolm!, 0.0625, 1e-15);
      assert.equal(row.verdict, 'no significant difference');
    }
    // Pooled: 32 negative differences, every sign pattern's V > 0 but the all-negative one →
    // P(V ≤ 0) = 2⁻³², p = 2 · 2⁻³² = 2⁻³¹; Holm over a and b → 2⁻³⁰.
    const pooled = pooledCompareWithReference(cells, MINIS, ['relu', 'a', 'b'], 'relu', 0.05);
    assert.deepEqual(
      pooled.map((row) => [
        row.activation,
        row.miniExperiments,
        row.pairs,
        row.n,
        row.statistic,
        row.expected,
        row.method,
        row.ahead,
        row.behind,
        row.verdict,
      ]),
      [
        ['a', 4, 32, 32, 0, 4 * 18, 'exact', 0, 32, 'worse'],
        ['b', 4, 32, 32, 0, 4 * 18, 'exact', 0, 32, 'worse'],
      ],
    );
    for (const row of pooled) {
      assertClose(row.pValue!, 2 ** -31, 1e-20);
      assertClose(row.pHolm!, 2 ** -30, 1e-20);
    }
    // a: differences −.001…−.008 in each mini-experiment: mean −.0045, median −.0045.
    assertClose(pooled[0]!.meanDifference!, -0.0045, 1e-12);
    assertClose(pooled[0]!.medianDifference!, -0.0045, 1e-12);
  });

  it('is scale-free: a mini-experiment with larger differences does not dominate, as it does when ranked together', () => {
    // m0's differences are 100× the others' and of the opposite sign.
    const mixed = (scale: number) => (m: number) => (m === 0 ? allBelow(-scale) : allBelow(1));
    const equal = pooledCompareWithReference(study({ a: mixed(1) }), MINIS, ['relu', 'a'], 'relu', 0.05)[0]!;
    const large = pooledCompareWithReference(study({ a: mixed(100) }), MINIS, ['relu', 'a'], 'relu', 0.05)[0]!;
    // Within-mini ranks 1…8 in every mini-experiment: V = 1 + … + 8 = 36 whatever m0's scale.
    assert.equal(equal.statistic, 36);
    assert.equal(large.statistic, 36);
    assert.equal(large.pValue, equal.pValue);
    // Ranked together, m0's eight differences take ranks 25…32 at scale 100: V = 228 of E = 264, far weaker.
    assert.equal(large.unstratified!.statistic, 228);
    assert.ok(large.unstratified!.pValue! > 10 * large.pValue!, `${large.unstratified!.pValue} vs ${large.pValue}`);
  });

  it('an activation that alternates around the reference is within noise; too few differing pairs is not testable', () => {
    const cells = study({
      wiggle: () => [1, -2, 3, -4, 5, -6, 7, -8].map((k) => 0.001 * k),
      // identical to relu except on five configurations of one mini-experiment: 5 pairs, smallest p = 2/32.
      almost: (m) => (m === 0 ? [0.01, 0.02, 0.03, 0.04, 0.05, 0, 0, 0] : [0, 0, 0, 0, 0, 0, 0, 0]),
      same: () => [0, 0, 0, 0, 0, 0, 0, 0],
    });
    const rows = pooledCompareWithReference(cells, MINIS, ['relu', 'wiggle', 'almost', 'same'], 'relu', 0.05);
    const row = (name: string) => rows.find((r) => r.activation === name)!;
    // wiggle: V = 1 + 3 + 5 + 7 = 16 per mini-experiment, 64 of E = 72.
    assert.equal(row('wiggle').statistic, 64);
    assert.equal(row('wiggle').verdict, 'no significant difference');
    assert.ok(row('wiggle').pHolm! > 0.5);
    assert.equal(row('almost').verdict, 'not testable');
    assert.equal(row('almost').note, 'only 5 differing pairs: no outcome could reach p < 0.05');
    assert.equal(row('same').verdict, 'not testable');
    assert.equal(row('same').note, 'every shared configuration scores the same');
    // Only wiggle is in the Holm family: its pHolm is its p.
    assert.equal(row('wiggle').pHolm, row('wiggle').pValue);
  });

  it('no reference in the study: no rows', () => {
    assert.deepEqual(pooledCompareWithReference(study({ a: () => allBelow(1) }), MINIS, ['a'], 'swish', 0.05), []);
  });

  it('on the tiny fixture, worked by hand; in summary.json and as a table', () => {
    const tiny = buildSummary(loadStudy(path.join(FIXTURES, 'tiny')));
    const swish = tiny.pooledReferenceComparisons!.find((row) => row.activation === 'swish')!;
    // swish − relu: sentence .01 .02 .03 −.05 → ranks 1 2 3 4, V₁ = 6, E₁ = 5, var₁ = 4·5·9/24 = 7.5;
    // tagging .02 −.01 .02 .01 → ranks 3.5 1.5 3.5 1.5, V₂ = 8.5, E₂ = 5, var₂ = 7.5 − (6 + 6)/48 = 7.25.
    // Ties → normal: z = (14.5 − 10 − 0.5)/√14.75 = 1.041511…, p = 2Φ(−z) = 0.2976383…
    assert.equal(swish.statistic, 14.5);
    assert.equal(swish.expected, 10);
    assert.equal(swish.method, 'normal');
    assertClose(swish.pValue!, 0.2976383171466433, 1e-9);
    assert.equal(swish.pHolm, swish.pValue);
    assert.deepEqual(
      [swish.miniExperiments, swish.pairs, swish.n, swish.ahead, swish.behind, swish.verdict],
      [2, 8, 8, 6, 2, 'no significant difference'],
    );
    assertClose(swish.medianDifference!, 0.015, 1e-12);
    assertClose(swish.meanDifference!, 0.05 / 8, 1e-12);
    // cube scores in one mini-experiment only (3 shared configurations); maxout-2 has no tagging runs.
    assert.equal(tiny.pooledReferenceComparisons!.find((row) => row.activation === 'cube')!.verdict, 'not testable');
    const table = reportTables(tiny).find((t) => t.name === 'pooled-reference-tests')!;
    assert.equal(table.rows.length, 3);
    assert.match(tableMarkdown(table), /\| swish \| 2 \| 8 \| 8 \| 6 \| 2 \| 14\.5 \| 10 \| 0\.298 \| 0\.298 \| \+0\.0150 \| \+0\.0063 \|/);
    assert.ok(tiny.methods.some((line) => line.startsWith('The pooled test is the stratified Wilcoxon signed-rank test')));
    // index.html shows it first in the Significance section, before the per-mini-experiment tests.
    const html = renderHtmlReport({ summary: tiny, curves: [] });
    const significance = html.slice(html.indexOf('data-section="significance"'));
    assert.ok(significance.indexOf('data-table="pooled-reference-tests"') > 0);
    assert.ok(significance.indexOf('data-table="pooled-reference-tests"') < significance.indexOf('data-table="reference-tests"'));
  });

  it('a summary without the field (written before it existed) still gives the table, empty', () => {
    const tiny = buildSummary(loadStudy(path.join(FIXTURES, 'tiny')));
    delete tiny.pooledReferenceComparisons;
    assert.deepEqual(reportTables(tiny).find((t) => t.name === 'pooled-reference-tests')!.rows, []);
  });
});
