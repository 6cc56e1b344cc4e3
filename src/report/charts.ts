// The report's charts as standalone SVG documents: inlined by the HTML page and also written as
// files (charts/*.svg) for papers and slides. Plain data in, markup out, via src/plot/.
import { boxPlotSvg } from '../plot/box-plot.js';
import { cdDiagramSvg } from '../plot/cd-diagram.js';
import { heatMapSvg } from '../plot/heat-map.js';
import { bestOfKCharts } from './best-of-k-report.js';
import { initialGradientChart } from './diagnostics-report.js';
import { boxSummary } from './box-stats.js';
import { timeToTargetCharts } from './cost-report.js';
import { formatScore } from './format.js';
import { profilesChart, winRateHeatMapChart } from './profile-report.js';
import type { FriedmanSummary, Measure, ReportSummary } from './types.js';

export interface Chart {
  /** File stem under charts/. */
  name: string;
  svg: string;
}

/** A file-name-safe stem for a mini-experiment id ('sequence-tagging/tl-am/trainFraction=0.05'). */
export function chartStem(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]+/g, '_');
}

/** `stem`, or `stem-2`, `stem-3`… when ids that differ only in punctuation map to the same stem. */
function uniqueStem(stem: string, used: Set<string>): string {
  let name = stem;
  for (let k = 2; used.has(name); k++) name = `${stem}-${k}`;
  used.add(name);
  return name;
}

/** One box plot per mini-experiment: each activation's configuration scores. */
export function boxPlotCharts(summary: ReportSummary): Chart[] {
  const cells = new Map(summary.cells.map((cell) => [`${cell.miniExperiment}\u0000${cell.activation}`, cell]));
  const used = new Set<string>();
  return summary.miniExperiments.map((mini) => {
    const baseline = mini.baseline?.value ?? null;
    const notInformative =
      mini.baselineCheck?.informative === false ? ' — NOT INFORMATIVE: most activations do not beat the trivial baseline' : '';
    return {
      name: uniqueStem(`box-${chartStem(mini.id)}`, used),
      svg: boxPlotSvg({
        boxes: summary.activations.map((activation) => {
          const cell = cells.get(`${mini.id}\u0000${activation}`);
          const box = boxSummary(
            activation,
            (cell?.scores ?? []).map((score) => score.test),
          );
          return cell?.vsBaseline?.belowBaseline === true ? { ...box, flagged: true } : box;
        }),
        title: `${mini.id}${notInformative}`,
        subtitle: `test ${mini.metric} of each configuration (repeats averaged); box: quartiles, whiskers: 1.5 IQR, ◆: mean${
          baseline === null ? '' : `; dashed line: trivial baseline; † and vermillion: median not above it`
        }`,
        xLabel: `test ${mini.metric}`,
        ...(baseline === null ? {} : { referenceLine: { value: baseline, label: `baseline ${formatScore(baseline)}` } }),
      }),
    };
  });
}

/** Ranks per activation (rows) and mini-experiment (columns), darker = better. */
export function rankHeatMapChart(summary: ReportSummary, measure: Measure): string {
  const ranking = summary.rankings[measure];
  return heatMapSvg({
    title: `Rank on ${measure}`,
    subtitle: '1 = best in the mini-experiment (darker is better); — no score',
    rowLabels: summary.activations,
    columnLabels: summary.miniExperiments.map((mini) => mini.id),
    values: summary.activations.map((activation) => summary.miniExperiments.map((mini) => ranking.ranks[mini.id]?.[activation] ?? null)),
    cellText: (value) => (Number.isInteger(value) ? String(value) : value.toFixed(1)),
    dark: 'low',
    domain: [1, Math.max(2, summary.activations.length)],
  });
}

/** The CD diagram of a Friedman summary, or null when the test was not run. */
export function cdDiagramChart(friedman: FriedmanSummary): string | null {
  if (friedman.skipped !== undefined || friedman.criticalDifference === null) return null;
  return cdDiagramSvg({
    ranks: friedman.activations.map((name) => ({ name, rank: friedman.averageRanks[name]! })),
    criticalDifference: friedman.criticalDifference,
    title: `Average rank on ${friedman.measure}`,
  });
}

/** Every chart of the report, for writing as files. */
export function allCharts(summary: ReportSummary): Chart[] {
  const charts = [...boxPlotCharts(summary)];
  for (const measure of ['best', 'mean'] as const) {
    charts.push({ name: `rank-heat-map-${measure}`, svg: rankHeatMapChart(summary, measure) });
    const cd = cdDiagramChart(summary.friedman[measure]);
    if (cd !== null) charts.push({ name: `cd-diagram-${measure}`, svg: cd });
  }
  const profiles = profilesChart(summary);
  if (profiles !== null) charts.push({ name: 'profiles', svg: profiles });
  const wins = winRateHeatMapChart(summary);
  if (wins !== null) charts.push({ name: 'win-rates', svg: wins });
  const used = new Set(charts.map((chart) => chart.name));
  for (const chart of bestOfKCharts(summary))
    charts.push({ name: uniqueStem(`best-of-k-${chartStem(chart.miniExperiment)}`, used), svg: chart.svg });
  for (const chart of timeToTargetCharts(summary))
    charts.push({ name: uniqueStem(`time-to-target-${chartStem(chart.miniExperiment)}`, used), svg: chart.svg });
  const gradients = initialGradientChart(summary);
  if (gradients !== null) charts.push({ name: 'diagnostics-initial-gradients', svg: gradients });
  return charts;
}
