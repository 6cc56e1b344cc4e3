// Scores beside the trivial predictor's: a mini-experiment where the activations do not beat
// "always the majority class" (or "each word's most frequent tag") measures the task setup, not
// the activations, and a reader must see that before reading its ranks.
//
// The ledger records the baseline per run (it depends on the data split, which older ledgers
// drew per job), so a mini-experiment's baseline is the median over its records, with the range
// shown when it varies. A configuration beats it when its test score (repeats averaged) is
// strictly above it; a cell is below the baseline when its median configuration does not beat it;
// a mini-experiment is not informative when more than half of the activations with a score are.
import type { LedgerRecord } from '../study/types.js';
import { median } from './stats/index.js';
import { formatScore } from './format.js';
import type { BaselineCheck, Cell, CellVsBaseline, MiniBaseline, MiniExperimentInfo } from './types.js';

export const BASELINE_METHODS: readonly string[] = [
  'The trivial baseline of a mini-experiment is the test score of the trivial predictor (the majority class; for tagging, each word’s most frequent training tag) on the score metric, as the ledger records it per run: its median over the records, with its range when the split differs between runs.',
  'A configuration beats the baseline when its test score (repeats averaged) is strictly above it; margin = score − baseline. A cell is marked † (below baseline) when its median configuration does not beat it; a mini-experiment is not informative when more than half of the activations with a score are marked.',
];

/** The baseline of one mini-experiment's records on `metric`. */
export function miniBaseline(records: readonly LedgerRecord[], metric: string): MiniBaseline {
  // Records are checked only for what resuming needs; a writer may have left the map out.
  const values = records
    .map((record) => record.baseline?.[metric])
    .filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
  if (values.length === 0) return { value: null, min: null, max: null, records: 0 };
  return { value: median(values), min: Math.min(...values), max: Math.max(...values), records: values.length };
}

/** One cell against a baseline value; null when there is no baseline. */
export function cellVsBaseline(cell: Pick<Cell, 'scores' | 'median'>, baseline: number | null): CellVsBaseline | null {
  if (baseline === null) return null;
  const margins = cell.scores.map((score) => score.test - baseline);
  return {
    baseline,
    beating: cell.scores.filter((score) => score.test > baseline).length,
    scored: cell.scores.length,
    medianMargin: margins.length > 0 ? median(margins) : null,
    // Compared on the median itself, so that a median equal to the baseline is never "above" by rounding.
    belowBaseline: cell.median === null ? null : !(cell.median > baseline),
  };
}

/** Whether a mini-experiment's activations beat its baseline, from its cells' checks. */
export function baselineCheck(cells: readonly Pick<Cell, 'activation' | 'vsBaseline'>[]): BaselineCheck {
  const checked = cells.filter((cell) => cell.vsBaseline !== null && cell.vsBaseline.belowBaseline !== null);
  const belowBaseline = checked.filter((cell) => cell.vsBaseline!.belowBaseline === true).map((cell) => cell.activation);
  return {
    scoredActivations: checked.length,
    belowBaseline,
    informative: checked.length === 0 ? null : belowBaseline.length * 2 <= checked.length,
  };
}

/** The baseline as a reader needs it: "tokenAccuracy 0.8304" or "accuracy 0.5000 (0.4000–0.6000 over runs)". */
export function describeBaseline(info: Pick<MiniExperimentInfo, 'metric' | 'baseline'>): string {
  const baseline = info.baseline;
  if (baseline === null || baseline.value === null) return `no ${info.metric} baseline recorded`;
  const range = baseline.min !== baseline.max ? ` (${formatScore(baseline.min)}–${formatScore(baseline.max)} over runs)` : '';
  return `${info.metric} ${formatScore(baseline.value)}${range}`;
}

/** The mini-experiments flagged not informative, one sentence each, for the top of a report. */
export function notInformativeLines(miniExperiments: readonly MiniExperimentInfo[]): string[] {
  return miniExperiments
    .filter((info) => info.baselineCheck?.informative === false)
    .map((info) => {
      const check = info.baselineCheck!;
      return `${info.id}: ${check.belowBaseline.length} of the ${check.scoredActivations} activations with a score have a median configuration score at or below the trivial baseline (${describeBaseline(info)}), so its scores and ranks say little about the activations.`;
    });
}
