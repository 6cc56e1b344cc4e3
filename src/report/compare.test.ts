// `actbench compare` on the paired fixtures (paired-new = paired-old with relu lowered on every
// configuration): the injected regression is flagged with exit code 1, identical inputs pass
// with 0, and `actbench report` / `compare` reject bad input with one line and exit code 2.
// Each command-line run costs seconds of CPU (tsx, and main.ts loads TensorFlow.js), so the exit
// codes are checked on five runs and the other input errors in process.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { compareCommand, RegressionFoundError, reportCommand } from '../cli/report-commands.js';
import { runActbench, type CliRun } from '../cli/cli-test-support.js';
import { compareSummaries } from './compare.js';
import { comparisonMarkdown } from './compare-markdown.js';
import { loadStudy } from './load-study.js';
import { loadSummary } from './read-summary.js';
import { buildSummary } from './summarize.js';
import { mean } from './stats/index.js';
import { writeSyntheticStudy } from './synthetic-study-test-support.js';
import type { ReportSummary } from './types.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = path.join(REPO_ROOT, 'src', 'report', 'fixtures');
const OLD = path.join(FIXTURES, 'paired-old');
const NEW = path.join(FIXTURES, 'paired-new');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'actbench-compare-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

type Run = CliRun;
const actbench = (args: string[]): Promise<Run> => runActbench(args);

/** The one line a bad input produces: `actbench: …` as the last line of stderr. */
function errorLine(run: Run): string {
  return run.stderr.trim().split('\n').at(-1) ?? '';
}

