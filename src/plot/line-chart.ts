// A line chart: title, nice-ticked axes, grid and zero lines, clipped series, legend.
// `renderLineChart` draws into a box of a larger drawing (small multiples, report pages);
// `lineChartSvg` makes a standalone document.
import { clipPolyline, type Rect } from './clip.js';
import { svgDocument } from './document.js';
import { GRID, INK, MUTED, ZERO_LINE, seriesColor, seriesDash } from './palette.js';
import { formatTick, linearScale, niceTicks, robustRange, type Ticks } from './scale.js';
import { textWidth, wrapText } from './text.js';
import { el, escapeXml, fmt } from './xml.js';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Series {
  name: string;
  ys: readonly number[];
  /** Defaults to the chart's shared `xs`. */
  xs?: readonly number[];
  /** Defaults to the palette colour for the series' position. */
  color?: string;
  /** SVG stroke-dasharray, e.g. '6 4'. */
  dash?: string;
  strokeWidth?: number;
}

export interface LineChartOptions {
  series: readonly Series[];
  /** Shared x values for series without their own. */
  xs?: readonly number[];
  title?: string;
  /** Smaller text under the title (a formula, a caption); wraps to the chart width. */
  subtitle?: string;
  xLabel?: string;
  yLabel?: string;
  /** Standalone size in px (`lineChartSvg`); defaults 640 × 420. */
  width?: number;
  height?: number;
  /** Default: the extent of the finite x values. */
  xRange?: readonly [number, number];
  /** Default: a robust range of the finite y values (see `robustRange`), widened to nice ticks. Values outside are clipped. */
  yRange?: readonly [number, number];
  /** Keep y = 0 inside the automatic y-range. */
  includeZero?: boolean;
  /** Default: shown when there is more than one series. */
  legend?: boolean;
  /** Base font size in px (tick labels are slightly smaller, the title larger); default 12. */
  fontSize?: number;
  /** Hover text for the whole chart (a <title> child of its group). */
  tooltip?: string;
  /**
   * Fraction of the y-span left empty above and below the range, so a curve that runs along the
   * limit (tanh at ±1) is not drawn on top of the frame. Default 0.04.
   */
  yPad?: number;
  /** Approximate tick counts; defaults follow the plot size. */
  xTicks?: number;
  yTicks?: number;
}

export interface LegendItem {
  name: string;
  color: string;
  dash?: string;
  strokeWidth?: number;
}

/** A legend laid out in rows within `maxWidth`, starting at (x, y) as its top-left corner. */
export function renderLegend(
  items: readonly LegendItem[],
  x: number,
  y: number,
  maxWidth: number,
  fontSize: number,
): { markup: string; height: number } {
  const swatch = fontSize * 2;
  const gap = fontSize * 0.5;
  const itemGap = fontSize * 1.5;
  const rowH = fontSize * 1.6;
  const parts: string[] = [];
  let cx = x;
  let row = 0;
  for (const item of items) {
    const w = swatch + gap + textWidth(item.name, fontSize);
    if (cx > x && cx + w > x + maxWidth) {
      row++;
      cx = x;
    }
    const cy = y + row * rowH + rowH / 2;
    parts.push(
      el('line', {
        x1: cx,
        y1: cy,
        x2: cx + swatch,
        y2: cy,
        stroke: item.color,
        'stroke-width': item.strokeWidth ?? 2,
        'stroke-dasharray': item.dash,
      }),
      el('text', { x: cx + swatch + gap, y: cy, dy: '0.35em', 'font-size': fontSize, fill: INK }, escapeXml(item.name)),
    );
    cx += w + itemGap;
  }
  const height = items.length === 0 ? 0 : (row + 1) * rowH;
  return { markup: el('g', { class: 'legend' }, parts), height };
}

function validRange(r: readonly [number, number] | undefined): r is readonly [number, number] {
  return r !== undefined && Number.isFinite(r[0]) && Number.isFinite(r[1]) && r[0] !== r[1];
}

function extent(values: Iterable<number>): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}

function* allValues(arrays: Iterable<readonly number[]>): Generator<number> {
  for (const a of arrays) yield* a;
}

