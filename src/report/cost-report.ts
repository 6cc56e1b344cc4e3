// The cost section of the report: its two tables and one time-to-target chart per mini-experiment,
// from the summary's `cost` (absent in older summaries: empty then), and the recommendation lines.
import { lineChartSvg, type Series } from '../plot/line-chart.js';
import { formatScore } from './format.js';
import type { ReportTable, TableColumn } from './tables.js';
import type { ReportSummary } from './types.js';

/** Curves drawn per chart: the activations whose runs reach the target most often, plus the reference. */
export const COST_CHART_TOP = 5;

const column = (header: string, kind: TableColumn['kind']): TableColumn => ({ header, kind });

export function costTable(summary: ReportSummary): ReportTable {
  const rows = summary.cost?.perCell ?? [];
  const derived = rows.reduce((sum, row) => sum + row.derivedTimes, 0);
  return {
    name: 'cost',
    title: 'Score against training time',
    description: `Per activation and mini-experiment: the median test score over configurations with its quartiles, and the wall time it cost: seconds of a whole run, of the epochs up to the best-dev one, and per epoch (each averaged over a configuration’s scored repeats, then the median over configurations, quartiles for run seconds). Pareto: not dominated on (median test score, median run seconds) within the mini-experiment; "dominated by" lists who is at least as good on both and better on one. Wall times vary with the machine’s load: compare them within a mini-experiment, beside their quartiles.${derived > 0 ? ` ${derived} scored run(s) have no per-epoch times in the ledger: their epoch times are derived as seconds / epochs (the "derived" column).` : ''}`,
    columns: [
      column('mini-experiment', 'text'),
      column('activation', 'text'),
      column('runs', 'count'),
      column('scored runs', 'count'),
      column('configs', 'count'),
      column('median test', 'score'),
      column('test Q1', 'score'),
      column('test Q3', 'score'),
      column('median run s', 'statistic'),
      column('run s Q1', 'statistic'),
      column('run s Q3', 'statistic'),
      column('median s to best epoch', 'statistic'),
      column('median s per epoch', 'statistic'),
      column('median epochs', 'statistic'),
      column('derived', 'count'),
      column('Pareto', 'text'),
      column('dominated by', 'text'),
    ],
    rows: rows.map((row) => [
      row.miniExperiment,
      row.activation,
      row.runs,
      row.scoredRuns,
      row.configurations,
      row.medianScore,
      row.scoreLow,
      row.scoreHigh,
      row.medianSeconds,
      row.secondsLow,
      row.secondsHigh,
      row.medianSecondsToBest,
      row.medianSecondsPerEpoch,
      row.medianEpochs,
      row.derivedTimes,
      row.pareto === null ? '' : row.pareto ? 'front' : 'dominated',
      row.dominatedBy.join(', '),
    ]),
  };
}

export function timeToTargetTable(summary: ReportSummary): ReportTable {
  const rows = (summary.cost?.timeToTarget ?? []).flatMap((mini) => mini.rows.map((row) => ({ mini, row })));
  return {
    name: 'time-to-target',
    title: 'Time to a target dev score',
    description:
      'The target of each mini-experiment is the median best dev score over all its scored runs (every activation), so about half of them reach it; dev, since the ledger records test only at the best-dev epoch. Reached: runs whose dev score reaches the target at some epoch (diverged, failed and timed-out runs never count), out of all the cell’s runs; the medians are over the runs that reach it; "half" is when half of all the cell’s runs have (— when fewer than half ever do). Seconds are summed epoch wall times (training and dev scoring).',
    columns: [
      column('mini-experiment', 'text'),
      column('activation', 'text'),
      column('target (dev)', 'score'),
      column('target runs', 'count'),
      column('runs', 'count'),
      column('reached', 'count'),
      column('fraction', 'statistic'),
      column('median epochs', 'statistic'),
      column('median s', 'statistic'),
      column('half: epochs', 'statistic'),
      column('half: s', 'statistic'),
      column('derived', 'count'),
    ],
    rows: rows.map(({ mini, row }) => [
      row.miniExperiment,
      row.activation,
      mini.target,
      mini.targetRuns,
      row.runs,
      row.reached,
      row.fraction,
      row.medianEpochs,
      row.medianSeconds,
      row.halfEpochs,
      row.halfSeconds,
      row.derived,
    ]),
  };
}

/** One chart per mini-experiment with a target: fraction of runs at the target against seconds of training. */
export function timeToTargetCharts(summary: ReportSummary): { miniExperiment: string; svg: string }[] {
  const charts: { miniExperiment: string; svg: string }[] = [];
  const front = new Set(
    (summary.cost?.perCell ?? []).filter((row) => row.pareto === true).map((row) => `${row.miniExperiment}\u0000${row.activation}`),
  );
  for (const mini of summary.cost?.timeToTarget ?? []) {
    if (mini.target === null || mini.secondsGrid.length === 0) continue;
    const rows = mini.rows.filter((row) => row.runs > 0);
    const shown = [...rows]
      .sort((a, b) => (b.fraction ?? 0) - (a.fraction ?? 0) || (a.halfSeconds ?? Infinity) - (b.halfSeconds ?? Infinity))
      .slice(0, COST_CHART_TOP);
    const ref = rows.find((row) => row.activation === summary.reference);
    if (ref && !shown.includes(ref)) shown.push(ref);
    const series: Series[] = shown.map((row) => ({
      name: `${row.activation}${row.activation === summary.reference ? ' (reference)' : ''}${front.has(`${mini.miniExperiment}\u0000${row.activation}`) ? ' ★' : ''}`,
      xs: mini.secondsGrid,
      ys: row.bySeconds,
    }));
    charts.push({
      miniExperiment: mini.miniExperiment,
      svg: lineChartSvg({
        series,
        title: `${mini.miniExperiment}: time to dev ${mini.metric} ≥ ${formatScore(mini.target)}`,
        subtitle: `fraction of all runs (failed and diverged never reach it) whose dev score has reached the target (the median best dev score of the mini-experiment’s ${mini.targetRuns} scored runs) within t seconds of training; the top ${COST_CHART_TOP} by fraction reached${ref ? ' and the reference' : ''}; ★ on the Pareto front of median test score and median run seconds`,
        xLabel: 'seconds of training (summed epoch wall times)',
        yLabel: 'fraction of runs',
        yRange: [0, 1],
        width: 560,
        height: 380,
      }),
    });
  }
  return charts;
}
