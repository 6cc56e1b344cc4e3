// Every table of the report, built from the summary as plain rows of raw values, so that CSV can
// keep full precision while Markdown and HTML format for reading (src/report/format.ts).
import { renderCsv, renderMarkdown, type Column } from '../output/table.js';
import { bestOfKCrossingsTable, bestOfKTable } from './best-of-k-report.js';
import { formatValue, type ValueKind } from './format.js';
import { profilesTable, winCountsTable, winRatesTable } from './profile-report.js';
import type { Measure, ReportSummary } from './types.js';
import { equivalenceTable } from './equivalence-table.js';
import { claimsTable, scaleTable } from './claims/claims-report.js';
import { costTable, timeToTargetTable } from './cost-report.js';
import { diagnosticsTables } from './diagnostics-report.js';

export type TableValue = string | number | null;

export interface TableColumn {
  header: string;
  kind: ValueKind;
}

export interface ReportTable {
  /** File stem: `<name>.csv`, `<name>.md`. */
  name: string;
  title: string;
  /** One or two sentences saying what the table shows. */
  description: string;
  columns: TableColumn[];
  rows: TableValue[][];
  /**
   * rows[r][c] is a cell below the trivial baseline, shown with BELOW_BASELINE_MARK in Markdown
   * and HTML (CSV keeps the bare number; the stability table has the flag as its own column).
   */
  belowBaseline?: boolean[][];
}

/** Marks a cell whose median configuration does not beat the trivial baseline. */
export const BELOW_BASELINE_MARK = '†';
const MARK_NOTE = `${BELOW_BASELINE_MARK}: the median configuration does not beat the trivial baseline.`;

const text = (header: string): TableColumn => ({ header, kind: 'text' });
const score = (header: string): TableColumn => ({ header, kind: 'score' });
const rank = (header: string): TableColumn => ({ header, kind: 'rank' });
const count = (header: string): TableColumn => ({ header, kind: 'count' });

function cellLookup(summary: ReportSummary) {
  const cells = new Map(summary.cells.map((cell) => [`${cell.miniExperiment}\u0000${cell.activation}`, cell]));
  return (mini: string, activation: string) => cells.get(`${mini}\u0000${activation}`);
}

/** 'yes', 'no' or '' (unknown: no baseline, or nothing scored). */
export function informativeText(informative: boolean | null | undefined): string {
  return informative === true ? 'yes' : informative === false ? 'no' : '';
}

function miniExperimentsTable(summary: ReportSummary): ReportTable {
  return {
    name: 'mini-experiments',
    title: 'Mini-experiments',
    description:
      'Each mini-experiment (a task on a dataset under one setting), the test metric its scores are, how many sampled configurations the ledger holds, and its trivial baseline (majority class; for tagging, each word’s most frequent tag): the median over the runs, with its range. Not informative: more than half of the activations with a score have a median configuration that does not beat the baseline.',
    columns: [
      text('mini-experiment'),
      text('task'),
      text('dataset'),
      text('metric'),
      text('metric chosen by'),
      count('configurations'),
      score('baseline'),
      score('baseline min'),
      score('baseline max'),
      count('activations scored'),
      count('medians not above baseline'),
      text('informative'),
    ],
    rows: summary.miniExperiments.map((mini) => [
      mini.id,
      mini.task,
      mini.dataset,
      mini.metric,
      mini.metricSource,
      mini.configurations.length,
      mini.baseline?.value ?? null,
      mini.baseline?.min ?? null,
      mini.baseline?.max ?? null,
      mini.baselineCheck?.scoredActivations ?? null,
      mini.baselineCheck?.belowBaseline.length ?? null,
      informativeText(mini.baselineCheck?.informative),
    ]),
  };
}

