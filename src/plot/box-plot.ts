// Horizontal box plots: one row per category (an activation), drawn from five-number summaries the
// caller computes (the plot does no statistics, so it draws exactly what the report's tables say).
// Horizontal, because twenty activation names read well down an axis and badly rotated under one.
import { renderHeading } from './chart-heading.js';
import { svgDocument } from './document.js';
import { GRID, INK, MUTED, seriesColor } from './palette.js';
import { formatTick, linearScale, niceTicks } from './scale.js';
import { textWidth, truncateText } from './text.js';
import { el, escapeXml, fmt } from './xml.js';

export interface BoxSummary {
  name: string;
  /** Values the box summarises; 0 draws an empty row marked "no scores". */
  n: number;
  q1: number;
  median: number;
  q3: number;
  /** Ends of the whiskers: the most extreme values within 1.5 IQR of the box. */
  whiskerLow: number;
  whiskerHigh: number;
  /** Values beyond the whiskers, drawn as dots. */
  outliers: readonly number[];
  /** Drawn as a diamond when given. */
  mean?: number;
  /** Marked (vermillion box, "†" after the name): its median does not beat the reference line. */
  flagged?: boolean;
}

export interface BoxPlotOptions {
  boxes: readonly BoxSummary[];
  title?: string;
  subtitle?: string;
  xLabel?: string;
  /** A vertical dashed line across the plot (the trivial baseline), labelled at its top. */
  referenceLine?: { value: number; label: string };
  width?: number;
  /** Height of one row, px; default 20. */
  rowHeight?: number;
  fontSize?: number;
}

const MISSING_TEXT = 'no scores';
const FLAG_MARK = '†';

const short = (value: number): string => String(Number(value.toPrecision(4)));

