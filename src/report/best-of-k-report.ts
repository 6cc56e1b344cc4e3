// The best-of-k section of the report: its two tables and one line chart per mini-experiment,
// from the summary's `bestOfK` and `bestOfKCrossings` (absent in older summaries: empty then).
import { lineChartSvg, type Series } from '../plot/line-chart.js';
import { MUTED } from '../plot/palette.js';
import { crossingSentence } from './best-of-k.js';
import type { TableColumn, TableValue, ReportTable } from './tables.js';
import type { BestOfKCurve, ReportSummary } from './types.js';

/** The k the table shows (and n, the last column). */
export const BEST_OF_K_TABLE_KS: readonly number[] = [1, 2, 4, 8];
/** Curves drawn per chart: the top activations by best-of-n, plus the reference. */
export const BEST_OF_K_CHART_TOP = 5;

const score = (header: string): TableColumn => ({ header, kind: 'score' });

export function bestOfKTable(summary: ReportSummary): ReportTable {
  const columns: TableColumn[] = [
    { header: 'mini-experiment', kind: 'text' },
    { header: 'activation', kind: 'text' },
    { header: 'n', kind: 'count' },
  ];
  for (const k of [...BEST_OF_K_TABLE_KS.map(String), 'n']) columns.push(score(`k=${k}`), score(`k=${k} low`), score(`k=${k} high`));
  const rows: TableValue[][] = (summary.bestOfK ?? []).map((curve) => {
    const row: TableValue[] = [curve.miniExperiment, curve.activation, curve.n];
    for (const k of [...BEST_OF_K_TABLE_KS, curve.n]) {
      const point = k <= curve.n ? curve.curve[k - 1] : undefined;
      row.push(point?.mean ?? null, point?.low ?? null, point?.high ?? null);
    }
    return row;
  });
  return {
    name: 'best-of-k',
    title: 'Expected best of k configurations',
    description:
      'The expected test score of the best-dev configuration among k configurations drawn at random without replacement (an exact, unbiased estimate; k = 1 is the mean, k = n the best), with a 95% percentile bootstrap band over configurations; — where k exceeds the scored configurations n.',
    columns,
    rows,
  };
}

export function bestOfKCrossingsTable(summary: ReportSummary): ReportTable {
  return {
    name: 'best-of-k-crossings',
    title: 'Where best-of-k curves cross',
    description:
      'Activation a is behind b at k = 1 (the mean) and ahead at every k from "from k" to n: with a tuning budget of at least that many configurations, a is the better choice on these point estimates. Each activation against the reference and among the top three by mean. The crossings compare expected values, not tested differences: where the two curves’ bootstrap bands (best-of-k table) overlap, the crossing is within noise; with few configurations they usually do.',
    columns: [
      { header: 'mini-experiment', kind: 'text' },
      { header: 'a', kind: 'text' },
      { header: 'b', kind: 'text' },
      { header: 'from k', kind: 'count' },
      { header: 'n', kind: 'count' },
      score('a at k=1'),
      score('b at k=1'),
      score('a at k=n'),
      score('b at k=n'),
      { header: 'in words', kind: 'text' },
    ],
    rows: (summary.bestOfKCrossings ?? []).map((c) => [
      c.miniExperiment,
      c.a,
      c.b,
      c.fromK,
      c.n,
      c.atOne.a,
      c.atOne.b,
      c.atN.a,
      c.atN.b,
      crossingSentence(c),
    ]),
  };
}

/** One line chart per mini-experiment with curves: the top activations by best-of-n and the reference. */
export function bestOfKCharts(summary: ReportSummary): { miniExperiment: string; svg: string }[] {
  const charts: { miniExperiment: string; svg: string }[] = [];
  for (const mini of summary.miniExperiments) {
    const curves = (summary.bestOfK ?? []).filter((curve) => curve.miniExperiment === mini.id);
    if (curves.length === 0) continue;
    const last = (curve: BestOfKCurve): number => curve.curve[curve.n - 1]!.mean;
    const shown = [...curves].sort((a, b) => last(b) - last(a)).slice(0, BEST_OF_K_CHART_TOP);
    const ref = curves.find((curve) => curve.activation === summary.reference);
    if (ref && !shown.includes(ref)) shown.push(ref);
    const series: Series[] = shown.map((curve) => ({
      name: `${curve.activation}${curve.activation === summary.reference ? ' (reference)' : ''}`,
      xs: curve.curve.map((p) => p.k),
      ys: curve.curve.map((p) => p.mean),
    }));
    // The trivial baseline as a dashed line, so a curve that never clears it reads as such.
    const baseline = mini.baseline?.value ?? null;
    const n = Math.max(...shown.map((curve) => curve.n));
    if (baseline !== null) series.push({ name: 'trivial baseline', xs: [1, n], ys: [baseline, baseline], color: MUTED, dash: '6 4' });
    const crossings = (summary.bestOfKCrossings ?? []).filter((c) => c.miniExperiment === mini.id);
    charts.push({
      miniExperiment: mini.id,
      svg: lineChartSvg({
        series,
        title: `${mini.id}: expected best of k`,
        subtitle: `test ${mini.metric} of the best-dev configuration of k drawn at random (expected); the top ${BEST_OF_K_CHART_TOP} at k = n${ref ? ' and the reference' : ''}${baseline !== null ? ', dashed: the trivial baseline' : ''}; crossings: ${crossings.length} (see the table)`,
        xLabel: 'k (configurations tried)',
        yLabel: `test ${mini.metric}`,
        width: 560,
        height: 380,
      }),
    });
  }
  return charts;
}