function stabilityTable(summary: ReportSummary): ReportTable {
  const cellAt = cellLookup(summary);
  const rows: TableValue[][] = [];
  for (const mini of summary.miniExperiments) {
    for (const activation of summary.activations) {
      const cell = cellAt(mini.id, activation);
      rows.push([
        mini.id,
        activation,
        cell?.best ?? null,
        cell?.bestTest ?? null,
        cell?.mean ?? null,
        cell?.meanInterval?.low ?? null,
        cell?.meanInterval?.high ?? null,
        cell?.median ?? null,
        cell?.sd ?? null,
        cell?.iqr ?? null,
        cell?.worst ?? null,
        cell?.vsBaseline?.baseline ?? null,
        cell?.vsBaseline ? cell.vsBaseline.beating : null,
        cell?.vsBaseline?.medianMargin ?? null,
        cell?.vsBaseline?.belowBaseline === true ? BELOW_BASELINE_MARK : '',
        cell?.configurations.scored ?? 0,
        cell?.configurations.total ?? 0,
        cell?.runs.total ?? 0,
        cell?.runs.diverged ?? 0,
        cell?.runs.failed ?? 0,
        cell?.runs.timeout ?? 0,
      ]);
    }
  }
  return {
    name: 'stability',
    title: 'Stability table',
    description: `Per activation and mini-experiment: best (test score of the best-dev configuration), best test (highest test score over configurations, selected on test), and the distribution of configuration scores; then the trivial baseline, how many scored configurations beat it and the median margin (score − baseline). Diverged runs scored at their best epoch count as scored; failed and timed-out runs are counted, not scored. ${MARK_NOTE}`,
    columns: [
      text('mini-experiment'),
      text('activation'),
      score('best'),
      score('best test'),
      score('mean'),
      score('mean 95% low'),
      score('mean 95% high'),
      score('median'),
      score('sd'),
      score('IQR'),
      score('worst'),
      score('baseline'),
      count('configs beating baseline'),
      { header: 'median margin', kind: 'delta' },
      text('below baseline'),
      count('configs scored'),
      count('configs'),
      count('runs'),
      count('diverged'),
      count('failed'),
      count('timeout'),
    ],
    rows,
  };
}

function scoreMatrix(summary: ReportSummary, measure: Measure): ReportTable {
  const cellAt = cellLookup(summary);
  return {
    name: measure,
    title: measure === 'best' ? 'Best score by mini-experiment' : 'Mean score by mini-experiment',
    description: `${
      measure === 'best'
        ? 'Test score of the configuration with the best dev score, per activation (rows) and mini-experiment (columns); — where the activation has no score.'
        : 'Mean test score over the scored configurations (E18’s stability measure); — where the activation has no score.'
    } ${MARK_NOTE}`,
    belowBaseline: summary.activations.map((activation) => [
      false,
      ...summary.miniExperiments.map((mini) => cellAt(mini.id, activation)?.vsBaseline?.belowBaseline === true),
      false,
    ]),
    columns: [text('activation'), ...summary.miniExperiments.map((mini) => score(mini.id)), rank('average rank')],
    rows: summary.activations.map((activation) => [
      activation,
      ...summary.miniExperiments.map((mini) => {
        const cell = cellAt(mini.id, activation);
        return (measure === 'best' ? cell?.best : cell?.mean) ?? null;
      }),
      summary.rankings[measure].averageRank[activation]?.rank ?? null,
    ]),
  };
}

function rankTable(summary: ReportSummary, measure: Measure): ReportTable {
  const ranking = summary.rankings[measure];
  return {
    name: `rank-${measure}`,
    title: `Ranks on ${measure}`,
    description: `Rank of each activation within each mini-experiment on ${measure} (1 = best, ties share the mean rank); — where it has no score. The last columns average over the mini-experiments where it has one.`,
    columns: [text('activation'), ...summary.miniExperiments.map((mini) => rank(mini.id)), rank('average rank'), count('mini-experiments')],
    rows: summary.activations.map((activation) => [
      activation,
      ...summary.miniExperiments.map((mini) => ranking.ranks[mini.id]?.[activation] ?? null),
      ranking.averageRank[activation]?.rank ?? null,
      ranking.averageRank[activation]?.miniExperiments ?? 0,
    ]),
  };
}

