// The practical-equivalence table: pooled rows first, then one per mini-experiment and activation.
import type { ReportTable, TableColumn } from './tables.js';
import type { ReportSummary } from './types.js';

const column = (header: string, kind: TableColumn['kind']): TableColumn => ({ header, kind });

export function equivalenceTable(summary: ReportSummary): ReportTable {
  const equivalence = summary.equivalence;
  const rows = equivalence === undefined ? [] : [...equivalence.pooled, ...equivalence.perMiniExperiment];
  return {
    name: 'equivalence',
    title: `Practical equivalence with ${summary.reference}`,
    description:
      equivalence === undefined
        ? 'Not in this summary (written before the Bayesian signed-rank test existed).'
        : `Bayesian signed-rank test (Benavoli et al. 2017) of each activation − ${summary.reference} on the paired configurations, rope ±${equivalence.rope} score units: posterior probabilities that the activation is better by more than the rope, practically equivalent, or worse by more; a verdict at ≥ ${equivalence.probability}, else uncertain. "all" pools the differences of every mini-experiment (their scales differ).`,
    columns: [
      column('mini-experiment', 'text'),
      column('activation', 'text'),
      column('pairs', 'count'),
      column('mean diff', 'delta'),
      column('P(better)', 'p'),
      column('P(equivalent)', 'p'),
      column('P(worse)', 'p'),
      column('verdict', 'text'),
      column('note', 'text'),
    ],
    rows: rows.map((row) => [
      row.miniExperiment ?? 'all',
      row.activation,
      row.pairs,
      row.meanDifference,
      row.pBetter,
      row.pEquivalent,
      row.pWorse,
      row.verdict,
      row.note ?? '',
    ]),
  };
}
