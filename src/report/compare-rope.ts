// `actbench compare --rope`: the Bayesian signed-rank test with a rope on new − old of the
// configurations both studies ran (paired as `compare` pairs them: same index, same
// hyperparameters), per cell and pooled per activation over the mini-experiments; a regression
// when P(new worse by more than the rope) is above a threshold.
import { configurationKeys, pairScores } from './compare.js';
import { equivalenceRow, type EquivalenceRow } from './equivalence.js';
import { formatDelta } from './format.js';
import type { ReportSummary } from './types.js';

export const DEFAULT_ROPE_REGRESSION_PROBABILITY = 0.95;

export interface RopeComparison {
  rope: number;
  /** P(new worse) above which a row is a regression. */
  probability: number;
  /** Rows with activation = the activation, reference = 'old'; pBetter = P(new better). */
  cells: EquivalenceRow[];
  pooled: EquivalenceRow[];
  regressions: EquivalenceRow[];
}

export function compareWithRope(
  oldSummary: ReportSummary,
  newSummary: ReportSummary,
  rope: number,
  probability: number = DEFAULT_ROPE_REGRESSION_PROBABILITY,
  samples?: number,
): RopeComparison {
  const oldInfo = new Map(oldSummary.miniExperiments.map((info) => [info.id, info]));
  const newInfo = new Map(newSummary.miniExperiments.map((info) => [info.id, info]));
  const newCells = new Map(newSummary.cells.map((cell) => [`${cell.miniExperiment}\u0000${cell.activation}`, cell]));
  const cells: EquivalenceRow[] = [];
  const byActivation = new Map<string, number[]>();
  for (const oldCell of oldSummary.cells) {
    const newCell = newCells.get(`${oldCell.miniExperiment}\u0000${oldCell.activation}`);
    const before = oldInfo.get(oldCell.miniExperiment);
    const after = newInfo.get(oldCell.miniExperiment);
    if (newCell === undefined || before === undefined || after === undefined || before.metric !== after.metric) continue;
    const paired = pairScores(oldCell, newCell, configurationKeys(before), configurationKeys(after));
    const differences = paired.after.map((value, i) => value - paired.before[i]!);
    cells.push(equivalenceRow(oldCell.miniExperiment, oldCell.activation, 'old', differences, rope, 1, samples));
    byActivation.set(oldCell.activation, [...(byActivation.get(oldCell.activation) ?? []), ...differences]);
  }
  const pooled = [...byActivation].map(([activation, differences]) =>
    equivalenceRow(null, activation, 'old', differences, rope, 1, samples),
  );
  const regressions = [...pooled, ...cells].filter((row) => row.pWorse !== null && row.pWorse > probability);
  return { rope, probability, cells, pooled, regressions };
}

const p = (value: number | null): string => (value === null ? '—' : value.toFixed(3));

export function ropeComparisonMarkdown(comparison: RopeComparison): string {
  const lines = [
    `## Practical equivalence (Bayesian signed-rank test, rope ±${comparison.rope})`,
    '',
    `new − old on the configurations both ran; a regression when P(new worse by more than ${comparison.rope}) > ${comparison.probability}. "all" pools an activation's differences over the mini-experiments (their scales differ).`,
    '',
    '| mini-experiment | activation | pairs | mean diff | P(new better) | P(equivalent) | P(new worse) | regression |',
    '|---|---|---:|---:|---:|---:|---:|---|',
  ];
  for (const row of [...comparison.pooled, ...comparison.cells]) {
    const regression = row.pWorse !== null && row.pWorse > comparison.probability;
    lines.push(
      `| ${row.miniExperiment ?? 'all'} | ${row.activation} | ${row.pairs} | ${formatDelta(row.meanDifference)} | ${p(row.pBetter)} | ${p(row.pEquivalent)} | ${p(row.pWorse)} | ${regression ? '**yes**' : (row.note ?? '')} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
