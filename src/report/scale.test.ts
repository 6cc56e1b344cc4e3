// The report at the sizes studies have: the quick preset's shape (21 activations × 5
// mini-experiments × 1 configuration, the taggers without maxout and prelu) and a many-configuration
// shape with repeats, on synthetic ledgers. Summarising and writing everything must take seconds;
// the bound is loose (the machine is shared) but catches anything quadratic in the runs.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadStudy } from './load-study.js';
import { buildSummary } from './summarize.js';
import { writeSyntheticStudy } from './synthetic-study-test-support.js';
import { writeReport } from './write-report.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'actbench-scale-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function timedReport(name: string, shape: Parameters<typeof writeSyntheticStudy>[1]) {
  const dir = path.join(scratch, name);
  const { records } = writeSyntheticStudy(dir, shape);
  const started = performance.now();
  const summary = buildSummary(loadStudy(dir));
  writeReport(summary, path.join(dir, 'report'), { curves: [] });
  const seconds = (performance.now() - started) / 1000;
  return { dir, records, summary, seconds };
}

describe('report at study scale', () => {
  it("the quick preset's shape: 97 cells, maxout and prelu left out of the taggers and of Friedman", () => {
    const { dir, records, summary, seconds } = timedReport('quick', {
      miniExperiments: 5,
      configurations: 1,
      repeats: 1,
      withTaggers: true,
    });
    // 3 sentence mini-experiments × 21 + 2 taggers × 17 = 97 runs and cells.
    assert.equal(records, 97);
    assert.equal(summary.cells.length, 97);
    // Friedman compares exactly the activations scored everywhere: not maxout or prelu, nor one
    // whose single run failed or diverged somewhere (the synthetic ledger has a few).
    const scoredEverywhere = summary.activations.filter((activation) =>
      summary.miniExperiments.every((mini) =>
        summary.cells.some((c) => c.miniExperiment === mini.id && c.activation === activation && c.mean !== null),
      ),
    );
    assert.deepEqual(summary.friedman.mean.activations, scoredEverywhere);
    for (const name of ['maxout-2', 'maxout-3', 'maxout-4', 'prelu'])
      assert.ok(summary.friedman.mean.excluded.some((e) => e.activation === name));
    assert.ok(scoredEverywhere.length >= 10);
    // One configuration: nothing to regress or to pair.
    assert.ok(summary.sensitivity.regressions.every((r) => r.skipped !== undefined));
    assert.ok(summary.referenceComparisons.every((r) => r.verdict === 'not testable'));
    assert.ok(existsSync(path.join(dir, 'report', 'index.html')));
    assert.ok(seconds < 20, `${seconds.toFixed(1)} s`);
  });

  it('50 configurations × 2 repeats: 9700 runs summarised, tested and regressed in seconds', () => {
    const { records, summary, seconds } = timedReport('multi', { miniExperiments: 5, configurations: 50, repeats: 2, withTaggers: true });
    assert.equal(records, 9700);
    assert.ok(summary.sensitivity.regressions.filter((r) => r.skipped === undefined).length > 90);
    assert.ok(summary.referenceComparisons.some((r) => r.pHolm !== null));
    assert.ok(seconds < 30, `${seconds.toFixed(1)} s`);
  });
});
