// Cost (issue 16 item 5): what each activation's score costs in training time, per mini-experiment.
//
// What the ledger holds about time, and what is derived from it:
// - `seconds` of a record: wall time of the whole run (data preparation, model building, every
//   epoch, the test evaluation); the compute a run of the search actually costs.
// - `history[e].seconds`: wall time of epoch e (training and dev scoring), and `history[e].dev`:
//   the dev scores after it. The diverged epoch itself is not in the history.
// - `bestEpoch`: the epoch whose weights were scored on test.
// Test scores exist only at the best-dev epoch, so "reaching a target" can only be judged on dev.
// Ledgers without a history (older writers, synthetic ones) get per-epoch times spread evenly,
// seconds / epochs, and a reach epoch of `bestEpoch` (the latest it can have been): counted as
// derived, and the tables say how many runs that applies to.
//
// Per cell the times are averaged over a configuration's scored repeats, then summarised over
// configurations (median and quartiles), as cells.ts does for scores; the Pareto front of a
// mini-experiment is the set of activations that no other beats on both the median test score
// (higher) and the median run seconds (lower).
//
// Time to target: the target of a mini-experiment is the median, over its scored runs of every
// activation, of the run's best dev score. A run reaches it at the first epoch whose dev score is at
// least the target; a diverged, failed or timed-out run never does (its training did not end
// normally: counted against the activation, as its compute was spent). The curve of a cell is the
// fraction of ALL its runs that have reached the target by t epochs or t seconds of training.
import type { LedgerRecord } from '../study/types.js';
import { median, quantile } from './stats/index.js';
import type { Cell, CostRow, CostSummary, MiniExperimentInfo, TimeToTargetRow, TimeToTarget } from './types.js';

/** Points of the seconds grid the time-to-target curves are stored on (the epoch grid is every epoch). */
export const SECONDS_GRID_POINTS = 41;

export const COST_METHODS: readonly string[] = [
  'Cost: run seconds = the wall time the ledger records for a whole run (data preparation, model building, every epoch and the test evaluation); seconds to best = the summed wall times of the epochs up to and including the best-dev epoch (training and dev scoring); seconds per epoch = the mean epoch wall time of the run. Runs without per-epoch times in the ledger get seconds / epochs for every epoch (counted as derived). Times are averaged over a configuration’s scored repeats and summarised over configurations (median and quartiles); wall times depend on the machine and its load.',
  'Pareto front: per mini-experiment, the activations that no other activation matches or beats on both median test score (higher) and median run seconds (lower) with one of the two strictly better.',
  'Time to target: the target is the median over the mini-experiment’s scored runs (every activation) of each run’s best dev score, so that about half of all scored runs reach it; dev, because the ledger records test only at the best-dev epoch. A run reaches it at the first epoch with a dev score ≥ the target (without per-epoch scores: at its best epoch, if its best dev score reaches it); diverged, failed and timed-out runs never do. Curves: the fraction of all of a cell’s runs that reached it within t epochs and within t seconds of epoch time; "half" is the t at which half of the cell’s runs have.',
];

/** Per-run times, from the history when it has them, else spread evenly (derived). */
export interface RunTimes {
  runSeconds: number;
  /** Wall time of each epoch run, in order. */
  epochSeconds: number[];
  secondsToBest: number;
  secondsPerEpoch: number | null;
  derived: boolean;
}

const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

export function runTimes(record: LedgerRecord): RunTimes {
  const history = record.history ?? [];
  const runSeconds = finite(record.seconds) ? record.seconds : 0;
  const recorded = history.length > 0 && history.every((epoch) => finite(epoch.seconds));
  const epochs = recorded ? history.length : finite(record.epochs) && record.epochs > 0 ? record.epochs : 0;
  const epochSeconds = recorded ? history.map((epoch) => epoch.seconds) : Array.from({ length: epochs }, () => runSeconds / epochs);
  const bestEpoch = finite(record.bestEpoch) ? Math.min(Math.max(record.bestEpoch, 0), epochSeconds.length) : 0;
  let secondsToBest = 0;
  for (let e = 0; e < bestEpoch; e++) secondsToBest += epochSeconds[e]!;
  const total = epochSeconds.reduce((a, b) => a + b, 0);
  return {
    runSeconds,
    epochSeconds,
    secondsToBest,
    secondsPerEpoch: epochSeconds.length > 0 ? total / epochSeconds.length : null,
    derived: !recorded,
  };
}

/**
 * When a run first reaches `target` on dev: epochs and seconds of epoch time, or null. A run that
 * did not end normally never reaches it. Without a history, its best epoch if its best dev does.
 */
