// Plots of activation functions and their derivatives. Takes plain sampled values: the caller
// evaluates the functions (with TensorFlow.js), which keeps this module free of tensors.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { svgDocument } from './document.js';
import { renderLegend, renderLineChart, lineChartSvg, type Series } from './line-chart.js';
import { INK, PALETTE } from './palette.js';
import { el, escapeXml } from './xml.js';
import { wrapText } from './text.js';

export interface ActivationCurve {
  name: string;
  /** Plain-text formula, shown under the name. */
  formula: string;
  xs: number[];
  f: number[];
  /** f'(x) at the same xs. */
  df: number[];
}

// f slightly wider, so that where f' = f (e^x) the solid line still shows beside the dashes.
const F_STYLE = { name: 'f(x)', color: PALETTE[0] ?? '#0072B2', strokeWidth: 2.5 };
// Dashed as well as differently coloured, so the pair stays apart in greyscale and for every
// kind of colour vision.
const DF_STYLE = { name: "f'(x)", color: PALETTE[1] ?? '#D55E00', dash: '6 3' };

function checkCurve(c: ActivationCurve): void {
  if (c.f.length !== c.xs.length || c.df.length !== c.xs.length) {
    throw new RangeError(`activation curve '${c.name}': xs, f and df differ in length (${c.xs.length}, ${c.f.length}, ${c.df.length})`);
  }
}

function curveSeries(c: ActivationCurve): Series[] {
  return [
    { ...F_STYLE, ys: c.f },
    { ...DF_STYLE, ys: c.df },
  ];
}

/** f and f' of one activation over its sampled xs (normally [−5, 5]), titled with name and formula. */
export function activationPlotSvg(curve: ActivationCurve, options: { width?: number; height?: number } = {}): string {
  checkCurve(curve);
  return lineChartSvg({
    title: curve.name,
    subtitle: curve.formula,
    xs: curve.xs,
    series: curveSeries(curve),
    includeZero: true,
    xLabel: 'x',
    legend: true,
    width: options.width ?? 640,
    height: options.height ?? 440,
  });
}

export interface OverviewSheetOptions {
  /** Default: about 1.5 times as many columns as rows (7 columns for 30 functions). */
  columns?: number;
  cellWidth?: number;
  cellHeight?: number;
  title?: string;
}

/**
 * All activations on one sheet as small multiples, f and f' in each cell. Each cell gets its own
 * y-range: one shared range would squash bounded functions flat next to unbounded ones.
 */
export function overviewSheetSvg(curves: readonly ActivationCurve[], options: OverviewSheetOptions = {}): string {
  curves.forEach(checkCurve);
  const n = curves.length;
  const columns = Math.max(1, Math.min(n, Math.round(options.columns ?? Math.ceil(Math.sqrt(n * 1.5)))));
  const rows = Math.max(1, Math.ceil(n / columns));
  const cellW = options.cellWidth ?? 200;
  const cellH = options.cellHeight ?? 160;
  const margin = 12;
  const width = margin * 2 + columns * cellW;

  const header: string[] = [];
  const title = options.title ?? "Activation functions f(x) and their derivatives f'(x)";
  let y = margin;
  for (const line of wrapText(title, width - 2 * margin, 17, true)) {
    header.push(el('text', { x: margin + 8, y: y + 15, 'font-size': 17, 'font-weight': 'bold', fill: INK }, escapeXml(line)));
    y += 21;
  }
  y += 4;
  const legend = renderLegend([F_STYLE, DF_STYLE], margin + 8, y, width - 2 * margin, 12);
  header.push(legend.markup);
  y += legend.height + 8;

  const cells = curves.map((c, i) => {
    const box = { x: margin + (i % columns) * cellW, y: y + Math.floor(i / columns) * cellH, width: cellW, height: cellH };
    return renderLineChart(
      {
        title: c.name,
        tooltip: `${c.name}: ${c.formula}`,
        xs: c.xs,
        series: curveSeries(c),
        // f and f' share the cell's range (robust over both, with 0 in view) so they can be compared.
        includeZero: true,
        legend: false,
        fontSize: 10,
        yTicks: 4,
      },
      box,
    );
  });
  const height = y + rows * cellH + margin;
  return svgDocument(width, height, header.join('') + cells.join(''), { title });
}

function fileStem(name: string): string {
  const stem = name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return stem === '' ? 'activation' : stem;
}

/**
 * Writes `<name>.svg` per activation and `overview.svg` into `outDir` (created if missing) and
 * returns the written paths, overview last. Names are reduced to safe file names; clashes (also
 * with 'overview') get a numeric suffix rather than overwriting each other.
 */
export function writeActivationPlots(curves: readonly ActivationCurve[], outDir: string): string[] {
  mkdirSync(outDir, { recursive: true });
  const used = new Set<string>(['overview']);
  const paths: string[] = [];
  for (const c of curves) {
    let stem = fileStem(c.name);
    for (let k = 2; used.has(stem); k++) stem = `${fileStem(c.name)}-${k}`;
    used.add(stem);
    const path = join(outDir, `${stem}.svg`);
    writeFileSync(path, activationPlotSvg(c), 'utf8');
    paths.push(path);
  }
  const overview = join(outDir, 'overview.svg');
  writeFileSync(overview, overviewSheetSvg(curves), 'utf8');
  paths.push(overview);
  return paths;
}
