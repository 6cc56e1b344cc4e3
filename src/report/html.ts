// The self-contained HTML report: every table and chart of the summary on one page, inline SVG
// and CSS only (no scripts, fonts or anything fetched), so it opens offline and can be attached
// to a release. Each section carries data-section, which the browser test counts charts by.
import { overviewSheetSvg, type ActivationCurve } from '../plot/activation-plots.js';
import { escapeXml } from '../plot/svg.js';
import { bestOfKCharts } from './best-of-k-report.js';
import { timeToTargetCharts } from './cost-report.js';
import { diagnosticsSectionHtml } from './diagnostics-report.js';
import { boxPlotCharts, cdDiagramChart, rankHeatMapChart } from './charts.js';
import { notInformativeLines } from './baseline.js';
import { formatValue, MISSING } from './format.js';
import { profilesChart, winRateHeatMapChart } from './profile-report.js';
import { displayValue, reportTables, type ReportTable } from './tables.js';
import type { FriedmanSummary, ReportSummary } from './types.js';

export interface HtmlReportInput {
  summary: ReportSummary;
  /** f and f' of the study's activations (from their float64 references); empty: the section says so. */
  curves: readonly ActivationCurve[];
  /** Activations without a curve, and why (maxout mixes units: it has no value at a single x). */
  curvesMissing?: readonly string[];
}

const STYLE = `
body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; color: #222; margin: 0 auto; max-width: 1200px; padding: 1rem 1.5rem 3rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.3rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
h3 { font-size: 1.05rem; margin-top: 1.4rem; }
.description, p.meta { color: #555; margin: 0.3rem 0 0.6rem; }
nav ul { columns: 2; padding-left: 1.2rem; }
.table-wrap { overflow-x: auto; margin-bottom: 1rem; }
table { border-collapse: collapse; font-size: 0.82rem; }
th, td { border: 1px solid #ddd; padding: 0.2rem 0.45rem; white-space: nowrap; }
th { background: #f3f5f8; position: sticky; top: 0; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.missing { color: #999; text-align: center; }
tr:nth-child(even) td { background: #fafafa; }
figure { margin: 0.8rem 0 1.2rem; }
figure svg { max-width: 100%; height: auto; }
.charts { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; }
details { margin: 0.5rem 0 1rem; }
summary { cursor: pointer; color: #0b5394; }
pre { background: #f6f8fa; padding: 0.8rem; overflow-x: auto; font-size: 0.8rem; }
ul.notes li, ul.methods li { margin-bottom: 0.3rem; }
td.below-baseline { color: #a61b1b; }
.headline { background: #f3f7fc; border-left: 4px solid #0b5394; padding: 0.4rem 1rem; margin: 1rem 0; }
.headline ul { margin: 0.3rem 0; padding-left: 1.2rem; }
.headline li { margin-bottom: 0.3rem; }
.flag { background: #fdf1f0; border-left: 4px solid #a61b1b; padding: 0.4rem 1rem; margin: 1rem 0; }
.flag ul { margin: 0.3rem 0; padding-left: 1.2rem; }
.recommendation { background: #f4f9f1; border-left: 4px solid #3b7a1e; padding: 0.4rem 1rem; margin: 1rem 0; }
.recommendation ul { margin: 0.3rem 0; padding-left: 1.2rem; }
.recommendation li { margin-bottom: 0.3rem; }
`;