function top3Table(summary: ReportSummary): ReportTable {
  const rows = [...summary.top3].sort(
    (a, b) =>
      b.top3Best - a.top3Best ||
      b.top3Mean - a.top3Mean ||
      (a.averageRankBest ?? Infinity) - (b.averageRankBest ?? Infinity) ||
      summary.activations.indexOf(a.activation) - summary.activations.indexOf(b.activation),
  );
  return {
    name: 'top3',
    title: 'Top-3 counts',
    description: `How often each activation is among the three best of the ${summary.miniExperiments.length} mini-experiments (E18’s Table 5 form), on best and on mean; wins; average ranks.`,
    columns: [
      text('activation'),
      count('top-3 best'),
      count('top-3 mean'),
      count('wins best'),
      count('wins mean'),
      rank('average rank best'),
      rank('average rank mean'),
      count('mini-experiments'),
    ],
    rows: rows.map((row) => [
      row.activation,
      row.top3Best,
      row.top3Mean,
      row.winsBest,
      row.winsMean,
      row.averageRankBest,
      row.averageRankMean,
      row.ranked,
    ]),
  };
}

function winnersTable(summary: ReportSummary): ReportTable {
  return {
    name: 'winners',
    title: 'Winners',
    description: 'The activation(s) ranked first in each mini-experiment (several when tied).',
    columns: [text('mini-experiment'), text('winner on best'), text('winner on mean')],
    rows: summary.miniExperiments.map((mini) => [
      mini.id,
      (summary.rankings.best.winners[mini.id] ?? []).join(', '),
      (summary.rankings.mean.winners[mini.id] ?? []).join(', '),
    ]),
  };
}

function referenceTestsTable(summary: ReportSummary): ReportTable {
  return {
    name: 'reference-tests',
    title: `Paired tests against ${summary.reference}`,
    description: `Wilcoxon signed-rank test of each activation against ${summary.reference} over the configurations both scored, per mini-experiment; p Holm is adjusted over all comparisons here; verdicts at α = ${summary.alpha}.`,
    columns: [
      text('mini-experiment'),
      text('activation'),
      count('shared configs'),
      count('n'),
      { header: 'V', kind: 'statistic' },
      { header: 'p', kind: 'p' },
      { header: 'p Holm', kind: 'p' },
      { header: 'median diff', kind: 'delta' },
      { header: 'mean diff', kind: 'delta' },
      text('verdict'),
      text('note'),
    ],
    rows: summary.referenceComparisons.map((row) => [
      row.miniExperiment,
      row.activation,
      row.sharedConfigurations,
      row.n,
      row.statistic,
      row.pValue,
      row.pHolm,
      row.medianDifference,
      row.meanDifference,
      row.verdict,
      row.note ?? '',
    ]),
  };
}

function pooledReferenceTestsTable(summary: ReportSummary): ReportTable {
  return {
    name: 'pooled-reference-tests',
    title: `Pooled tests against ${summary.reference} over all mini-experiments`,
    description: `Each activation against ${summary.reference} over every configuration both scored in every mini-experiment: the stratified Wilcoxon signed-rank test (|differences| ranked within each mini-experiment, so scale-free); p Holm is adjusted over the activations here (a family apart from the per-mini-experiment tests); verdicts at α = ${summary.alpha}. The plain signed-rank p of the pooled differences (ranked together) is shown for comparison, unadjusted.`,
    columns: [
      text('activation'),
      count('mini-experiments'),
      count('pairs'),
      count('n'),
      count('ahead'),
      count('behind'),
      { header: 'V', kind: 'statistic' },
      { header: 'E[V]', kind: 'statistic' },
      { header: 'p', kind: 'p' },
      { header: 'p Holm', kind: 'p' },
      { header: 'median diff', kind: 'delta' },
      { header: 'mean diff', kind: 'delta' },
      { header: 'p plain (pooled ranks)', kind: 'p' },
      text('verdict'),
      text('note'),
    ],
    rows: (summary.pooledReferenceComparisons ?? []).map((row) => [
      row.activation,
      row.miniExperiments,
      row.pairs,
      row.n,
      row.ahead,
      row.behind,
      row.statistic,
      row.expected,
      row.pValue,
      row.pHolm,
      row.medianDifference,
      row.meanDifference,
      row.unstratified?.pValue ?? null,
      row.verdict,
      row.note ?? '',
    ]),
  };
}