function dataExtent(boxes: readonly BoxSummary[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const box of boxes) {
    if (box.n === 0) continue;
    for (const v of [box.whiskerLow, box.whiskerHigh, ...box.outliers, ...(box.mean === undefined ? [] : [box.mean])]) {
      if (!Number.isFinite(v)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}

export function boxPlotSvg(options: BoxPlotOptions): string {
  const fs = options.fontSize ?? 12;
  const width = options.width ?? 720;
  const rowH = options.rowHeight ?? 20;
  const pad = fs;
  const parts: string[] = [];

  const reference = options.referenceLine !== undefined && Number.isFinite(options.referenceLine.value) ? options.referenceLine : undefined;
  let y = renderHeading(parts, options, { top: pad, pad, width, fontSize: fs });
  // Room above the plot for the reference line's label.
  y += fs * (reference === undefined ? 0.5 : 1.5);

  const labelW = Math.min(width * 0.35, Math.max(40, ...options.boxes.map((box) => textWidth(box.name, fs))));
  const plotLeft = pad + labelW + fs * 0.6;
  const plotRight = width - pad - fs;
  const plotTop = y;
  const plotBottom = plotTop + Math.max(1, options.boxes.length) * rowH;
  const [dataLo, dataHi] = dataExtent(options.boxes);
  // The reference line is always on the axis: a baseline far above every box is the point.
  const lo = reference === undefined ? dataLo : Math.min(dataLo, reference.value);
  const hi = reference === undefined ? dataHi : Math.max(dataHi, reference.value);
  const ticks = niceTicks(lo, hi, Math.max(2, Math.floor((plotRight - plotLeft) / (fs * 5))), { extend: true });
  const sx = linearScale(ticks.lo, ticks.hi, plotLeft, plotRight);

  const grid = ticks.values.map((v) => el('line', { x1: sx(v), y1: plotTop, x2: sx(v), y2: plotBottom }));
  parts.push(el('g', { class: 'grid', stroke: GRID, 'stroke-width': 1 }, grid));
  parts.push(
    el('rect', {
      class: 'plot-area',
      x: plotLeft,
      y: plotTop,
      width: plotRight - plotLeft,
      height: plotBottom - plotTop,
      fill: 'none',
      stroke: MUTED,
      'stroke-width': 1,
    }),
  );

  options.boxes.forEach((box, i) => {
    const cy = plotTop + (i + 0.5) * rowH;
    const color = seriesColor(box.flagged === true ? 1 : 0);
    const flagText = box.flagged === true && reference !== undefined ? `; median does not beat ${reference.label}` : '';
    const row: string[] = [
      `<title>${escapeXml(`${box.name}: ${box.n === 0 ? MISSING_TEXT : `n = ${box.n}, median ${short(box.median)}, quartiles ${short(box.q1)} to ${short(box.q3)}${flagText}`}`)}</title>`,
    ];
    const label =
      box.flagged === true
        ? `${truncateText(box.name, labelW - textWidth(` ${FLAG_MARK}`, fs), fs)} ${FLAG_MARK}`
        : truncateText(box.name, labelW, fs);
    row.push(
      el(
        'text',
        { x: plotLeft - fs * 0.6, y: cy, dy: '0.35em', 'text-anchor': 'end', 'font-size': fs, fill: box.flagged === true ? color : INK },
        escapeXml(label),
      ),
    );
    if (box.n === 0) {
      row.push(
        el(
          'text',
          { x: plotLeft + fs * 0.5, y: cy, dy: '0.35em', 'font-size': fs * 0.9, fill: MUTED, 'font-style': 'italic' },
          MISSING_TEXT,
        ),
      );
    } else {
      const half = rowH * 0.32;
      row.push(
        el('line', { class: 'whisker', x1: sx(box.whiskerLow), y1: cy, x2: sx(box.whiskerHigh), y2: cy, stroke: MUTED, 'stroke-width': 1 }),
      );
      for (const end of [box.whiskerLow, box.whiskerHigh])
        row.push(el('line', { x1: sx(end), y1: cy - half / 2, x2: sx(end), y2: cy + half / 2, stroke: MUTED, 'stroke-width': 1 }));
      // A box at least 2 px wide, so a one-configuration cell (q1 = q3) still shows where it is.
      const spanW = sx(box.q3) - sx(box.q1);
      const boxW = Math.max(2, spanW);
      row.push(
        el('rect', {
          class: 'box',
          x: sx(box.q1) - (boxW - spanW) / 2,
          y: cy - half,
          width: boxW,
          height: 2 * half,
          fill: color,
          'fill-opacity': 0.25,
          stroke: color,
          'stroke-width': 1,
        }),
      );
      row.push(
        el('line', {
          class: 'median',
          x1: sx(box.median),
          y1: cy - half,
          x2: sx(box.median),
          y2: cy + half,
          stroke: color,
          'stroke-width': 2.5,
        }),
      );
      if (box.mean !== undefined && Number.isFinite(box.mean)) {
        const mx = sx(box.mean);
        const d = half * 0.6;
        row.push(
          el('path', {
            class: 'mean',
            d: `M${fmt(mx - d)} ${fmt(cy)}L${fmt(mx)} ${fmt(cy - d)}L${fmt(mx + d)} ${fmt(cy)}L${fmt(mx)} ${fmt(cy + d)}Z`,
            fill: INK,
          }),
        );
      }
      for (const outlier of box.outliers)
        row.push(el('circle', { class: 'outlier', cx: sx(outlier), cy, r: 2.2, fill: 'none', stroke: INK, 'stroke-width': 1 }));
    }
    parts.push(el('g', { class: box.flagged === true ? 'box-row flagged' : 'box-row', 'data-name': box.name }, row));
  });

  if (reference !== undefined) {
    const x = sx(reference.value);
    parts.push(
      el('g', { class: 'reference-line' }, [
        el('line', { x1: x, y1: plotTop, x2: x, y2: plotBottom, stroke: seriesColor(1), 'stroke-width': 1.5, 'stroke-dasharray': '5 3' }),
        el(
          'text',
          {
            x,
            y: plotTop - fs * 0.3,
            'text-anchor': x > (plotLeft + plotRight) / 2 ? 'end' : 'start',
            'font-size': fs * 0.85,
            fill: seriesColor(1),
          },
          escapeXml(reference.label),
        ),
      ]),
    );
  }

  const tickFs = fs * 0.92;
  const labels = ticks.values.map((v) =>
    el(
      'text',
      { x: sx(v), y: plotBottom + tickFs * 1.3, 'text-anchor': 'middle', 'font-size': tickFs, fill: MUTED },
      escapeXml(formatTick(v, ticks.step)),
    ),
  );
  parts.push(el('g', { class: 'tick-labels' }, labels));
  let height = plotBottom + tickFs * 1.3 + pad * 0.5;
  if (options.xLabel) {
    parts.push(
      el(
        'text',
        { x: (plotLeft + plotRight) / 2, y: height + fs, 'text-anchor': 'middle', 'font-size': fs, fill: INK },
        escapeXml(options.xLabel),
      ),
    );
    height += fs * 1.5;
  }
  height += pad * 0.5;
  return svgDocument(width, height, el('g', { class: 'box-plot' }, parts), { title: options.title });
}
