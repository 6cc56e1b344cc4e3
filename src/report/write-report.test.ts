// The written report folder: every table as CSV that parses back to the summary's numbers and as
// Markdown with missing cells as —, summary.json that round-trips, well-formed SVG charts.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { findAll, parseXml, textContent } from '../plot/xml-parse-test-support.js';
import { loadStudy } from './load-study.js';
import { buildSummary } from './summarize.js';
import { reportTables } from './tables.js';
import { SUMMARY_FORMAT, SUMMARY_FORMAT_VERSION, type ReportSummary } from './types.js';
import { writeReport } from './write-report.js';
import { parseCsv } from '../cli/cli-test-support.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

const dir = mkdtempSync(path.join(os.tmpdir(), 'actbench-report-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const summary = buildSummary(loadStudy(path.join(FIXTURES, 'tiny')));
const written = writeReport(summary, dir, { curves: [], missing: [] });

describe('report folder', () => {
  it('writes summary.json, index.html, report.md and a CSV and a Markdown file per table', () => {
    for (const name of ['summary.json', 'index.html', 'report.md']) assert.ok(existsSync(path.join(dir, name)), name);
    for (const table of reportTables(summary)) {
      assert.ok(existsSync(path.join(dir, `${table.name}.csv`)), `${table.name}.csv`);
      assert.ok(existsSync(path.join(dir, `${table.name}.md`)), `${table.name}.md`);
    }
    // 21 tables, the claims' two (claims, scale), the cost section's two (cost, time-to-target).
    assert.equal(written.tables, 25);
  });

  it('summary.json carries its format and version and reads back equal (non-finite numbers as null)', () => {
    const back = JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8')) as ReportSummary;
    assert.equal(back.format, SUMMARY_FORMAT);
    assert.equal(back.formatVersion, SUMMARY_FORMAT_VERSION);
    assert.deepEqual(back.cells, summary.cells);
    assert.deepEqual(back.rankings, summary.rankings);
    // Iman–Davenport F is infinite when every block ranks alike; JSON holds null.
    assert.equal(back.friedman.mean.imanDavenport?.statistic, null);
  });

  it('every CSV parses back: header, one row per table row, numbers at full precision, missing as empty', () => {
    for (const table of reportTables(summary)) {
      const rows = parseCsv(readFileSync(path.join(dir, `${table.name}.csv`), 'utf8'));
      assert.deepEqual(
        rows[0],
        table.columns.map((c) => c.header),
        table.name,
      );
      assert.equal(rows.length - 1, table.rows.length, table.name);
      rows.slice(1).forEach((row, r) => {
        row.forEach((text, c) => {
          const value = table.rows[r]![c] ?? null;
          if (typeof value === 'number') assert.equal(Number(text), value, `${table.name} row ${r} column ${c}`);
          else assert.equal(text, value ?? '', `${table.name} row ${r} column ${c}`);
        });
      });
    }
    // Spot check against the hand-worked value: swish's mean on the sentence task is .715.
    const stability = parseCsv(readFileSync(path.join(dir, 'stability.csv'), 'utf8'));
    const header = stability[0]!;
    const swish = stability.find((row) => row[0] === 'sentence-classification/uci-sentiment' && row[1] === 'swish')!;
    assert.ok(Math.abs(Number(swish[header.indexOf('mean')]) - 0.715) < 1e-12);
    const maxoutTagging = stability.find((row) => row[0] === 'sequence-tagging/brown-pos' && row[1] === 'maxout-2')!;
    assert.equal(maxoutTagging[header.indexOf('best')], '');
  });

  it('Markdown shows missing cells as — and formats scores to four decimals', () => {
    const best = readFileSync(path.join(dir, 'best.md'), 'utf8');
    const maxoutRow = best.split('\n').find((line) => line.startsWith('| maxout-2 |'))!;
    assert.equal(maxoutRow, '| maxout-2 | 0.7700 | — | 2.50 |');
    const cubeRow = best.split('\n').find((line) => line.startsWith('| cube |'))!;
    assert.equal(cubeRow, '| cube | 0.5300 | — | 4 |');
  });

  it('baselines: columns in the mini-experiments and stability tables, no flag while every mini-experiment beats its baseline', () => {
    const minis = readFileSync(path.join(dir, 'mini-experiments.md'), 'utf8');
    assert.match(minis, /\| sentence-classification\/uci-sentiment \| .* \| 0\.5000 \| 0\.5000 \| 0\.5000 \| 4 \| 0 \| yes \|/);
    const stability = parseCsv(readFileSync(path.join(dir, 'stability.csv'), 'utf8'));
    const header = stability[0]!;
    const cube = stability.find((row) => row[0] === 'sentence-classification/uci-sentiment' && row[1] === 'cube')!;
    // cube: .50 .53 .60 against .5 → 2 beating, median margin .03 (baseline.test.ts).
    assert.deepEqual(
      [cube[header.indexOf('baseline')], cube[header.indexOf('configs beating baseline')], cube[header.indexOf('below baseline')]],
      ['0.5', '2', ''],
    );
    const markdown = readFileSync(path.join(dir, 'report.md'), 'utf8');
    assert.ok(!markdown.includes('> **Not informative'));
    assert.match(markdown, /## What this study says\n\n- On best /);
  });

  it('the recommendation follows the headline in report.md and index.html, one line per scenario as in summary.json', () => {
    const markdown = readFileSync(path.join(dir, 'report.md'), 'utf8');
    const lines = summary.recommendation!.map((item) => `- ${item.sentence}`).join('\n');
    assert.ok(markdown.includes(`## What to pick\n\n${lines}\n`));
    assert.ok(
      markdown.indexOf('## What this study says') < markdown.indexOf('## What to pick') &&
        markdown.indexOf('## What to pick') < markdown.indexOf('## Mini-experiments'),
    );
    const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
    assert.ok(
      html.indexOf('data-headline') < html.indexOf('data-recommendation') && html.indexOf('data-recommendation') < html.indexOf('<nav>'),
    );
    assert.deepEqual(
      summary.recommendation!.map((item) => item.scenario),
      ['small budget', 'large budget', 'stability', 'compute'],
    );
  });

  it('a mini-experiment below its baseline: † in the tables, a flag at the top of report.md and index.html, a line in its box plot', () => {
    // Sentence baseline .725: swish, cube and maxout-2 have medians at or below it (baseline.test.ts).
    const study = structuredClone(loadStudy(path.join(FIXTURES, 'tiny')));
    for (const record of study.records)
      if (record.miniExperiment === 'sentence-classification/uci-sentiment') record.baseline = { accuracy: 0.725 };
    const below = buildSummary(study);
    const belowDir = path.join(dir, 'below');
    writeReport(below, belowDir, { curves: [], missing: [] });
    const best = readFileSync(path.join(belowDir, 'best.md'), 'utf8');
    // swish's best .79 beats .725, but its median .725 does not: the cell is marked; tagging is not.
    assert.ok(best.split('\n').includes('| swish | 0.7900 † | 0.9300 | 1 |'), best);
    assert.ok(best.split('\n').includes('| relu | 0.7700 | 0.9100 | 2.25 |'), best);
    // The CSV keeps the bare number.
    const bestCsv = parseCsv(readFileSync(path.join(belowDir, 'best.csv'), 'utf8'));
    assert.equal(bestCsv.find((row) => row[0] === 'swish')![1], '0.79');
    const stability = parseCsv(readFileSync(path.join(belowDir, 'stability.csv'), 'utf8'));
    const flagColumn = stability[0]!.indexOf('below baseline');
    assert.deepEqual(
      stability.filter((row) => row[flagColumn] === '†').map((row) => row[1]),
      ['swish', 'cube', 'maxout-2'],
    );
    const markdown = readFileSync(path.join(belowDir, 'report.md'), 'utf8');
    const top = markdown.split('\n').slice(4, 6);
    assert.equal(top[0], '> **Not informative: 1 of 2 mini-experiments do not beat their trivial baseline.**');
    assert.equal(
      top[1],
      '> - sentence-classification/uci-sentiment: 3 of the 4 activations with a score have a median configuration score at or below the trivial baseline (accuracy 0.7250), so its scores and ranks say little about the activations.',
    );
    const html = readFileSync(path.join(belowDir, 'index.html'), 'utf8');
    assert.ok(
      html.indexOf('data-flag="not-informative"') < html.indexOf('data-headline') && html.indexOf('data-headline') < html.indexOf('<nav>'),
    );
    assert.match(html, /<td class="num below-baseline">0\.7900 †<\/td>/);
    const box = parseXml(readFileSync(path.join(belowDir, 'charts', 'box-sentence-classification_uci-sentiment.svg'), 'utf8'));
    assert.equal(findAll(box, 'g').filter((g) => g.attrs.class === 'reference-line').length, 1);
    assert.equal(findAll(box, 'g').filter((g) => g.attrs.class === 'box-row flagged').length, 3);
    assert.match(textContent(box), /NOT INFORMATIVE/);
  });

  it('writes every chart as a well-formed SVG document', () => {
    const charts = written.files.filter((file) => file.endsWith('.svg'));
    // 2 box plots, 2 heat maps, 2 CD diagrams, the stability profiles, the win-rate heat map, 2 best-of-k charts
    // and 2 time-to-target charts (one per mini-experiment).
    assert.equal(charts.length, 12);
    for (const file of charts) assert.equal(parseXml(readFileSync(file, 'utf8')).name, 'svg', file);
  });
});