/** Draws the chart into `box` of an enclosing SVG and returns a <g> fragment. */
export function renderLineChart(opts: LineChartOptions, box: Box): string {
  const fs = opts.fontSize ?? 12;
  const titleFs = fs * 1.3;
  const tickFs = fs * 0.92;
  const pad = fs * 0.8;
  const tickLen = 4;
  const innerW = box.width - 2 * pad;
  const parts: string[] = [];
  const seriesXs = (s: Series): readonly number[] => s.xs ?? opts.xs ?? s.ys.map((_, i) => i);

  if (opts.tooltip !== undefined) parts.push(`<title>${escapeXml(opts.tooltip)}</title>`);

  // Header, top-down: title, subtitle, legend. The plot takes whatever height remains.
  let y = box.y + pad;
  if (opts.title !== undefined && opts.title !== '') {
    for (const line of wrapText(opts.title, innerW, titleFs, true)) {
      parts.push(
        el('text', { x: box.x + pad, y: y + titleFs * 0.85, 'font-size': titleFs, 'font-weight': 'bold', fill: INK }, escapeXml(line)),
      );
      y += titleFs * 1.25;
    }
  }
  if (opts.subtitle !== undefined && opts.subtitle !== '') {
    y += fs * 0.15;
    for (const line of wrapText(opts.subtitle, innerW, fs)) {
      parts.push(el('text', { x: box.x + pad, y: y + fs * 0.85, 'font-size': fs, fill: MUTED }, escapeXml(line)));
      y += fs * 1.3;
    }
  }
  const showLegend = opts.legend ?? opts.series.length > 1;
  if (showLegend && opts.series.length > 0) {
    y += fs * 0.3;
    const legend = renderLegend(
      opts.series.map((s, i) => ({
        name: s.name,
        color: s.color ?? seriesColor(i),
        dash: s.dash ?? seriesDash(i),
        strokeWidth: s.strokeWidth,
      })),
      box.x + pad,
      y,
      innerW,
      fs,
    );
    parts.push(legend.markup);
    y += legend.height;
  }
  if (y > box.y + pad) y += fs * 0.6;

  const plotTop = y;
  const bottomMargin = pad + tickLen + 3 + tickFs * 1.05 + (opts.xLabel ? fs * 1.5 : 0);
  const plotBottom = Math.max(plotTop + 10, box.y + box.height - bottomMargin);
  const plotH = plotBottom - plotTop;

  // y axis. An automatic range ends on nice ticks; a caller's range is kept exactly.
  let yTicks: Ticks;
  if (validRange(opts.yRange)) {
    yTicks = niceTicks(opts.yRange[0], opts.yRange[1], opts.yTicks ?? Math.max(2, Math.round(plotH / (fs * 3.2))));
  } else {
    const [lo, hi] = robustRange(allValues(opts.series.map((s) => s.ys)), { includeZero: opts.includeZero ?? false });
    const target = opts.yTicks ?? Math.max(2, Math.round(plotH / (fs * 3.2)));
    yTicks = niceTicks(lo, hi, target, { extend: true });
    // With few ticks, rounding out to whole steps can double the range ([−1.8, 5.3] → [−5, 10]).
    // A slightly finer step usually fits far more tightly, as long as labels keep their spacing.
    for (let t = target + 1; t <= target * 2 && yTicks.hi - yTicks.lo > 1.3 * (hi - lo); t++) {
      const finer = niceTicks(lo, hi, t, { extend: true });
      if ((finer.step / (finer.hi - finer.lo)) * plotH < tickFs * 2.2) break;
      yTicks = finer;
    }
  }
  const ySpan = yTicks.hi - yTicks.lo;
  const yPad = Math.max(0, opts.yPad ?? 0.04) * ySpan;
  const y0 = yTicks.lo - yPad;
  const y1 = yTicks.hi + yPad;
  const yLabels = yTicks.values.map((v) => formatTick(v, yTicks.step));
  const yLabelW = Math.max(0, ...yLabels.map((l) => textWidth(l, tickFs)));

  // x axis: shrink the tick count until the widest label fits between neighbouring ticks.
  const xr = validRange(opts.xRange)
    ? ([Math.min(...opts.xRange), Math.max(...opts.xRange)] as [number, number])
    : (extent(allValues(opts.series.map(seriesXs))) ?? [0, 1]);
  const plotLeft = box.x + pad + (opts.yLabel ? fs * 1.6 : 0) + yLabelW + tickLen + 3;
  const provisionalRight = box.x + box.width - pad - tickFs * 1.2;
  let xTarget = opts.xTicks ?? Math.max(2, Math.floor((provisionalRight - plotLeft) / (tickFs * 4)));
  let xTicks = niceTicks(xr[0], xr[1], xTarget);
  let xLabels: string[] = [];
  let plotRight = provisionalRight;
  for (;;) {
    xLabels = xTicks.values.map((v) => formatTick(v, xTicks.step));
    const widest = Math.max(0, ...xLabels.map((l) => textWidth(l, tickFs)));
    const lastW = textWidth(xLabels[xLabels.length - 1] ?? '', tickFs);
    plotRight = Math.max(plotLeft + 10, Math.min(provisionalRight, box.x + box.width - pad - lastW / 2));
    const stepPx = (xTicks.step / (xTicks.hi - xTicks.lo)) * (plotRight - plotLeft);
    if (stepPx >= widest + tickFs * 1.2 || xTarget <= 2) break;
    xTarget--;
    xTicks = niceTicks(xr[0], xr[1], xTarget);
  }
  const x0 = xTicks.lo;
  const x1 = xTicks.hi;
  const sx = linearScale(x0, x1, plotLeft, plotRight);
  const sy = linearScale(y0, y1, plotBottom, plotTop);
  const plotW = plotRight - plotLeft;

  parts.push(el('rect', { class: 'plot-area', x: plotLeft, y: plotTop, width: plotW, height: plotH, fill: 'none' }));

  // Grid first so that zero lines, axes and data draw over it.
  const grid: string[] = [];
  for (const v of xTicks.values) if (v !== 0) grid.push(el('line', { x1: sx(v), y1: plotTop, x2: sx(v), y2: plotBottom }));
  for (const v of yTicks.values) if (v !== 0) grid.push(el('line', { x1: plotLeft, y1: sy(v), x2: plotRight, y2: sy(v) }));
  parts.push(el('g', { class: 'grid', stroke: GRID, 'stroke-width': 1 }, grid));

  const zero: string[] = [];
  if (x0 <= 0 && 0 <= x1) zero.push(el('line', { x1: sx(0), y1: plotTop, x2: sx(0), y2: plotBottom }));
  if (y0 <= 0 && 0 <= y1) zero.push(el('line', { x1: plotLeft, y1: sy(0), x2: plotRight, y2: sy(0) }));
  if (zero.length > 0) parts.push(el('g', { class: 'zero-lines', stroke: ZERO_LINE, 'stroke-width': 1 }, zero));

  const axes: string[] = [
    el('line', { x1: plotLeft, y1: plotBottom, x2: plotRight, y2: plotBottom }),
    el('line', { x1: plotLeft, y1: plotTop, x2: plotLeft, y2: plotBottom }),
  ];
  for (const v of xTicks.values) axes.push(el('line', { x1: sx(v), y1: plotBottom, x2: sx(v), y2: plotBottom + tickLen }));
  for (const v of yTicks.values) axes.push(el('line', { x1: plotLeft - tickLen, y1: sy(v), x2: plotLeft, y2: sy(v) }));
  parts.push(el('g', { class: 'axes', stroke: MUTED, 'stroke-width': 1 }, axes));

  const labels: string[] = [];
  xTicks.values.forEach((v, i) => {
    labels.push(el('text', { x: sx(v), y: plotBottom + tickLen + 3 + tickFs * 0.8, 'text-anchor': 'middle' }, escapeXml(xLabels[i] ?? '')));
  });
  yTicks.values.forEach((v, i) => {
    labels.push(el('text', { x: plotLeft - tickLen - 3, y: sy(v), dy: '0.35em', 'text-anchor': 'end' }, escapeXml(yLabels[i] ?? '')));
  });
  parts.push(el('g', { class: 'tick-labels', 'font-size': tickFs, fill: MUTED }, labels));

  if (opts.xLabel) {
    parts.push(
      el(
        'text',
        { x: (plotLeft + plotRight) / 2, y: box.y + box.height - pad, 'text-anchor': 'middle', 'font-size': fs, fill: INK },
        escapeXml(opts.xLabel),
      ),
    );
  }
  if (opts.yLabel) {
    const lx = box.x + pad + fs * 0.85;
    const ly = (plotTop + plotBottom) / 2;
    parts.push(
      el(
        'text',
        { x: lx, y: ly, transform: `rotate(-90 ${fmt(lx)} ${fmt(ly)})`, 'text-anchor': 'middle', 'font-size': fs, fill: INK },
        escapeXml(opts.yLabel),
      ),
    );
  }

  // Clip in data space to the padded range, then map: every emitted coordinate is finite and
  // inside the plot area.
  const clipRect: Rect = { x0, y0, x1, y1 };
  opts.series.forEach((s, i) => {
    const color = s.color ?? seriesColor(i);
    const { runs, isolated } = clipPolyline(seriesXs(s), s.ys, clipRect);
    const shapes = runs.map((run) => el('polyline', { points: run.map(([px, py]) => `${fmt(sx(px))},${fmt(sy(py))}`).join(' ') }));
    for (const [px, py] of isolated)
      shapes.push(el('circle', { cx: sx(px), cy: sy(py), r: (s.strokeWidth ?? 2) * 0.9, fill: color, stroke: 'none' }));
    parts.push(
      el(
        'g',
        {
          class: 'series',
          'data-name': s.name,
          fill: 'none',
          stroke: color,
          'stroke-width': s.strokeWidth ?? 2,
          'stroke-dasharray': s.dash ?? seriesDash(i),
          'stroke-linejoin': 'round',
          'stroke-linecap': 'round',
        },
        shapes,
      ),
    );
  });

  return el('g', { class: 'line-chart' }, parts);
}

/** A standalone SVG document holding one line chart. */
export function lineChartSvg(opts: LineChartOptions): string {
  const width = opts.width ?? 640;
  const height = opts.height ?? 420;
  return svgDocument(width, height, renderLineChart(opts, { x: 0, y: 0, width, height }), { title: opts.title });
}
