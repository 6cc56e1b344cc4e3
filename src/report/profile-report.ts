// Tables and charts of the stability profiles and win rates (src/report/profiles.ts).
import { heatMapSvg } from '../plot/heat-map.js';
import { lineChartSvg } from '../plot/line-chart.js';
import { winRate } from './profiles.js';
import type { ReportTable, TableColumn } from './tables.js';
import type { ReportSummary } from './types.js';

/** The τ values the profile table shows (the CSV of every τ is the chart's data in summary.json). */
export const PROFILE_TABLE_TAUS: readonly number[] = [0, 0.01, 0.02, 0.05, 0.1, 0.2];

const tauLabel = (tau: number): string => `τ = ${tau}`;

export function profilesTable(summary: ReportSummary): ReportTable {
  const profiles = summary.profiles;
  const grid = profiles?.tauGrid ?? [];
  const taus = PROFILE_TABLE_TAUS.filter((tau) => grid.some((g) => Math.abs(g - tau) < 1e-12));
  const at = (fractions: readonly number[], tau: number): number | null =>
    fractions[grid.findIndex((g) => Math.abs(g - tau) < 1e-12)] ?? null;
  const rows = [...(profiles?.rows ?? [])].sort(
    (a, b) => (b.area ?? -1) - (a.area ?? -1) || summary.activations.indexOf(a.activation) - summary.activations.indexOf(b.activation),
  );
  const last = grid[grid.length - 1];
  return {
    name: 'profiles',
    title: 'Stability profiles',
    description: `Per activation, the fraction of (mini-experiment, configuration) cells where it scores within τ of the best activation on that cell (test score, repeats averaged; cells where at least two activations scored). No score on a configuration of a mini-experiment it runs on counts as never within τ; a mini-experiment it has no runs on does not count. Area: under the curve over τ = 0 … ${last ?? '—'}, normalised to [0, 1] (1: always the best). Sorted by area.`,
    columns: [
      { header: 'activation', kind: 'text' },
      { header: 'area', kind: 'statistic' },
      { header: 'cells', kind: 'count' },
      { header: 'no score', kind: 'count' },
      ...taus.map((tau): TableColumn => ({ header: tauLabel(tau), kind: 'statistic' })),
    ],
    rows: rows.map((row) => [row.activation, row.area, row.cells, row.failures, ...taus.map((tau) => at(row.fractions, tau))]),
  };
}

export function winRatesTable(summary: ReportSummary): ReportTable {
  const rates = summary.winRates;
  const names = rates?.activations ?? [];
  return {
    name: 'win-rates',
    title: 'Win rates',
    description:
      'How often the row activation beats the column activation on the same (mini-experiment, configuration, repeat, split): wins / (wins + losses) over the runs both scored, ties left out (they are counted in the last columns: the row’s ties and comparisons against all others); — on the diagonal and where the two never differ.',
    columns: [
      { header: 'activation', kind: 'text' },
      ...names.map((name): TableColumn => ({ header: name, kind: 'statistic' })),
      { header: 'wins', kind: 'count' },
      { header: 'losses', kind: 'count' },
      { header: 'ties', kind: 'count' },
    ],
    rows: names.map((name, a) => [
      name,
      ...names.map((_, b) => (rates ? winRate(rates, a, b) : null)),
      (rates?.wins[a] ?? []).reduce((s, v) => s + v, 0),
      (rates?.losses[a] ?? []).reduce((s, v) => s + v, 0),
      (rates?.ties[a] ?? []).reduce((s, v) => s + v, 0),
    ]),
  };
}

/** Every pair's counts, one row per ordered pair: the raw numbers behind the matrix. */
export function winCountsTable(summary: ReportSummary): ReportTable {
  const rates = summary.winRates;
  const names = rates?.activations ?? [];
  const rows: (string | number | null)[][] = [];
  if (rates) {
    names.forEach((a, i) =>
      names.forEach((b, j) => {
        if (i === j) return;
        const w = rates.wins[i]![j]!;
        const l = rates.losses[i]![j]!;
        const t = rates.ties[i]![j]!;
        rows.push([a, b, w, l, t, w + l + t, winRate(rates, i, j)]);
      }),
    );
  }
  return {
    name: 'win-counts',
    title: 'Win counts per pair',
    description:
      'For each ordered pair, the runs (same mini-experiment, configuration, repeat, split, both scored) where the first beats, loses to and ties the second; n = all three; rate = wins / (wins + losses).',
    columns: [
      { header: 'activation', kind: 'text' },
      { header: 'against', kind: 'text' },
      { header: 'wins', kind: 'count' },
      { header: 'losses', kind: 'count' },
      { header: 'ties', kind: 'count' },
      { header: 'n', kind: 'count' },
      { header: 'win rate', kind: 'statistic' },
    ],
    rows,
  };
}

/** The profile curves, one line per activation; null when the summary has none. */
export function profilesChart(summary: ReportSummary): string | null {
  const profiles = summary.profiles;
  if (!profiles || profiles.rows.every((row) => row.area === null)) return null;
  return lineChartSvg({
    title: 'Stability profiles',
    subtitle: 'fraction of (mini-experiment, configuration) cells within τ of the best activation there; higher and further left is better',
    xs: profiles.tauGrid,
    series: profiles.rows
      .filter((row) => row.area !== null)
      .map((row) => ({ name: `${row.activation} (${row.area!.toFixed(3)})`, ys: row.fractions })),
    xLabel: 'τ (test score below the best)',
    yLabel: 'fraction of cells',
    yRange: [0, 1],
    width: 720,
    height: 460,
  });
}

/** The win-rate matrix as a heat map (row beats column), or null when there is none. */
export function winRateHeatMapChart(summary: ReportSummary): string | null {
  const rates = summary.winRates;
  if (!rates || rates.activations.length < 2) return null;
  return heatMapSvg({
    title: 'Win rates',
    subtitle:
      'row beats column on the same mini-experiment, configuration, repeat and split: wins / (wins + losses); darker = row wins more; — the diagonal, or never a difference',
    rowLabels: rates.activations,
    columnLabels: rates.activations,
    values: rates.activations.map((_, a) => rates.activations.map((__, b) => winRate(rates, a, b))),
    domain: [0, 1],
  });
}
