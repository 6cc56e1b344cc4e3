// Reads what a report is made from: a study directory's ledger records and its saved spec.
// Problems with that input (no such folder, no records, a damaged ledger) become one-line
// ReportInputErrors naming the path, which the command line reports with exit code 2.
import { existsSync, statSync } from 'node:fs';
import { LedgerError, readLedgers, readSpecFile } from '../study/ledger.js';
import type { LedgerRecord, StudySpec } from '../study/types.js';
import { InputError } from '../util/input-error.js';

/** Bad input to `report` or `compare` (a path, a file, a flag): one line, exit code 2. */
export class ReportInputError extends InputError {
  override name = 'ReportInputError';
}

export interface StudyData {
  dir: string;
  spec: StudySpec | null;
  records: LedgerRecord[];
  /** Unparseable last lines (a crash mid-write), skipped. */
  tornLines: number;
  /** Records dropped because an earlier one had the same key. */
  duplicates: number;
}

export function loadStudy(dir: string): StudyData {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new ReportInputError(`${dir}: not a study folder (expected a folder with ledger.jsonl)`);
  let spec: StudySpec | null;
  try {
    spec = readSpecFile(dir);
  } catch (error) {
    // Its messages already name the file (unreadable, not JSON, not a spec).
    throw new ReportInputError(error instanceof Error ? error.message.split('\n')[0]! : String(error));
  }
  let contents: ReturnType<typeof readLedgers>;
  try {
    contents = readLedgers(dir);
  } catch (error) {
    if (error instanceof LedgerError) throw new ReportInputError(error.message.split('\n')[0]!);
    throw error;
  }
  if (contents.records.length === 0)
    throw new ReportInputError(`${dir}: no ledger records (run the study first: actbench run … --out ${dir})`);
  return { dir, spec, records: contents.records, tornLines: contents.torn.length, duplicates: contents.duplicates };
}
