// The report's "where the spread comes from" rows: per mini-experiment, the variance shares of its
// scored runs (activation, configuration, their interaction, data split, seed). Each run counts
// on its own here, not averaged over repeats, since the repeats are the seed's share.
import { runScore } from './cells.js';
import { varianceShares, type ScoredRun } from './stats/variance-shares.js';
import type { LedgerRecord } from '../study/types.js';
import type { MiniExperimentInfo, VarianceRow } from './types.js';

export const VARIANCE_METHODS = [
  'variance shares: per mini-experiment over every scored run, η² = SS_between / SS_total of activation, configuration and data split each alone, the activation × configuration interaction (η² of their joint cells less both), and the seed share (spread between repeats of one job: SS_within / SS_total); exact in a complete crossed design, descriptive otherwise.',
];

export function varianceRows(
  miniExperiments: readonly MiniExperimentInfo[],
  recordsByMini: ReadonlyMap<string, readonly LedgerRecord[]>,
): VarianceRow[] {
  return miniExperiments.map((info) => {
    const runs: ScoredRun[] = [];
    for (const record of recordsByMini.get(info.id) ?? []) {
      const score = runScore(record, info.metric);
      if (score !== null)
        runs.push({
          activation: record.activation,
          configIndex: record.configIndex,
          splitIndex: record.splitIndex ?? 0,
          score: score.test,
        });
    }
    return { miniExperiment: info.id, shares: varianceShares(runs) };
  });
}
