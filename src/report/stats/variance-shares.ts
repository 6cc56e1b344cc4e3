// Where the spread of a mini-experiment's scores comes from: the share of the total sum of squares
// that each factor of the design (activation, configuration, data split) explains on its own
// (η² = SS_between / SS_total), and the share left between repeats of one job (its seed: initial
// weights, dropout, batch order), SS_within(activation × configuration × split) / SS_total. In a
// complete crossed design the factor shares and the within share add up to at most 1, the rest
// being interactions; with missing runs they are each still what they say, but need not add up.
import { requireNoNaN } from './validate.js';

export interface ScoredRun {
  activation: string;
  configIndex: number;
  splitIndex: number;
  score: number;
}

export interface VarianceShares {
  runs: number;
  /** Sample variance of all the runs' scores (n − 1). */
  totalVariance: number;
  /** η² of each factor alone; null when the factor has one level (nothing to explain). */
  activation: number | null;
  configuration: number | null;
  split: number | null;
  /**
   * Activation × configuration interaction: η² of their joint cells less both main effects (an
   * activation that suits some configurations more than others); exact in a balanced design,
   * null when either factor has one level.
   */
  interaction: number | null;
  /** Within-job share (repeats with different seeds); null when no job has two scored repeats. */
  seed: number | null;
}

function sumOfSquares(values: readonly number[], centre: number): number {
  let sum = 0;
  for (const value of values) sum += (value - centre) ** 2;
  return sum;
}

function groups(runs: readonly ScoredRun[], key: (run: ScoredRun) => string): number[][] {
  const byKey = new Map<string, number[]>();
  for (const run of runs) {
    const list = byKey.get(key(run));
    if (list) list.push(run.score);
    else byKey.set(key(run), [run.score]);
  }
  return [...byKey.values()];
}

const average = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

/** Null with fewer than two runs or no spread at all (every share would be 0/0). */
export function varianceShares(runs: readonly ScoredRun[]): VarianceShares | null {
  requireNoNaN(
    runs.map((run) => run.score),
    'varianceShares',
  );
  if (runs.length < 2) return null;
  const scores = runs.map((run) => run.score);
  const grand = average(scores);
  const total = sumOfSquares(scores, grand);
  if (!(total > 0)) return null;
  const between = (key: (run: ScoredRun) => string): number | null => {
    const levels = groups(runs, key);
    if (levels.length < 2) return null;
    return levels.reduce((sum, level) => sum + level.length * (average(level) - grand) ** 2, 0) / total;
  };
  const activation = between((run) => run.activation);
  const configuration = between((run) => String(run.configIndex));
  const joint = between((run) => `${run.activation}\u0000${run.configIndex}`);
  const interaction = activation === null || configuration === null || joint === null ? null : joint - activation - configuration;
  const jobs = groups(runs, (run) => `${run.activation}\u0000${run.configIndex}\u0000${run.splitIndex}`);
  const seed = jobs.some((job) => job.length > 1) ? jobs.reduce((sum, job) => sum + sumOfSquares(job, average(job)), 0) / total : null;
  return {
    runs: runs.length,
    totalVariance: total / (runs.length - 1),
    activation,
    configuration,
    interaction,
    split: between((run) => String(run.splitIndex)),
    seed,
  };
}
