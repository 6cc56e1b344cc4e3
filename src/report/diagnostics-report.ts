// Tables, the chart and the HTML section of the diagnostics (src/report/diagnostics.ts). Each
// comes out empty when the summary has no diagnostics, and the section says so in one line.
import { heatMapSvg } from '../plot/heat-map.js';
import { escapeXml } from '../plot/svg.js';
import { NO_DIAGNOSTICS_NOTE } from './diagnostics.js';
import type { ReportTable, TableColumn } from './tables.js';
import type { ReportSummary } from './types.js';

const text = (header: string): TableColumn => ({ header, kind: 'text' });
const count = (header: string): TableColumn => ({ header, kind: 'count' });
const statistic = (header: string): TableColumn => ({ header, kind: 'statistic' });

export function diagnosticPredictionTable(summary: ReportSummary): ReportTable {
  return {
    name: 'diagnostics-prediction',
    title: 'Do the diagnostics at initialisation predict the outcome?',
    description:
      'Per mini-experiment and diagnostic at initialisation: how many runs diverged and how many did not, the ROC AUC for divergence (0.5 no information; above 0.5 larger values go with divergence; — not computable, when one of the two groups is empty), and Spearman’s ρ between the diagnostic and the test score over every scored run (configurations × activations × repeats; — below three runs or when constant).',
    columns: [
      text('mini-experiment'),
      text('diagnostic at initialisation'),
      count('diverged'),
      count('not diverged'),
      statistic('ROC AUC'),
      count('scored runs'),
      statistic('Spearman ρ'),
    ],
    rows: (summary.diagnostics?.predictions ?? []).map((row) => [
      row.miniExperiment,
      row.predictor,
      row.diverged,
      row.notDiverged,
      row.auc,
      row.scored,
      row.spearman,
    ]),
  };
}

export function unitFractionsTable(summary: ReportSummary): ReportTable {
  const threshold = summary.diagnostics?.saturationThreshold;
  return {
    name: 'diagnostics-units',
    title: 'Dead and saturated units over training',
    description: `Per activation, over all its runs with diagnostics: the median of each run’s mean fraction of dead units (output exactly 0 on the whole probe batch) and of saturated units (|φ′| < ${threshold ?? '—'} on the whole batch), at initialisation, at the snapshot nearest half the last epoch, and at the end of the run. Saturation is measured where φ′ is available: not for maxout, nor inside the LSTM cell (the vanilla RNN’s pre-activations are rebuilt from its input and output).`,
    columns: [
      text('activation'),
      count('runs'),
      statistic('dead: init'),
      statistic('dead: middle'),
      statistic('dead: end'),
      count('runs with φ′'),
      statistic('saturated: init'),
      statistic('saturated: middle'),
      statistic('saturated: end'),
    ],
    rows: (summary.diagnostics?.units ?? []).map((row) => [
      row.activation,
      row.runs,
      row.dead.init,
      row.dead.middle,
      row.dead.end,
      row.saturatedRuns,
      row.saturated.init,
      row.saturated.middle,
      row.saturated.end,
    ]),
  };
}

/** The diagnostics tables; none when the ledger has no diagnostics. */
export function diagnosticsTables(summary: ReportSummary): ReportTable[] {
  return summary.diagnostics ? [diagnosticPredictionTable(summary), unitFractionsTable(summary)] : [];
}

/** Three significant digits of a norm, for the heat map's cells. */
function normText(log10Norm: number): string {
  return Number((10 ** log10Norm).toPrecision(2)).toString();
}

/**
 * One heat map: activations by (mini-experiment, layer position), the median gradient norm at
 * initialisation, coloured on a log scale (norms span orders of magnitude between layers and tasks).
 */
export function initialGradientChart(summary: ReportSummary): string | null {
  const gradients = summary.diagnostics?.initialGradients ?? [];
  if (gradients.length === 0) return null;
  const columns = gradients.flatMap((mini) =>
    mini.positions.map((position, p) => ({ label: `${mini.miniExperiment.split('/')[0]}: ${position}`, mini, p })),
  );
  const rows = summary.activations.filter((activation) => gradients.some((mini) => mini.byActivation[activation] !== undefined));
  return heatMapSvg({
    title: 'Gradient norm by layer at initialisation',
    subtitle:
      'median over runs on the probe batch; layers from the input, the last is the output layer; darker = larger (log scale); — no such layer',
    rowLabels: rows,
    columnLabels: columns.map((column) => column.label),
    values: rows.map((activation) =>
      columns.map(({ mini, p }) => {
        const norm = mini.byActivation[activation]?.[p] ?? null;
        return norm !== null && norm > 0 ? Math.log10(norm) : null;
      }),
    ),
    cellText: normText,
    dark: 'high',
  });
}

/** The HTML section's body: a one-line note without diagnostics, else the tables and the chart. */
export function diagnosticsSectionHtml(
  summary: ReportSummary,
  table: (name: string) => string,
  figure: (svg: string, caption?: string) => string,
): string {
  const diagnostics = summary.diagnostics;
  if (!diagnostics) return `<p class="description" data-diagnostics="none">${escapeXml(`Left out: ${NO_DIAGNOSTICS_NOTE}.`)}</p>`;
  const chart = initialGradientChart(summary);
  const coverage = `<p class="description">${diagnostics.runs} of ${diagnostics.records} runs carry diagnostics (probe batch of ${diagnostics.probeSize} training examples).</p>`;
  return [coverage, table('diagnostics-prediction'), table('diagnostics-units'), chart === null ? '' : figure(chart)].join('\n');
}
