// The summary behind a path given to `actbench compare`: a study folder (its ledger is
// summarised now), a report folder (its summary.json), or a summary.json file. A file that is
// not a summary, or one written by a newer format, is refused with one line naming it.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ledgerFiles } from '../study/ledger.js';
import { loadStudy, ReportInputError } from './load-study.js';
import { buildSummary, type SummaryOptions } from './summarize.js';
import { READABLE_SUMMARY_VERSIONS, SUMMARY_FORMAT, SUMMARY_FORMAT_VERSION, type ReportSummary } from './types.js';
import { SUMMARY_FILE } from './write-report.js';

function readSummaryFile(file: string): ReportSummary {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ReportInputError(
      `${file}: not a readable JSON file (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`,
    );
  }
  const summary = value as Partial<ReportSummary> | null;
  if (summary === null || typeof summary !== 'object' || summary.format !== SUMMARY_FORMAT) {
    throw new ReportInputError(
      `${file}: not an actbench report summary (expected "format": "${SUMMARY_FORMAT}"; give a study folder, a report folder or its ${SUMMARY_FILE})`,
    );
  }
  if (!READABLE_SUMMARY_VERSIONS.includes(summary.formatVersion as number)) {
    throw new ReportInputError(
      `${file}: summary format version ${String(summary.formatVersion)}, this actbench reads versions ${READABLE_SUMMARY_VERSIONS.join(' and ')} (regenerate it with this version's actbench report)`,
    );
  }
  if (!Array.isArray(summary.cells) || !Array.isArray(summary.miniExperiments) || !Array.isArray(summary.activations)) {
    throw new ReportInputError(`${file}: summary lacks its cells, miniExperiments or activations`);
  }
  return upgradeSummary(summary as ReportSummary);
}

/**
 * A version-1 summary in the current shape: it predates baselines and the headline, so those are
 * null (unknown, never "passed") and empty, and a note says so.
 */
export function upgradeSummary(summary: ReportSummary): ReportSummary {
  if ((summary.formatVersion as number) === SUMMARY_FORMAT_VERSION) return summary;
  return {
    ...summary,
    formatVersion: SUMMARY_FORMAT_VERSION,
    headline: summary.headline ?? [],
    notes: [
      ...(summary.notes ?? []),
      `read from a format-${String(summary.formatVersion)} summary, written before reports checked scores against the trivial baseline`,
    ],
    miniExperiments: summary.miniExperiments.map((info) => ({
      ...info,
      baseline: info.baseline ?? null,
      baselineCheck: info.baselineCheck ?? null,
    })),
    cells: summary.cells.map((cell) => ({ ...cell, vsBaseline: cell.vsBaseline ?? null })),
  };
}

export interface LoadedSummary {
  summary: ReportSummary;
  /** What was read, for messages: the summary file or the study folder. */
  source: string;
}

export function loadSummary(target: string, options: SummaryOptions = {}): LoadedSummary {
  if (!existsSync(target))
    throw new ReportInputError(`${target}: no such file or folder (expected a study folder, a report folder or a ${SUMMARY_FILE})`);
  if (!statSync(target).isDirectory()) return { summary: readSummaryFile(target), source: target };
  if (ledgerFiles(target).length > 0) return { summary: buildSummary(loadStudy(target), options), source: target };
  const file = path.join(target, SUMMARY_FILE);
  if (existsSync(file)) return { summary: readSummaryFile(file), source: file };
  throw new ReportInputError(`${target}: neither a study folder (no ledger.jsonl) nor a report folder (no ${SUMMARY_FILE})`);
}
