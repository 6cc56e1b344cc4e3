// The end of `actbench run`: failed and timed-out jobs grouped by their reason, so one cause that
// hit many jobs reads as one line with its count and where it struck, not as a wall of records.
import type { LedgerRecord } from '../study/types.js';

/** Longest reason shown; the ledger keeps the whole message. */
const REASON_CHARS = 160;

type FailedRecord = Pick<LedgerRecord, 'status' | 'error' | 'miniExperiment'>;

function shortReason(record: FailedRecord): string {
  const reason = (record.error ?? 'no reason recorded').split('\n')[0]!.trim();
  return reason.length > REASON_CHARS ? `${reason.slice(0, REASON_CHARS - 1)}…` : reason;
}

/** One line per (status, reason), most frequent first, naming the mini-experiments it struck; empty for none. */
export function renderFailureGroups(records: readonly FailedRecord[]): string {
  const groups = new Map<string, { status: string; reason: string; count: number; miniExperiments: Set<string> }>();
  for (const record of records) {
    const reason = shortReason(record);
    const id = `${record.status}\u0000${reason}`;
    const group = groups.get(id) ?? { status: record.status, reason, count: 0, miniExperiments: new Set<string>() };
    group.count++;
    group.miniExperiments.add(record.miniExperiment);
    groups.set(id, group);
  }
  if (groups.size === 0) return '';
  const sorted = [...groups.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  return `failures by reason:\n${sorted.map((g) => `  ${g.count} ${g.status} in ${[...g.miniExperiments].join(', ')}: ${g.reason}\n`).join('')}`;
}