describe('compareSummaries', () => {
  const before = buildSummary(loadStudy(OLD));
  const regressed = buildSummary(loadStudy(NEW));

  it('flags the injected drop as a regression and nothing else', () => {
    // relu's new − old per configuration: −.02 −.03 −.04 −.05 −.06 −.025 −.035 −.045, all negative with
    // distinct sizes → V = 0, exact two-sided p = 2/256; the only tested cell, so Holm leaves it.
    // Mean drop = .305/8 = .038125 > .01.
    const comparison = compareSummaries(before, regressed, { threshold: 0.01, alpha: 0.05 });
    assert.deepEqual(
      comparison.regressions.map((c) => c.activation),
      ['relu'],
    );
    const relu = comparison.regressions[0]!;
    assert.equal(relu.pairs, 8);
    assert.equal(relu.statistic, 0);
    assert.ok(Math.abs(relu.pValue! - 2 / 256) < 1e-12);
    assert.ok(Math.abs(relu.pHolm! - 2 / 256) < 1e-12);
    assert.ok(Math.abs(relu.deltaMean! + 0.305 / 8) < 1e-12);
    // Best: old .85 (configuration 3, best dev) → new .80.
    assert.ok(Math.abs(relu.deltaBest! + 0.05) < 1e-12);
    for (const name of ['swish', 'tanh']) assert.equal(comparison.cells.find((c) => c.activation === name)!.verdict, 'unchanged');
    assert.deepEqual(comparison.unconfirmedDrops, []);
  });

  it('a threshold above the drop: a significant drop within the threshold, labelled as such, not a regression', () => {
    // The same test (p_holm 2/256) with the mean drop .038125 below the threshold .05.
    const comparison = compareSummaries(before, regressed, { threshold: 0.05, alpha: 0.05 });
    assert.deepEqual(comparison.regressions, []);
    const relu = comparison.cells.find((c) => c.activation === 'relu')!;
    assert.equal(relu.verdict, 'significant drop within threshold');
    assert.equal(relu.note, 'significant drop (p_holm 0.008), but the mean fell by 0.0381, no more than the threshold 0.05');
    assert.deepEqual(
      comparison.dropsWithinThreshold.map((c) => c.activation),
      ['relu'],
    );
    assert.deepEqual(comparison.unconfirmedDrops, []);
    const markdown = comparisonMarkdown(comparison);
    assert.match(markdown, /\*\*✅ No significant regression\*\*/);
    assert.match(markdown, /### Significant drops within the threshold 0\.05 \(not regressions\)\n\n\| mini-experiment/);
  });

  it('a tested cell whose Holm p is not below α is "no significant change"; too few differing pairs is "not testable"', () => {
    const changed = structuredClone(regressed);
    const cellOf = (name: string) => changed.cells.find((c) => c.activation === name)!;
    // tanh new − old = +.001 −.002 +.003 −.004 +.005 −.006 +.007 −.008: V = 16, p = 216/256;
    // with relu's 2/256 Holm gives relu 4/256 (still a regression) and tanh 216/256.
    const wiggle = [0.001, -0.002, 0.003, -0.004, 0.005, -0.006, 0.007, -0.008];
    cellOf('tanh').scores.forEach((score, i) => (score.test += wiggle[i]!));
    // swish: only 5 configurations change (+.01 each); 5 differing pairs cannot reach p < .05 (2/32).
    cellOf('swish')
      .scores.slice(0, 5)
      .forEach((score) => (score.test += 0.01));
    const comparison = compareSummaries(before, changed, { threshold: 0.01, alpha: 0.05 });
    const verdict = (name: string) => comparison.cells.find((c) => c.activation === name)!;
    assert.equal(verdict('relu').verdict, 'regression');
    assert.ok(Math.abs(verdict('relu').pHolm! - 4 / 256) < 1e-12);
    assert.equal(verdict('tanh').verdict, 'no significant change');
    assert.ok(Math.abs(verdict('tanh').pHolm! - 216 / 256) < 1e-12);
    assert.equal(verdict('swish').verdict, 'not testable');
    assert.equal(verdict('swish').note, 'only 5 differing pairs: no outcome could reach p < 0.05');
  });

  it('flags a mini-experiment not informative in either study, in the result and at the top of the comment', () => {
    const flagged = structuredClone(regressed);
    const mini = flagged.miniExperiments[0]!;
    mini.baselineCheck = { scoredActivations: 3, belowBaseline: ['relu', 'swish'], informative: false };
    mini.baseline = { value: 0.9, min: 0.9, max: 0.9, records: 24 };
    const comparison = compareSummaries(before, flagged, { threshold: 0.01, alpha: 0.05 });
    assert.deepEqual(comparison.notInformative, [
      {
        miniExperiment: 'sentence-classification/uci-sentiment',
        old: false,
        new: true,
        detail: 'new: 2 of 3 medians at or below accuracy 0.9000',
      },
    ]);
    assert.ok(comparison.cells.every((c) => c.notInformative));
    // The gate is unchanged: the regression still counts.
    assert.equal(comparison.regressions.length, 1);
    const lines = comparisonMarkdown(comparison).split('\n');
    assert.match(
      lines[6]!,
      /^> \*\*⚠ Not informative: 1 mini-experiment where most activations’ median configurations do not beat the trivial baseline/,
    );
    assert.equal(lines[7], '> - sentence-classification/uci-sentiment (new: 2 of 3 medians at or below accuracy 0.9000)');
    // Summaries without baselines (format 1, or no baseline recorded) flag nothing.
    assert.deepEqual(compareSummaries(before, regressed, { threshold: 0.01, alpha: 0.05 }).notInformative, []);
  });

  it('identical inputs: every cell unchanged, nothing flagged', () => {
    const comparison = compareSummaries(before, before, { threshold: 0.01, alpha: 0.05 });
    assert.deepEqual(
      comparison.cells.map((c) => c.verdict),
      ['unchanged', 'unchanged', 'unchanged'],
    );
    assert.deepEqual([comparison.regressions, comparison.unconfirmedDrops, comparison.improvements], [[], [], []]);
  });

  it('reversed, the same cell is a significant improvement', () => {
    const comparison = compareSummaries(regressed, before, { threshold: 0.01, alpha: 0.05 });
    assert.deepEqual(comparison.regressions, []);
    assert.deepEqual(
      comparison.improvements.map((c) => c.activation),
      ['relu'],
    );
  });

  it('does not pair configurations whose hyperparameters differ under the same index', () => {
    const changed = structuredClone(regressed);
    for (const configuration of changed.miniExperiments[0]!.configurations)
      configuration.hparams = { ...configuration.hparams, units: 128 };
    const comparison = compareSummaries(before, changed, { threshold: 0.01, alpha: 0.05 });
    const relu = comparison.cells.find((c) => c.activation === 'relu')!;
    assert.equal(relu.pairs, 0);
    assert.equal(relu.verdict, 'not testable');
    assert.match(relu.note ?? '', /8 configuration\(s\) with the same index have different hyperparameters/);
    // The drop is still reported, as unconfirmed.
    assert.deepEqual(
      comparison.unconfirmedDrops.map((c) => c.activation),
      ['relu'],
    );
  });

  it('renders a PR comment that leads with the verdict', () => {
    const markdown = comparisonMarkdown(compareSummaries(before, regressed, { threshold: 0.01, alpha: 0.05 }));
    // One mini-experiment: relu's pooled test is its cell's (p = 2/256, alone in the family: swish and tanh are unchanged).
    assert.match(
      markdown.split('\n')[4]!,
      /^\*\*❌ 1 significant regression\*\* \(.*\); 1 pooled regression over all mini-experiments: relu \(mean Δ −0\.0381, p_holm 0\.008\)\.$/,
    );
    assert.match(
      markdown,
      /\| relu \| 1 \| 1 \| 8 \| 8 \| −0\.0381 \| −0\.0375 \| 0\.008 \| 0\.008 \| regression \| {2}\|\n\n2 unchanged activations \(every pair identical\) not shown\./,
    );
    assert.match(markdown, /\| sentence-classification\/uci-sentiment \| relu \| 0\.8500 \| 0\.8000 \| −0\.0500 \|/);
  });
});

describe('pooled over all mini-experiments, per activation', () => {
  // 21 activations × 4 mini-experiments × 8 configurations, 1 repeat (a few runs fail or diverge, unscored).
  const dir = path.join(scratch, 'synthetic');
  writeSyntheticStudy(dir, { miniExperiments: 4, configurations: 8, repeats: 1, seed: 3 });
  const study = buildSummary(loadStudy(dir));

  /** A copy of `summary` with every test score lowered by `drop(configIndex)`, and the means redone. */
  function lowered(summary: ReportSummary, drop: (configIndex: number, activation: string) => number): ReportSummary {
    const copy = structuredClone(summary);
    for (const cell of copy.cells) {
      for (const score of cell.scores) score.test -= drop(score.configIndex, cell.activation);
      cell.mean = cell.scores.length > 0 ? mean(cell.scores.map((score) => score.test)) : null;
    }
    return copy;
  }

  it('every activation a little lower in every cell: no cell regresses, every activation regresses pooled, and the gate fails', () => {
    // Drops of .015 + .0001·configIndex: distinct, all negative. A cell of n differing pairs, all
    // negative: V = 0, exact p = 2·2⁻ⁿ (2/256 with 8) — times 84 cells under Holm, never < .05.
    // Pooled per activation over its n ≈ 32 pairs: V = 0, p = 2^(1−n) ≈ 5e−10, Holm over 21 far below .05,
    // and the mean drop ≈ .0154 > .01.
    const after = lowered(study, (configIndex) => 0.015 + 0.0001 * configIndex);
    const comparison = compareSummaries(study, after, { threshold: 0.01, alpha: 0.05 });
    assert.equal(comparison.cells.length, 84);
    assert.deepEqual(comparison.regressions, []);
    assert.ok(
      comparison.cells.every(
        (cell) => cell.verdict === 'no significant change' && Math.abs(cell.pValue! - 2 ** (1 - cell.n)) < 1e-15 && cell.pHolm! >= 0.05,
      ),
    );
    assert.equal(comparison.unconfirmedDrops.length, 84);
    assert.equal(comparison.pooled.length, 21);
    assert.equal(comparison.pooledRegressions.length, 21);
    for (const row of comparison.pooled) {
      const cells = comparison.cells.filter((cell) => cell.activation === row.activation);
      assert.equal(
        row.pairs,
        cells.reduce((sum, cell) => sum + cell.pairs, 0),
      );
      assert.deepEqual([row.miniExperiments, row.changedMiniExperiments, row.n, row.statistic, row.method], [4, 4, row.pairs, 0, 'exact']);
      assert.equal(row.pValue, 2 ** (1 - row.n));
      assert.ok(row.pHolm! <= 21 * row.pValue! && row.pHolm! < 1e-6);
      assert.ok(row.meanDifference! < -0.015 && row.meanDifference! > -0.0158);
    }
    const markdown = comparisonMarkdown(comparison);
    assert.match(
      markdown.split('\n')[4]!,
      /^\*\*❌ 21 pooled regressions over all mini-experiments: sigmoid, swish, maxsig, .*, penalized-tanh\*\* \(/,
    );
    assert.match(markdown, /no single cell regresses significantly\./);
    assert.match(
      markdown,
      /### Pooled over all mini-experiments, per activation\n\n.*\n\n\| activation \| mini-experiments \| changed in \| pairs \|/,
    );
    assert.match(markdown, /\| relu \| 4 \| 4 \| \d+ \| \d+ \| −0\.01\d\d \| −0\.01\d\d \| <0\.001 \| <0\.001 \| regression \|/);

    // The command line: exit code 1 (RegressionFoundError) and the one-line verdict names them.
    const oldFile = path.join(scratch, 'pooled-old.json');
    const newFile = path.join(scratch, 'pooled-new.json');
    writeFileSync(oldFile, JSON.stringify(study));
    writeFileSync(newFile, JSON.stringify(after));
    const io = { out: () => undefined, err: () => undefined };
    assert.throws(
      () => compareCommand({ old: oldFile, new: newFile, md: path.join(scratch, 'pooled.md') }, io),
      (error: Error) =>
        error instanceof RegressionFoundError &&
        /^compare: 0 significant regression\(s\), .*; 21 pooled regression\(s\) over all mini-experiments \(sigmoid, swish, /.test(
          error.message,
        ),
    );
  });

  it('a smaller drop: significant pooled, within the threshold, so not a regression', () => {
    // .002 + .0001·configIndex: the same signs and ranks, so the same p-values, but a mean drop ≈ .0024 < .01.
    const comparison = compareSummaries(
      study,
      lowered(study, (configIndex) => 0.002 + 0.0001 * configIndex),
      { threshold: 0.01, alpha: 0.05 },
    );
    assert.deepEqual(comparison.pooledRegressions, []);
    assert.ok(comparison.pooled.every((row) => row.verdict === 'significant drop within threshold'));
    assert.match(
      comparison.pooled[0]!.note!,
      /^significant drop \(p_holm <0\.001\), but the pooled mean fell by 0\.002\d, no more than the threshold 0\.01$/,
    );
    assert.match(comparisonMarkdown(comparison), /\*\*✅ No significant regression\*\*/);
  });

  it('an unchanged study passes: every activation unchanged, out of the Holm family', () => {
    const comparison = compareSummaries(study, structuredClone(study), { threshold: 0.01, alpha: 0.05 });
    assert.deepEqual([comparison.regressions, comparison.pooledRegressions], [[], []]);
    assert.ok(comparison.pooled.every((row) => row.verdict === 'unchanged' && row.pHolm === null && row.n === 0));
    const markdown = comparisonMarkdown(comparison);
    assert.match(markdown, /\*\*✅ No significant regression\*\* \(.*\), per cell or pooled per activation over all mini-experiments\./);
  });

  it('one activation changed in one mini-experiment: the others stay unchanged and out of the family', () => {
    // relu −.03 −.0301 … on one mini-experiment only: its pooled test has 8 (or 7) differing pairs
    // from that one stratum, V = 0, p = 2^(1−n), alone in the family; the pooled mean is about a quarter of the drop.
    const only = lowered(study, (configIndex, activation) => (activation === 'relu' ? 0.03 + 0.0001 * configIndex : 0));
    for (const cell of only.cells) {
      if (cell.activation !== 'relu' || cell.miniExperiment === only.miniExperiments[0]!.id) continue;
      const original = study.cells.find((c) => c.activation === 'relu' && c.miniExperiment === cell.miniExperiment)!;
      cell.scores = structuredClone(original.scores);
    }
    const comparison = compareSummaries(study, only, { threshold: 0.01, alpha: 0.05 });
    const relu = comparison.pooled.find((row) => row.activation === 'relu')!;
    assert.deepEqual([relu.changedMiniExperiments, relu.statistic], [1, 0]);
    assert.equal(relu.pValue, 2 ** (1 - relu.n));
    assert.equal(relu.pHolm, relu.pValue);
    assert.equal(relu.verdict, 'significant drop within threshold');
    assert.ok(comparison.pooled.filter((row) => row.activation !== 'relu').every((row) => row.verdict === 'unchanged'));
    // The cell itself is the regression the gate catches.
    assert.deepEqual(
      comparison.regressions.map((cell) => cell.activation),
      ['relu'],
    );
  });
});

describe('actbench report and compare on the command line', () => {
  const reportDir = path.join(scratch, 'old-report');

  it('report writes the folder and says so in one line; compare gates on the regression', async () => {
    const [report, regression] = await Promise.all([actbench(['report', OLD, '--out', reportDir]), actbench(['compare', OLD, NEW])]);
    assert.equal(report.status, 0, report.stderr);
    // One line saying what was written, a blank line, then the headline as its last lines.
    const [written, blank, ...headline] = report.stdout.trimEnd().split('\n');
    assert.match(written!, /3 activations × 1 mini-experiments, 24 runs → .*summary\.json, index\.html, 25 tables/);
    assert.equal(blank, '');
    assert.ok(existsSync(path.join(reportDir, 'summary.json')) && existsSync(path.join(reportDir, 'index.html')));
    const summary = JSON.parse(readFileSync(path.join(reportDir, 'summary.json'), 'utf8')) as { headline: string[] };
    // Nine from the statistics, the tenth counts the verdicts on E18's claims (checked by default).
    assert.equal(summary.headline.length, 10);
    assert.match(
      summary.headline[9]!,
      /^Of 7 claims of Is it Time to Swish\? \(Eger et al\., EMNLP 2018\), this study gives .*not evaluable/,
    );
    assert.deepEqual(
      headline,
      summary.headline.map((line) => `- ${line}`),
    );
    assert.equal(regression.status, 1, regression.stderr);
    assert.match(regression.stdout, /❌ 1 significant regression/);
    assert.match(errorLine(regression), /^actbench: compare: 1 significant regression/);
  });

  it('compare --rope adds the Bayesian gate: a bare --rope fails on the drop, the same study passes', async () => {
    const [rope, same] = await Promise.all([
      actbench(['compare', OLD, NEW, '--rope']),
      actbench(['compare', OLD, OLD, '--rope', '0.01', '--rope-probability', '0.9']),
    ]);
    assert.equal(rope.status, 1, rope.stderr);
    assert.match(rope.stdout, /## Practical equivalence \(Bayesian signed-rank test, rope ±0\.005\)/);
    assert.match(errorLine(rope), /2 rope regression\(s\) \(P\(new worse by more than 0\.005\) > 0\.95\) \(relu on all, relu on /);
    assert.equal(same.status, 0, same.stderr);
    assert.match(same.stdout, /\| all \| relu \| 8 \| 0\.0000 \| 0\.000 \| 1\.000 \| 0\.000 \|/);
  });

  it('a report folder against its own study folder passes; --md writes the comment to a file; bad input is one line and exit code 2', async () => {
    const mdFile = path.join(scratch, 'comment.md');
    const notSummary = path.join(scratch, 'not-a-summary.json');
    writeFileSync(notSummary, '{"hello": 1}');
    const [same, badFile, badFlag] = await Promise.all([
      actbench(['compare', reportDir, OLD, '--md', mdFile]),
      actbench(['compare', OLD, notSummary]),
      actbench(['compare', OLD, NEW, '--threshold', 'abc']),
    ]);
    assert.equal(same.status, 0, same.stderr);
    assert.match(same.stdout, /^compare: 0 significant regression\(s\).*Markdown written to/);
    assert.match(readFileSync(mdFile, 'utf8'), /✅ No significant regression/);
    for (const [run, expected] of [
      [badFile, /^actbench: .*not-a-summary\.json: not an actbench report summary/],
      [badFlag, /^actbench: --threshold: expected a number in \[0, 1\], got 'abc'$/],
    ] as const) {
      assert.equal(run.status, 2, run.stderr);
      assert.match(errorLine(run), expected);
    }
  });
});

describe('reading older summaries', () => {
  it('a format-1 summary (before baselines and the headline) is read with them unknown; an unknown version is refused', () => {
    const v1 = structuredClone(buildSummary(loadStudy(OLD))) as unknown as Record<string, unknown> & {
      miniExperiments: Record<string, unknown>[];
      cells: Record<string, unknown>[];
    };
    v1['formatVersion'] = 1;
    delete v1['headline'];
    for (const mini of v1.miniExperiments) {
      delete mini['baseline'];
      delete mini['baselineCheck'];
    }
    for (const cell of v1.cells) delete cell['vsBaseline'];
    const file = path.join(scratch, 'v1-summary.json');
    writeFileSync(file, JSON.stringify(v1));
    const { summary } = loadSummary(file);
    assert.equal(summary.formatVersion, 2);
    assert.deepEqual(summary.headline, []);
    assert.equal(summary.miniExperiments[0]!.baselineCheck, null);
    assert.ok(summary.cells.every((cell) => cell.vsBaseline === null));
    assert.match(summary.notes.at(-1)!, /format-1 summary, written before reports checked scores against the trivial baseline/);
    // Compared with a current one, nothing is flagged for the missing baselines.
    assert.deepEqual(compareSummaries(summary, buildSummary(loadStudy(NEW)), { threshold: 0.01, alpha: 0.05 }).notInformative, []);
    writeFileSync(file, JSON.stringify({ ...v1, formatVersion: 3 }));
    assert.throws(
      () => loadSummary(file),
      (error: Error) =>
        error.name === 'ReportInputError' && /summary format version 3, this actbench reads versions 1 and 2/.test(error.message),
    );
  });
});

describe('input errors in process', () => {
  const io = { out: () => undefined, err: () => undefined };

  it('names the folder or the flag', async () => {
    assert.throws(
      () => loadStudy(path.join(scratch, 'missing')),
      (error: Error) => error.name === 'ReportInputError' && /missing: not a study folder/.test(error.message),
    );
    assert.throws(
      () => loadSummary(path.join(scratch)),
      (error: Error) => error.name === 'ReportInputError' && /neither a study folder .* nor a report folder/.test(error.message),
    );
    await assert.rejects(
      reportCommand({ dir: OLD, reference: 'nope', out: path.join(scratch, 'unused') }, io),
      (error: Error) =>
        error.name === 'UsageError' &&
        /^--reference: 'nope' is not an activation of the study in .*; choose one of relu, swish, tanh$/.test(error.message),
    );
    assert.throws(
      () => compareCommand({ old: OLD, new: NEW, alpha: '0' }, io),
      (error: Error) => error.name === 'UsageError' && /^--alpha: expected a number in \(0, 0\.5\], got '0'$/.test(error.message),
    );
  });
});