function friedmanTable(summary: ReportSummary): ReportTable {
  const measures: Measure[] = ['mean', 'best'];
  return {
    name: 'friedman',
    title: 'Friedman test over mini-experiments',
    description:
      'All activations with a score in every mini-experiment, compared at once with the mini-experiments as blocks; the Nemenyi critical difference (CD) is the gap in average rank that is significant.',
    columns: [
      text('measure'),
      count('activations'),
      count('mini-experiments'),
      { header: 'chi-square', kind: 'statistic' },
      count('df'),
      { header: 'p', kind: 'p' },
      { header: 'Iman–Davenport F', kind: 'statistic' },
      { header: 'p (F)', kind: 'p' },
      { header: 'CD', kind: 'statistic' },
      text('left out'),
      text('note'),
    ],
    rows: measures.map((measure) => {
      const f = summary.friedman[measure];
      return [
        measure,
        f.activations.length,
        f.blocks,
        f.statistic,
        f.df,
        f.pValue,
        f.imanDavenport?.statistic ?? null,
        f.imanDavenport?.pValue ?? null,
        f.criticalDifference,
        f.excluded.map((e) => e.activation).join(', '),
        f.skipped ?? '',
      ];
    }),
  };
}

function friedmanRanksTable(summary: ReportSummary): ReportTable {
  return {
    name: 'friedman-ranks',
    title: 'Average ranks in the Friedman test',
    description:
      'Average rank over the mini-experiments among the activations the Friedman test compares (what the CD diagram places); — for activations it leaves out.',
    columns: [text('activation'), rank('average rank on mean'), rank('average rank on best')],
    rows: summary.activations.map((activation) => [
      activation,
      summary.friedman.mean.averageRanks[activation] ?? null,
      summary.friedman.best.averageRanks[activation] ?? null,
    ]),
  };
}

function regressionTable(summary: ReportSummary): ReportTable {
  const rows: TableValue[][] = [];
  for (const regression of summary.sensitivity.regressions) {
    if (regression.skipped !== undefined) {
      rows.push([regression.miniExperiment, regression.activation, regression.n, null, '', null, null, null, null, regression.skipped]);
      continue;
    }
    for (const c of regression.coefficients) {
      rows.push([
        regression.miniExperiment,
        regression.activation,
        regression.n,
        regression.rSquared,
        c.name,
        c.estimate,
        c.standardError,
        c.t,
        c.pValue,
        '',
      ]);
    }
  }
  return {
    name: 'regression',
    title: 'Hyperparameter sensitivity (regression coefficients)',
    description:
      'Least-squares coefficients of test score on the hyperparameters, per activation and mini-experiment (log of sizes, dummies for categories); a row with a note where no regression was fitted.',
    columns: [
      text('mini-experiment'),
      text('activation'),
      count('configs'),
      { header: 'R²', kind: 'statistic' },
      text('term'),
      { header: 'estimate', kind: 'statistic' },
      { header: 'std. error', kind: 'statistic' },
      { header: 't', kind: 'statistic' },
      { header: 'p', kind: 'p' },
      text('note'),
    ],
    rows,
  };
}

