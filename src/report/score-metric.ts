// Which test metric is a mini-experiment's score. Ledgers written since the reports exist record
// the task's primary metric on every scored run; the report must not load the task plugins (they
// pull in TensorFlow.js), so for older records it falls back to 'accuracy', then to the first
// test metric, and says so.
import type { LedgerRecord } from '../study/types.js';
import type { MetricSource } from './types.js';

export interface ScoreMetric {
  metric: string;
  source: MetricSource;
  /** A sentence for the report's notes when the choice is not the ledger's own, or is ambiguous. */
  note?: string;
}

/** The score metric of one mini-experiment's records; null when no record has any test metric. */
export function chooseScoreMetric(miniExperiment: string, records: readonly LedgerRecord[]): ScoreMetric | null {
  const recorded = new Map<string, number>();
  for (const record of records) {
    if (record.primaryMetric !== undefined) recorded.set(record.primaryMetric, (recorded.get(record.primaryMetric) ?? 0) + 1);
  }
  if (recorded.size > 0) {
    // One task per mini-experiment means one metric; more than one is a changed task plugin.
    const [metric] = [...recorded.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]!;
    const note =
      recorded.size > 1
        ? `${miniExperiment}: the ledger names several primary metrics (${[...recorded.keys()].join(', ')}); scored on '${metric}', the most frequent`
        : undefined;
    return { metric, source: 'ledger', ...(note === undefined ? {} : { note }) };
  }
  const firstWithTest = records.find((record) => Object.keys(record.test ?? {}).length > 0);
  if (firstWithTest === undefined) return null;
  if (records.some((record) => Object.hasOwn(record.test ?? {}, 'accuracy'))) {
    return {
      metric: 'accuracy',
      source: 'fallback-accuracy',
      note: `${miniExperiment}: the ledger does not record the primary metric (written before it did); scored on 'accuracy'`,
    };
  }
  const metric = Object.keys(firstWithTest.test ?? {})[0]!;
  return {
    metric,
    source: 'fallback-first-metric',
    note: `${miniExperiment}: the ledger does not record the primary metric and has no 'accuracy'; scored on '${metric}', the first test metric`,
  };
}
