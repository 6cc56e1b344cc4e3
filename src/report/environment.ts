// Where and with what the study's runs were made, from the ledger records themselves (a report
// may be generated on another machine than the one that trained).
import type { LedgerRecord } from '../study/types.js';
import type { Environment } from './types.js';

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

export function describeEnvironment(records: readonly LedgerRecord[], tornLines: number, duplicateRecords: number): Environment {
  const versions: Record<string, Set<string>> = {};
  for (const record of records) {
    for (const [name, version] of Object.entries(record.versions ?? {})) (versions[name] ??= new Set()).add(version);
  }
  const times = records
    .map((record) => record.finishedAt)
    .filter((time): time is string => typeof time === 'string' && time !== '')
    .sort();
  return {
    backends: sortedUnique(records.map((record) => record.backend).filter((backend) => backend !== '')),
    versions: Object.fromEntries(
      Object.keys(versions)
        .sort()
        .map((name) => [name, sortedUnique(versions[name]!)]),
    ),
    machines: sortedUnique(
      records.map((record) => record.machine).filter((machine): machine is string => typeof machine === 'string' && machine !== ''),
    ),
    records: records.length,
    tornLines,
    duplicateRecords,
    firstFinishedAt: times[0] ?? null,
    lastFinishedAt: times[times.length - 1] ?? null,
    trainingSeconds: records.reduce((sum, record) => sum + (Number.isFinite(record.seconds) ? record.seconds : 0), 0),
  };
}