export function reachOf(
  record: LedgerRecord,
  metric: string,
  target: number,
  times: RunTimes = runTimes(record),
): { epochs: number; seconds: number; derived: boolean } | null {
  if (record.status !== 'ok') return null;
  const history = record.history ?? [];
  let seconds = 0;
  if (history.length > 0) {
    for (let e = 0; e < history.length; e++) {
      seconds += times.epochSeconds[e] ?? 0;
      const dev = history[e]!.dev?.[metric];
      if (finite(dev) && dev >= target) return { epochs: e + 1, seconds, derived: times.derived };
    }
    return null;
  }
  const best = record.dev?.[metric];
  if (!finite(best) || best < target || !(record.bestEpoch > 0)) return null;
  for (let e = 0; e < Math.min(record.bestEpoch, times.epochSeconds.length); e++) seconds += times.epochSeconds[e]!;
  return { epochs: record.bestEpoch, seconds, derived: true };
}

const orNull = (value: number): number | null => (Number.isFinite(value) ? value : null);
const middle = (values: readonly number[]): number | null => (values.length === 0 ? null : orNull(median(values)));
const quart = (values: readonly number[], p: number): number | null => (values.length === 0 ? null : orNull(quantile(values, p)));

/** Means over a configuration's runs of each time, for the runs `keep` accepts. */
function perConfiguration(
  records: readonly LedgerRecord[],
  keep: (record: LedgerRecord) => boolean,
): { runSeconds: number[]; secondsToBest: number[]; secondsPerEpoch: number[]; epochs: number[]; derived: number } {
  const byConfig = new Map<number, RunTimes[]>();
  const epochsByConfig = new Map<number, number[]>();
  let derived = 0;
  for (const record of records) {
    if (!keep(record)) continue;
    const times = runTimes(record);
    if (times.derived) derived++;
    byConfig.set(record.configIndex, [...(byConfig.get(record.configIndex) ?? []), times]);
    epochsByConfig.set(record.configIndex, [...(epochsByConfig.get(record.configIndex) ?? []), times.epochSeconds.length]);
  }
  const avg = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
  const configs = [...byConfig.keys()].sort((a, b) => a - b);
  return {
    runSeconds: configs.map((c) => avg(byConfig.get(c)!.map((t) => t.runSeconds))),
    secondsToBest: configs.map((c) => avg(byConfig.get(c)!.map((t) => t.secondsToBest))),
    secondsPerEpoch: configs.flatMap((c) => {
      const values = byConfig.get(c)!.flatMap((t) => (t.secondsPerEpoch === null ? [] : [t.secondsPerEpoch]));
      return values.length === 0 ? [] : [avg(values)];
    }),
    epochs: configs.map((c) => avg(epochsByConfig.get(c)!)),
    derived,
  };
}

/** Indices of the points no other point matches-or-beats on both (score up, seconds down) with one strict. */
export function paretoFront(points: readonly { score: number; seconds: number }[]): boolean[] {
  return points.map(
    (p, i) =>
      !points.some((q, j) => j !== i && q.score >= p.score && q.seconds <= p.seconds && (q.score > p.score || q.seconds < p.seconds)),
  );
}

function costRows(info: MiniExperimentInfo, cells: readonly Cell[], byActivation: ReadonlyMap<string, readonly LedgerRecord[]>): CostRow[] {
  const rows: CostRow[] = cells.map((cell) => {
    const records = byActivation.get(cell.activation) ?? [];
    const scoredConfigs = new Set(cell.scores.map((s) => s.configIndex));
    // The scored runs of the cell: exactly the runs behind its score statistics.
    const times = perConfiguration(
      records,
      (record) =>
        scoredConfigs.has(record.configIndex) &&
        (record.status === 'ok' || record.status === 'diverged') &&
        finite(record.test?.[info.metric]) &&
        finite(record.dev?.[info.metric]),
    );
    const tests = cell.scores.map((s) => s.test);
    return {
      miniExperiment: info.id,
      activation: cell.activation,
      runs: cell.runs.total,
      scoredRuns: cell.runs.scored,
      configurations: times.runSeconds.length,
      medianScore: cell.median,
      scoreLow: quart(tests, 0.25),
      scoreHigh: quart(tests, 0.75),
      medianSeconds: middle(times.runSeconds),
      secondsLow: quart(times.runSeconds, 0.25),
      secondsHigh: quart(times.runSeconds, 0.75),
      medianSecondsToBest: middle(times.secondsToBest),
      medianSecondsPerEpoch: middle(times.secondsPerEpoch),
      medianEpochs: middle(times.epochs),
      derivedTimes: times.derived,
      pareto: null,
      dominatedBy: [],
    };
  });
  const placed = rows.filter((row) => row.medianScore !== null && row.medianSeconds !== null);
  const points = placed.map((row) => ({ score: row.medianScore!, seconds: row.medianSeconds! }));
  const front = paretoFront(points);
  placed.forEach((row, i) => {
    row.pareto = front[i]!;
    row.dominatedBy = placed
      .filter(
        (_, j) =>
          j !== i &&
          points[j]!.score >= points[i]!.score &&
          points[j]!.seconds <= points[i]!.seconds &&
          (points[j]!.score > points[i]!.score || points[j]!.seconds < points[i]!.seconds),
      )
      .map((other) => other.activation);
  });
  return rows;
}

