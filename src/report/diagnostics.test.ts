// The diagnostics section: prediction of divergence and score from the initial snapshot, dead and
// saturated units over training, the gradient chart; and a ledger without diagnostics (0.3.0 and
// older) leaves the section out with one line.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import type { DiagnosticSnapshot, RunDiagnostics } from '../engine/diagnostics-format.js';
import { findAll, parseXml } from '../plot/xml-parse-test-support.js';
import { NO_DIAGNOSTICS_NOTE, predictorValue } from './diagnostics.js';
import { loadStudy, type StudyData } from './load-study.js';
import { buildSummary } from './summarize.js';
import { reportTables } from './tables.js';
import { renderHtmlReport } from './html.js';
import { writeReport } from './write-report.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const SENTENCE = 'sentence-classification/uci-sentiment';
const dir = mkdtempSync(path.join(os.tmpdir(), 'actbench-diagnostics-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function snapshot(epoch: number, dead: number, saturated: number | null, gradNorm: number[]): DiagnosticSnapshot {
  return { epoch, loss: 0.7, gradNorm, dead: [dead], saturated: [saturated], mean: [0.1], std: [0.5] };
}

/**
 * The tiny study with diagnostics on its sentence runs, made so the answers can be worked by hand:
 * at initialisation the dead fraction equals the run's test accuracy (0.9 for diverged runs, above
 * every accuracy), the saturated fraction is 1 − accuracy (0 when diverged; none for maxout), and
 * every gradient norm is 1. Dead units halve by epoch 1 and are gone by epoch 2.
 */
function studyWithDiagnostics(): StudyData {
  const study = structuredClone(loadStudy(path.join(FIXTURES, 'tiny')));
  for (const record of study.records) {
    if (record.miniExperiment !== SENTENCE || (record.status !== 'ok' && record.status !== 'diverged')) continue;
    const diverged = record.status === 'diverged';
    const accuracy = record.test['accuracy'] ?? 0;
    const dead = diverged ? 0.9 : accuracy;
    const saturated = record.activation === 'maxout-2' ? null : diverged ? 0 : 1 - accuracy;
    // One hidden layer for configurations 0–1, two for 2–3, so the chart lines layers up from the input.
    const gradNorm = record.configIndex < 2 ? [1, 1] : [1, 1, 1];
    const diagnostics: RunDiagnostics = {
      version: 1,
      probeSize: 8,
      saturationThreshold: 0.01,
      layers: gradNorm.map((_, i) => (i === gradNorm.length - 1 ? 'output' : `hidden${i + 1}_dense`)),
      points: ['hidden1_act'],
      nonFiniteSteps: diverged ? 1 : 0,
      seconds: 0.01,
      snapshots: [snapshot(0, dead, saturated, gradNorm), snapshot(1, dead / 2, saturated, gradNorm), snapshot(2, 0, saturated, gradNorm)],
    };
    record.diagnostics = diagnostics;
  }
  return study;
}

describe('diagnostics in the report', () => {
  const summary = buildSummary(studyWithDiagnostics());
  const diagnostics = summary.diagnostics!;
  const row = (predictor: string) => diagnostics.predictions.find((p) => p.miniExperiment === SENTENCE && p.predictor === predictor)!;

  it('AUC and Spearman per diagnostic at initialisation, on the hand-made values', () => {
    // 3 diverged (swish once, cube twice) against 27 that trained.
    assert.deepEqual([row('dead units').diverged, row('dead units').notDiverged], [3, 27]);
    // Dead fraction 0.9 on every diverged run, above every other: a perfect predictor; it equals the accuracy: ρ = 1.
    assert.equal(row('dead units').auc, 1);
    assert.equal(row('dead units').scored, 27);
    assert.ok(Math.abs(row('dead units').spearman! - 1) < 1e-12);
    // Saturation 0 on diverged runs, below every other: AUC 0; 1 − accuracy: ρ = −1 over the 19 runs that have it (not maxout's 8).
    assert.equal(row('saturated units').auc, 0);
    assert.equal(row('saturated units').scored, 19);
    assert.ok(Math.abs(row('saturated units').spearman! + 1) < 1e-12);
    // Equal gradient norms everywhere: every pair ties (AUC ½) and there is no ranking to correlate.
    assert.equal(row('log10 gradient ratio first/last').auc, 0.5);
    assert.equal(row('log10 gradient ratio first/last').spearman, null);
    // The tagging runs carry no diagnostics: no rows for them.
    assert.ok(diagnostics.predictions.every((p) => p.miniExperiment === SENTENCE));
  });

  it('AUC is not computable when no run diverged', () => {
    const study = studyWithDiagnostics();
    study.records = study.records.filter((record) => record.status !== 'diverged');
    const none = buildSummary(study).diagnostics!.predictions.find((p) => p.predictor === 'dead units')!;
    assert.deepEqual([none.diverged, none.auc], [0, null]);
    const table = reportTables(buildSummary(study)).find((t) => t.name === 'diagnostics-prediction')!;
    assert.equal(table.rows.find((r) => r[1] === 'dead units')![4], null);
  });

  it('dead and saturated units per activation at initialisation, halfway and at the end', () => {
    const relu = diagnostics.units.find((u) => u.activation === 'relu')!;
    // relu's accuracies .68 .70 .76 .78 .58 .60 .80 .80: median .73; halved by epoch 1 (the middle of 2 epochs); 0 at the end.
    assert.equal(relu.runs, 8);
    assert.ok(Math.abs(relu.dead.init! - 0.73) < 1e-12);
    assert.ok(Math.abs(relu.dead.middle! - 0.365) < 1e-12);
    assert.equal(relu.dead.end, 0);
    const maxout = diagnostics.units.find((u) => u.activation === 'maxout-2')!;
    assert.deepEqual([maxout.saturatedRuns, maxout.saturated.init], [0, null]);
  });

  it('gradient norms at initialisation line up from the input, the output layer last', () => {
    const sentence = diagnostics.initialGradients.find((g) => g.miniExperiment === SENTENCE)!;
    assert.deepEqual(sentence.positions, ['layer 1', 'layer 2', 'output']);
    assert.deepEqual(sentence.byActivation['relu'], [1, 1, 1]);
  });

  it('predictorValue reads the ratio and total of the gradient norms', () => {
    const s = snapshot(0, 0, null, [10, 0.1]);
    assert.ok(Math.abs(predictorValue(s, 'log10 gradient ratio first/last')! - 2) < 1e-12);
    assert.ok(Math.abs(predictorValue(s, 'log10 gradient norm')! - Math.log10(Math.sqrt(100.01))) < 1e-12);
    assert.equal(predictorValue(s, 'saturated units'), null);
    assert.equal(predictorValue(snapshot(0, 0, null, [0, 1]), 'log10 gradient ratio first/last'), null);
    // Not finite at initialisation (null in the ledger): the total norm is infinite, the ratio undefined.
    const blownUp: DiagnosticSnapshot = { ...s, gradNorm: [null, 2] };
    assert.equal(predictorValue(blownUp, 'log10 gradient norm'), Infinity);
    assert.equal(predictorValue(blownUp, 'log10 gradient ratio first/last'), null);
  });

  it('the written report has the two tables and the heat map (25 + 2 tables; its charts and the heat map)', () => {
    const written = writeReport(summary, path.join(dir, 'with'), { curves: [], missing: [] });
    assert.equal(written.tables, 27);
    assert.equal(written.charts, 13);
    const chart = parseXml(readFileSync(path.join(dir, 'with', 'charts', 'diagnostics-initial-gradients.svg'), 'utf8'));
    assert.equal(chart.name, 'svg');
    const html = readFileSync(path.join(dir, 'with', 'index.html'), 'utf8');
    assert.match(html, /data-section="diagnostics"/);
    assert.match(html, /data-table="diagnostics-prediction"/);
    assert.ok(
      findAll(parseXml(readFileSync(path.join(dir, 'with', 'charts', 'diagnostics-initial-gradients.svg'), 'utf8')), 'rect').length > 0,
    );
  });

  it('a ledger without diagnostics: no tables, no chart, one line in the section and in the notes', () => {
    const plain = buildSummary(loadStudy(path.join(FIXTURES, 'tiny')));
    assert.equal(plain.diagnostics, undefined);
    assert.ok(plain.notes.includes(NO_DIAGNOSTICS_NOTE));
    assert.ok(!reportTables(plain).some((table) => table.name.startsWith('diagnostics')));
    const html = renderHtmlReport({ summary: plain, curves: [] });
    assert.match(html, /<p class="description" data-diagnostics="none">Left out: no run in this ledger carries diagnostics/);
  });
});
