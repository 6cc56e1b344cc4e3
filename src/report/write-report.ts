// Writes a report folder: summary.json (everything, machine-readable), a CSV and a Markdown file
// per table, report.md (all tables in one file), charts/*.svg and the self-contained index.html.
// The names summary.json and index.html are relied on by the cluster follow-up job.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ActivationCurve } from '../plot/activation-plots.js';
import { notInformativeLines } from './baseline.js';
import { allCharts } from './charts.js';
import { renderHtmlReport } from './html.js';
import { reportTables, tableCsv, tableMarkdown } from './tables.js';
import type { ReportSummary } from './types.js';

export const SUMMARY_FILE = 'summary.json';
export const HTML_FILE = 'index.html';
export const MARKDOWN_FILE = 'report.md';
export const CHARTS_FOLDER = 'charts';

export interface WrittenReport {
  dir: string;
  files: string[];
  tables: number;
  charts: number;
}

/** Summary JSON with a stable layout; non-finite numbers (which JSON lacks) become null. */
export function serializeSummary(summary: ReportSummary): string {
  return `${JSON.stringify(summary, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`;
}

export function reportMarkdown(summary: ReportSummary): string {
  const flagged = notInformativeLines(summary.miniExperiments);
  const flag =
    flagged.length > 0
      ? `> **Not informative: ${flagged.length} of ${summary.miniExperiments.length} mini-experiments do not beat their trivial baseline.**\n${flagged.map((line) => `> - ${line}`).join('\n')}\n\n`
      : '';
  const headline =
    summary.headline.length > 0 ? `## What this study says\n\n${summary.headline.map((line) => `- ${line}`).join('\n')}\n\n` : '';
  const recommendation =
    (summary.recommendation ?? []).length > 0
      ? `## What to pick\n\n${summary.recommendation!.map((item) => `- ${item.sentence}`).join('\n')}\n\n`
      : '';
  const notes = summary.notes.length > 0 ? `## Notes on this ledger\n\n${summary.notes.map((note) => `- ${note}`).join('\n')}\n\n` : '';
  const methods = `## How the numbers are made\n\n${summary.methods.map((method) => `- ${method}`).join('\n')}\n`;
  const tables = reportTables(summary).map(tableMarkdown).join('\n');
  return `# actbench report: ${summary.study.name}\n\nSpec hash ${summary.study.specHash}; ${summary.activations.length} activations × ${summary.miniExperiments.length} mini-experiments; ${summary.environment.records} runs; reference ${summary.reference}, α = ${summary.alpha}.\n\n${flag}${headline}${recommendation}${notes}${tables}\n${methods}`;
}

export function writeReport(
  summary: ReportSummary,
  dir: string,
  curves: { curves: readonly ActivationCurve[]; missing?: readonly string[] },
): WrittenReport {
  mkdirSync(path.join(dir, CHARTS_FOLDER), { recursive: true });
  const files: string[] = [];
  const write = (name: string, content: string): void => {
    const file = path.join(dir, name);
    writeFileSync(file, content, 'utf8');
    files.push(file);
  };
  write(SUMMARY_FILE, serializeSummary(summary));
  const tables = reportTables(summary);
  for (const table of tables) {
    write(`${table.name}.csv`, tableCsv(table));
    write(`${table.name}.md`, tableMarkdown(table));
  }
  write(MARKDOWN_FILE, reportMarkdown(summary));
  const charts = allCharts(summary);
  for (const chart of charts) write(path.join(CHARTS_FOLDER, `${chart.name}.svg`), chart.svg);
  write(HTML_FILE, renderHtmlReport({ summary, curves: curves.curves, curvesMissing: curves.missing }));
  return { dir, files, tables: tables.length, charts: charts.length };
}