function depthTable(summary: ReportSummary): ReportTable {
  const depth = summary.sensitivity.depth;
  return {
    name: 'depth',
    title: 'Depth coefficient by activation',
    description:
      depth.length > 0
        ? 'The regression coefficient of the number of layers: the change in test score per extra layer, other hyperparameters held fixed (E18: every function degrades with depth, swish least); — where not fitted.'
        : 'No mini-experiment varies the number of layers over enough configurations to fit it.',
    columns: [text('activation'), ...depth.map((d) => ({ header: `${d.miniExperiment} (${d.term})`, kind: 'statistic' as const }))],
    rows:
      depth.length > 0
        ? summary.activations.map((activation) => [activation, ...depth.map((d) => d.byActivation[activation]?.estimate ?? null)])
        : [],
  };
}

/** Every table of the report, in the order the HTML shows them. */
export function reportTables(summary: ReportSummary): ReportTable[] {
  return [
    miniExperimentsTable(summary),
    claimsTable(summary),
    scaleTable(summary),
    stabilityTable(summary),
    scoreMatrix(summary, 'best'),
    scoreMatrix(summary, 'mean'),
    rankTable(summary, 'best'),
    rankTable(summary, 'mean'),
    top3Table(summary),
    winnersTable(summary),
    referenceTestsTable(summary),
    pooledReferenceTestsTable(summary),
    friedmanTable(summary),
    friedmanRanksTable(summary),
    regressionTable(summary),
    depthTable(summary),
    varianceTable(summary),
    profilesTable(summary),
    winRatesTable(summary),
    winCountsTable(summary),
    bestOfKTable(summary),
    bestOfKCrossingsTable(summary),
    equivalenceTable(summary),
    costTable(summary),
    timeToTargetTable(summary),
    ...diagnosticsTables(summary),
  ];
}

function varianceTable(summary: ReportSummary): ReportTable {
  const share = (header: string): TableColumn => ({ header, kind: 'statistic' });
  return {
    name: 'variance',
    title: 'Where the spread comes from',
    description:
      'Per mini-experiment, the share of the variance of its scored runs that each source explains on its own: the activation, the sampled configuration, their interaction, the data split (only when the study asks for several) and the seed (repeats of one job). A large configuration share and a small activation share mean the hyperparameters matter more than the activation. With one repeat per job the seed’s noise cannot be told apart and sits in the interaction; — where a source does not vary.',
    columns: [
      text('mini-experiment'),
      count('runs'),
      { header: 'sd', kind: 'score' },
      share('activation'),
      share('configuration'),
      share('activation × configuration'),
      share('split'),
      share('seed'),
    ],
    rows: (summary.variance ?? []).map(({ miniExperiment, shares }) => [
      miniExperiment,
      shares?.runs ?? null,
      shares === null ? null : Math.sqrt(shares.totalVariance),
      shares?.activation ?? null,
      shares?.configuration ?? null,
      shares?.interaction ?? null,
      shares?.split ?? null,
      shares?.seed ?? null,
    ]),
  };
}

type IndexedRow = { row: TableValue[]; r: number };

function columnsFor(table: ReportTable, show: (value: TableValue, kind: ValueKind, marked: boolean) => string): Column<IndexedRow>[] {
  return table.columns.map((column, i) => ({
    header: column.header,
    numeric: column.kind !== 'text',
    value: ({ row, r }) => show(row[i] ?? null, column.kind, table.belowBaseline?.[r]?.[i] === true),
  }));
}

const indexed = (table: ReportTable): IndexedRow[] => table.rows.map((row, r) => ({ row, r }));

/** A value as people read it (Markdown, HTML), with the below-baseline mark where it applies. */
export function displayValue(value: TableValue, kind: ValueKind, marked: boolean): string {
  const shown = formatValue(value, kind);
  return marked ? `${shown} ${BELOW_BASELINE_MARK}` : shown;
}

/** CSV with full precision; an absent value is an empty field. */
export function tableCsv(table: ReportTable): string {
  return renderCsv(
    columnsFor(table, (value) => (value === null ? '' : typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value)),
    indexed(table),
  );
}

export function tableMarkdown(table: ReportTable): string {
  return `## ${table.title}\n\n${table.description}\n\n${renderMarkdown(columnsFor(table, displayValue), indexed(table))}`;
}
