// `actbench merge`: combines the ledgers of several study directories (shards run on different
// machines, say) into one, each job once. Directories of different study specs never mix: the
// spec hash every record carries is compared across all of them before anything is written.
import * as path from 'node:path';
import { isFinished, LEDGER_FILE, ledgerFiles, openLedger, readLedgers, readSpecFile, writeSpecFile, type TornLine } from './ledger.js';
import { acquireLock, WHOLE_STUDY } from './lock.js';
import type { LedgerRecord, StudySpec } from './types.js';

export interface MergeOptions {
  /**
   * The study's spec hash function. With it, saved spec files are compared too, which also
   * catches a source that has a spec but no records yet; without it only records are compared.
   */
  hashSpec?: (spec: StudySpec) => string;
}

export interface MergeResult {
  target: string;
  /** Records appended to the target's ledger.jsonl. */
  added: number;
  /** Records skipped because the target or an earlier source already had their key. */
  duplicates: number;
  /** Records in the target afterwards, all its ledger files together. */
  total: number;
  specHash: string | null;
  /** Torn last lines found in the sources and the target (ignored, as on resume). */
  torn: TornLine[];
}

interface StudyDirectory {
  dir: string;
  records: LedgerRecord[];
  spec: StudySpec | null;
  specHash: string | null;
}

/** Throws a one-line error naming both directories when two of them come from different specs. */
export function mergeLedgers(sources: readonly string[], target: string, options: MergeOptions = {}): MergeResult {
  if (sources.length === 0) throw new Error('merge: no source directories given');
  const targetDir = path.resolve(target);
  const sourceDirs = [...new Set(sources.map((source) => path.resolve(source)))].filter((dir) => dir !== targetDir);
  const torn: TornLine[] = [];
  let duplicates = 0;

  const load = (dir: string, mustExist: boolean): StudyDirectory => {
    const spec = readSpecFile(dir);
    if (mustExist && spec === null && ledgerFiles(dir).length === 0) {
      throw new Error(`merge: ${dir} is not a study directory (no ${LEDGER_FILE} or spec.json)`);
    }
    const contents = readLedgers(dir);
    torn.push(...contents.torn);
    duplicates += contents.duplicates;
    const recordHash = contents.records[0]?.specHash ?? null;
    const savedHash = spec !== null && options.hashSpec !== undefined ? options.hashSpec(spec) : null;
    if (recordHash !== null && savedHash !== null && recordHash !== savedHash) {
      throw new Error(`merge: ${dir}: its spec.json has spec hash ${savedHash} but its records carry ${recordHash}`);
    }
    return { dir, records: contents.records, spec, specHash: recordHash ?? savedHash };
  };

  const existing = load(targetDir, false);
  const studies = [existing, ...sourceDirs.map((dir) => load(dir, true))];
  let reference: StudyDirectory | null = null;
  for (const study of studies) {
    if (study.specHash === null) continue;
    if (reference === null) reference = study;
    else if (study.specHash !== reference.specHash) {
      throw new Error(
        `merge: ${reference.dir} and ${study.dir} come from different study specs (spec hash ${reference.specHash} vs ${study.specHash}); refusing to merge`,
      );
    }
  }

  // The target's ledger.jsonl is also what an unsharded runner writes, so the two must not overlap.
  const lock = acquireLock(targetDir, WHOLE_STUDY);
  try {
    if (existing.spec === null) {
      const spec = studies.find((study) => study.spec !== null)?.spec;
      if (spec !== undefined && spec !== null) writeSpecFile(targetDir, spec);
    }
    // Status of each key's record so far; a failed one gives way to a source's result (see readLedgers).
    const statusByKey = new Map(existing.records.map((record) => [record.key, record.status]));
    const fresh: LedgerRecord[] = [];
    for (const study of studies.slice(1)) {
      for (const record of study.records) {
        const status = statusByKey.get(record.key);
        if (status !== undefined && (isFinished({ status }) || !isFinished(record))) {
          duplicates++;
          continue;
        }
        statusByKey.set(record.key, record.status);
        fresh.push(record);
      }
    }
    const ledger = openLedger(targetDir, { specHash: reference?.specHash ?? undefined });
    try {
      ledger.appendMany(fresh);
    } finally {
      ledger.close();
    }
    return {
      target: targetDir,
      added: fresh.length,
      duplicates,
      total: statusByKey.size,
      specHash: reference?.specHash ?? null,
      torn,
    };
  } finally {
    lock.release();
  }
}
