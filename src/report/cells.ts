// One activation on one mini-experiment: its runs grouped by configuration, repeats averaged, and
// the statistics of the configuration scores (E18's best and mean, and the spread around them).
//
// What counts as a score. A run is scored when it has a dev and a test value of the metric: every
// 'ok' run, and a 'diverged' run that finished at least one epoch first. The training engine
// restores the best-dev weights before scoring on test, as E18's Keras checkpointing did, so a
// run that diverged at epoch 12 is scored by its best epoch before that; it is counted as
// diverged all the same. Runs without a score ('failed', 'timeout', diverged in the first epoch)
// are excluded from every score statistic and shown as counts beside them. Scoring them as the
// trivial baseline instead would mix "the code broke or ran out of time" with "learned nothing",
// and failed or timed-out runs have no baseline recorded anyway. The price of exclusion is that
// an unstable activation's mean covers only the configurations it survived: read the mean with
// the scored/total configuration counts next to it.
import type { LedgerRecord } from '../study/types.js';
import { bootstrapMeanInterval, interquartileRange, mean, median, standardDeviation } from './stats/index.js';
import type { Cell, ConfigurationScore, RunCounts } from './types.js';

/** Resamples for the bootstrap interval of the mean: 2000 keeps a 200-configuration study's report at seconds. */
export const BOOTSTRAP_RESAMPLES = 2000;
export const BOOTSTRAP_SEED = 1;

export const CELL_METHODS: readonly string[] = [
  'A configuration’s score is the mean over its scored repeats, for dev and test separately.',
  'A run is scored when it has a dev and a test value: every ok run, and a diverged run scored at its best dev epoch before diverging (as E18’s checkpointing did); failed, timed-out and first-epoch-diverged runs have no score, are excluded from the statistics and are counted instead.',
  'best = test score of the configuration with the highest dev score; ties on dev go to the lowest configIndex (never to the higher test score, which would let test data choose).',
  'best test = the highest test score over configurations: the optimistic figure E18 reports, selected on test.',
  'mean, median, sd (n − 1), IQR (R type 7 quartiles) and worst are over scored configurations; the 95% interval of the mean is a percentile bootstrap (2000 resamples, seed 1).',
];

export function runScore(record: LedgerRecord, metric: string): { dev: number; test: number } | null {
  if (record.status !== 'ok' && record.status !== 'diverged') return null;
  // Records are checked only for what resuming needs; a writer may have left the maps out.
  const dev = record.dev?.[metric];
  const test = record.test?.[metric];
  if (typeof dev !== 'number' || typeof test !== 'number' || !Number.isFinite(dev) || !Number.isFinite(test)) return null;
  return { dev, test };
}

export function countRuns(records: readonly LedgerRecord[], metric: string): RunCounts {
  const counts: RunCounts = { total: 0, ok: 0, diverged: 0, failed: 0, timeout: 0, scored: 0 };
  for (const record of records) {
    counts.total++;
    counts[record.status]++;
    if (runScore(record, metric) !== null) counts.scored++;
  }
  return counts;
}

/** Scored configurations, ordered by configIndex, each the mean of its scored repeats. */
export function configurationScores(records: readonly LedgerRecord[], metric: string): ConfigurationScore[] {
  const byConfiguration = new Map<number, { dev: number[]; test: number[] }>();
  for (const record of records) {
    const score = runScore(record, metric);
    if (score === null) continue;
    const entry = byConfiguration.get(record.configIndex) ?? { dev: [], test: [] };
    entry.dev.push(score.dev);
    entry.test.push(score.test);
    byConfiguration.set(record.configIndex, entry);
  }
  return [...byConfiguration.entries()]
    .sort(([a], [b]) => a - b)
    .map(([configIndex, { dev, test }]) => ({ configIndex, dev: mean(dev), test: mean(test), repeats: test.length }));
}

/** The first configuration (lowest configIndex: `scores` is ordered) with the highest value of `key`. */
function argmax(scores: readonly ConfigurationScore[], key: 'dev' | 'test'): ConfigurationScore | null {
  let chosen: ConfigurationScore | null = null;
  for (const score of scores) if (chosen === null || score[key] > chosen[key]) chosen = score;
  return chosen;
}

const orNull = (value: number): number | null => (Number.isFinite(value) ? value : null);

export function buildCell(miniExperiment: string, activation: string, records: readonly LedgerRecord[], metric: string): Cell {
  const scores = configurationScores(records, metric);
  const tests = scores.map((score) => score.test);
  const bestByDev = argmax(scores, 'dev');
  const bestByTest = argmax(scores, 'test');
  const interval =
    tests.length >= 2 ? bootstrapMeanInterval(tests, { level: 0.95, resamples: BOOTSTRAP_RESAMPLES, seed: BOOTSTRAP_SEED }) : null;
  return {
    miniExperiment,
    activation,
    runs: countRuns(records, metric),
    configurations: { total: new Set(records.map((record) => record.configIndex)).size, scored: scores.length },
    best: bestByDev?.test ?? null,
    bestConfigIndex: bestByDev?.configIndex ?? null,
    bestTest: bestByTest?.test ?? null,
    bestTestConfigIndex: bestByTest?.configIndex ?? null,
    mean: orNull(mean(tests)),
    meanInterval: interval === null ? null : { low: interval.low, high: interval.high },
    median: orNull(median(tests)),
    sd: orNull(standardDeviation(tests)),
    iqr: orNull(interquartileRange(tests)),
    worst: tests.length > 0 ? Math.min(...tests) : null,
    scores,
    // Set by the summary, which knows the mini-experiment's baseline.
    vsBaseline: null,
  };
}