/** Cumulative counts of sorted values at each grid point: how many are ≤ it. */
function countsAt(sorted: readonly number[], grid: readonly number[]): number[] {
  let i = 0;
  return grid.map((t) => {
    // A small tolerance: summed epoch times and the grid's own arithmetic round differently.
    while (i < sorted.length && sorted[i]! <= t + 1e-9) i++;
    return i;
  });
}

/** The t by which half of `runs` runs have reached (the ⌈runs/2⌉-th fastest), or null when fewer than half do. */
export function halfTime(sortedReach: readonly number[], runs: number): number | null {
  const needed = Math.ceil(runs / 2);
  return runs > 0 && sortedReach.length >= needed ? sortedReach[needed - 1]! : null;
}

function timeToTarget(
  info: MiniExperimentInfo,
  cells: readonly Cell[],
  byActivation: ReadonlyMap<string, readonly LedgerRecord[]>,
): TimeToTarget {
  const all = cells.flatMap((cell) => byActivation.get(cell.activation) ?? []);
  const bestDevs = all
    .filter((r) => (r.status === 'ok' || r.status === 'diverged') && finite(r.dev?.[info.metric]) && finite(r.test?.[info.metric]))
    .map((r) => r.dev[info.metric]!);
  const target = bestDevs.length === 0 ? null : median(bestDevs);
  const maxEpochs = Math.max(0, ...all.map((r) => runTimes(r).epochSeconds.length));
  const epochGrid = Array.from({ length: maxEpochs }, (_, i) => i + 1);
  const reaches = cells.map((cell) => {
    const records = byActivation.get(cell.activation) ?? [];
    const reached =
      target === null
        ? []
        : records.flatMap((record) => {
            const reach = reachOf(record, info.metric, target);
            return reach === null ? [] : [reach];
          });
    return { cell, runs: records.length, reached };
  });
  const longest = Math.max(0, ...reaches.flatMap((r) => r.reached.map((x) => x.seconds)));
  const secondsGrid = longest > 0 ? Array.from({ length: SECONDS_GRID_POINTS }, (_, i) => (longest * i) / (SECONDS_GRID_POINTS - 1)) : [];
  const rows: TimeToTargetRow[] = reaches.map(({ cell, runs, reached }) => {
    const epochs = reached.map((r) => r.epochs).sort((a, b) => a - b);
    const seconds = reached.map((r) => r.seconds).sort((a, b) => a - b);
    return {
      miniExperiment: info.id,
      activation: cell.activation,
      runs,
      reached: reached.length,
      fraction: runs === 0 ? null : reached.length / runs,
      medianEpochs: middle(epochs),
      medianSeconds: middle(seconds),
      halfEpochs: halfTime(epochs, runs),
      halfSeconds: halfTime(seconds, runs),
      derived: reached.filter((r) => r.derived).length,
      byEpoch: runs === 0 ? [] : countsAt(epochs, epochGrid).map((c) => c / runs),
      bySeconds: runs === 0 ? [] : countsAt(seconds, secondsGrid).map((c) => c / runs),
    };
  });
  return { miniExperiment: info.id, metric: info.metric, target, targetRuns: bestDevs.length, epochGrid, secondsGrid, rows };
}

/** The cost section's data for every mini-experiment; `recordsByMini` as summarize.ts groups them. */
export function costSummary(
  miniExperiments: readonly MiniExperimentInfo[],
  cells: readonly Cell[],
  recordsByMini: ReadonlyMap<string, readonly LedgerRecord[]>,
): CostSummary {
  const perCell: CostRow[] = [];
  const timeToTargets: TimeToTarget[] = [];
  for (const info of miniExperiments) {
    const byActivation = new Map<string, LedgerRecord[]>();
    for (const record of recordsByMini.get(info.id) ?? []) {
      const list = byActivation.get(record.activation);
      if (list) list.push(record);
      else byActivation.set(record.activation, [record]);
    }
    const miniCells = cells.filter((cell) => cell.miniExperiment === info.id);
    perCell.push(...costRows(info, miniCells, byActivation));
    timeToTargets.push(timeToTarget(info, miniCells, byActivation));
  }
  return { perCell, timeToTarget: timeToTargets };
}