function tableHtml(table: ReportTable): string {
  const head = table.columns.map((column) => `<th>${escapeXml(column.header)}</th>`).join('');
  const body = table.rows
    .map((row, r) => {
      const cells = table.columns.map((column, i) => {
        const marked = table.belowBaseline?.[r]?.[i] === true;
        const shown = displayValue(row[i] ?? null, column.kind, marked);
        const className = [shown === MISSING ? 'missing' : column.kind === 'text' ? '' : 'num', marked ? 'below-baseline' : '']
          .filter(Boolean)
          .join(' ');
        return `<td${className ? ` class="${className}"` : ''}>${escapeXml(shown)}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<div class="table-wrap"><table data-table="${escapeXml(table.name)}"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

function tableBlock(table: ReportTable, heading = true): string {
  return `${heading ? `<h3>${escapeXml(table.title)}</h3>\n` : ''}<p class="description">${escapeXml(table.description)} <a href="${escapeXml(table.name)}.csv">CSV</a> · <a href="${escapeXml(table.name)}.md">Markdown</a></p>\n${tableHtml(table)}`;
}

function section(id: string, title: string, body: string): string {
  return `<section id="${id}" data-section="${id}">\n<h2>${escapeXml(title)}</h2>\n${body}\n</section>`;
}

function figure(svg: string, caption?: string): string {
  return `<figure>${svg}${caption ? `<figcaption class="description">${escapeXml(caption)}</figcaption>` : ''}</figure>`;
}

function cdSection(friedman: FriedmanSummary): string {
  const heading = `<h3>Critical-difference diagram on ${friedman.measure}</h3>`;
  const svg = cdDiagramChart(friedman);
  if (svg === null) return `${heading}\n<p class="description">Not drawn: ${escapeXml(friedman.skipped ?? 'no critical difference')}.</p>`;
  const pText = formatValue(friedman.pValue, 'p');
  const left =
    friedman.excluded.length > 0
      ? ` Left out (no score in some mini-experiment): ${friedman.excluded.map((e) => e.activation).join(', ')}.`
      : '';
  const caption = `Average ranks over ${friedman.blocks} mini-experiments (1 = best, at the left). Activations joined by a bar differ by less than the Nemenyi critical difference at α = ${friedman.alpha}. Friedman p ${pText.startsWith('<') ? pText : `= ${pText}`}.${left}`;
  return `${heading}\n${figure(svg, caption)}`;
}

function curvesSection(input: HtmlReportInput): string {
  const missing =
    input.curvesMissing && input.curvesMissing.length > 0
      ? `<p class="description">No curve: ${escapeXml(input.curvesMissing.join('; '))}.</p>`
      : '';
  if (input.curves.length === 0) return `<p class="description">No activation curves were supplied to this report.</p>${missing}`;
  return `<p class="description">f(x) and f'(x) on [−5, 5] from each activation's float64 reference (layer activations at their initial parameters).</p>\n${figure(overviewSheetSvg(input.curves, { title: "The study's activations f(x) and f'(x)" }))}${missing}`;
}

function environmentHtml(summary: ReportSummary): string {
  const env = summary.environment;
  const rows: [string, string][] = [
    ['study', summary.study.name],
    ['spec hash', summary.study.specHash],
    ['backends', env.backends.join(', ') || MISSING],
    ...Object.entries(env.versions).map(([name, versions]): [string, string] => [`${name} version`, versions.join(', ')]),
    ['machines', env.machines.join('; ') || `${MISSING} (not recorded by ledgers this old)`],
    ['ledger records', String(env.records)],
    ['torn lines skipped', String(env.tornLines)],
    ['duplicate records skipped', String(env.duplicateRecords)],
    ['runs finished', env.firstFinishedAt ? `${env.firstFinishedAt} … ${env.lastFinishedAt}` : MISSING],
    ['training time (sum over runs)', `${(env.trainingSeconds / 3600).toFixed(2)} h`],
  ];
  const table = `<div class="table-wrap"><table data-table="environment"><tbody>${rows.map(([k, v]) => `<tr><th>${escapeXml(k)}</th><td>${escapeXml(v)}</td></tr>`).join('')}</tbody></table></div>`;
  const spec = summary.study.spec
    ? `<details><summary>Study spec (spec.json)</summary>\n<pre>${escapeXml(JSON.stringify(summary.study.spec, null, 2))}</pre>\n</details>`
    : '<p class="description">The study folder has no spec.json.</p>';
  return `${table}\n${spec}`;
}

/** The headline and, when any mini-experiment is not informative, the flag above it. */
function topOfReport(summary: ReportSummary): string {
  const flagged = notInformativeLines(summary.miniExperiments);
  const flag =
    flagged.length > 0
      ? `<div class="flag" data-flag="not-informative"><strong>Not informative: ${flagged.length} of ${summary.miniExperiments.length} mini-experiments do not beat their trivial baseline.</strong>\n<ul>${flagged.map((line) => `<li>${escapeXml(line)}</li>`).join('')}</ul></div>`
      : '';
  const headline =
    summary.headline.length > 0
      ? `<div class="headline" data-headline><strong>What this study says</strong>\n<ul>${summary.headline.map((line) => `<li>${escapeXml(line)}</li>`).join('')}</ul></div>`
      : '';
  const recommendation =
    (summary.recommendation ?? []).length > 0
      ? `<div class="recommendation" data-recommendation><strong>What to pick</strong>\n<ul>${summary.recommendation!.map((item) => `<li data-scenario="${escapeXml(item.scenario)}">${escapeXml(item.sentence)}</li>`).join('')}</ul></div>`
      : '';
  return `${flag}\n${headline}\n${recommendation}`;
}

function profilesAndWins(summary: ReportSummary, table: (name: string) => string): string {
  const profiles = profilesChart(summary);
  const wins = winRateHeatMapChart(summary);
  return [
    profiles === null ? '' : figure(profiles, 'Legend: activation (area under the curve).'),
    table('profiles'),
    wins === null ? '' : figure(wins),
    table('win-rates'),
    `<details><summary>Counts per pair</summary>\n${table('win-counts')}\n</details>`,
  ].join('\n');
}

export function renderHtmlReport(input: HtmlReportInput): string {
  const { summary } = input;
  const tables = new Map(reportTables(summary).map((table) => [table.name, table]));
  const table = (name: string): string => tableBlock(tables.get(name)!);
  const notes =
    summary.notes.length > 0
      ? `<h3>Notes on this ledger</h3>\n<ul class="notes">${summary.notes.map((note) => `<li>${escapeXml(note)}</li>`).join('')}</ul>`
      : '';
  const sections: [string, string, string][] = [
    ['overview', 'Overview', `${table('mini-experiments')}\n${notes}`],
    [
      'stability',
      'Stability',
      `${table('best')}\n${table('mean')}\n<details><summary>Full stability table (every statistic of every cell)</summary>\n${table('stability')}\n</details>`,
    ],
    [
      'distributions',
      'Score distributions',
      `<p class="description">One chart per mini-experiment: the spread of configuration scores per activation, which the mean and the best summarise.</p>\n<div class="charts">${boxPlotCharts(
        summary,
      )
        .map((chart) => figure(chart.svg))
        .join('\n')}</div>`,
    ],
    [
      'rankings',
      'Rankings',
      `${table('top3')}\n${table('winners')}\n<div class="charts">${figure(rankHeatMapChart(summary, 'best'))}\n${figure(rankHeatMapChart(summary, 'mean'))}</div>\n${table('rank-best')}\n${table('rank-mean')}`,
    ],
    ['profiles', 'Stability profiles and win rates', profilesAndWins(summary, table)],
    [
      'significance',
      'Significance',
      `${table('pooled-reference-tests')}\n${table('reference-tests')}\n${table('equivalence')}\n${table('friedman')}\n${cdSection(summary.friedman.mean)}\n${cdSection(summary.friedman.best)}\n${table('friedman-ranks')}`,
    ],
    [
      'best-of-k',
      'Expected best of k configurations',
      `<p class="description">One chart per mini-experiment: how the expected test score of the best-dev configuration grows with the number k of configurations tried.</p>\n<div class="charts">${bestOfKCharts(
        summary,
      )
        .map((chart) => figure(chart.svg))
        .join(
          '\n',
        )}</div>\n${table('best-of-k-crossings')}\n<details><summary>The curves at k = 1, 2, 4, 8 and n</summary>\n${table('best-of-k')}\n</details>`,
    ],
    [
      'cost',
      'Cost: score against training time',
      `${table('cost')}\n<p class="description">One chart per mini-experiment: how soon the runs of each activation reach the mini-experiment’s target dev score.</p>\n<div class="charts">${timeToTargetCharts(
        summary,
      )
        .map((chart) => figure(chart.svg))
        .join('\n')}</div>\n${table('time-to-target')}`,
    ],
    ['diagnostics', 'Training diagnostics', diagnosticsSectionHtml(summary, table, figure)],
    [
      'sensitivity',
      'Hyperparameter sensitivity',
      `${table('depth')}\n<details><summary>Every regression coefficient</summary>\n${table('regression')}\n</details>`,
    ],
    ['activations', 'Activation functions', curvesSection(input)],
    ['environment', 'Study spec and environment', environmentHtml(summary)],
    ['methods', 'How the numbers are made', `<ul class="methods">${summary.methods.map((m) => `<li>${escapeXml(m)}</li>`).join('')}</ul>`],
  ];
  const nav = `<nav><ul>${sections.map(([id, title]) => `<li><a href="#${id}">${escapeXml(title)}</a></li>`).join('')}</ul></nav>`;
  const title = `actbench report: ${summary.study.name}`;
  const meta = `${summary.activations.length} activations × ${summary.miniExperiments.length} mini-experiments, ${summary.environment.records} runs; reference ${summary.reference}, α = ${summary.alpha}.`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeXml(title)}</h1>
<p class="meta">${escapeXml(meta)} Machine-readable: <a href="summary.json">summary.json</a>.</p>
${topOfReport(summary)}
${nav}
${sections.map(([id, heading, body]) => section(id, heading, body)).join('\n')}
</body>
</html>
`;
}
