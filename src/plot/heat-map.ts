// A heat map of a matrix with a label in every cell: rows (activations) by columns
// (mini-experiments), the value's colour on a single-hue scale so that light/dark reads the same
// in greyscale, and missing cells hatched grey with a dash. Column labels are slanted because
// mini-experiment ids are long.
import { renderHeading } from './chart-heading.js';
import { svgDocument } from './document.js';
import { INK, MUTED } from './palette.js';
import { textWidth, truncateText } from './text.js';
import { el, escapeXml } from './xml.js';

export interface HeatMapOptions {
  rowLabels: readonly string[];
  columnLabels: readonly string[];
  /** values[row][column]; null for a missing cell. */
  values: readonly (readonly (number | null)[])[];
  /** Text in each cell (default: the value with two decimals). */
  cellText?: (value: number) => string;
  /** Which end of the colour scale is dark: 'low' for ranks (1 = best = darkest). */
  dark?: 'low' | 'high';
  /** Fixed scale ends; default the finite extent of the values. */
  domain?: readonly [number, number];
  title?: string;
  subtitle?: string;
  cellWidth?: number;
  cellHeight?: number;
  fontSize?: number;
}

const MISSING_FILL = '#eeeeee';
// Light to dark blue (ColorBrewer Blues ends): stays ordered for colour-blind readers and in print.
const LIGHT: [number, number, number] = [0xf7, 0xfb, 0xff];
const DARK: [number, number, number] = [0x08, 0x30, 0x6b];

function mix(t: number): string {
  const channel = (i: number): string =>
    Math.round(LIGHT[i]! + (DARK[i]! - LIGHT[i]!) * t)
      .toString(16)
      .padStart(2, '0');
  return `#${channel(0)}${channel(1)}${channel(2)}`;
}

export function heatMapSvg(options: HeatMapOptions): string {
  const fs = options.fontSize ?? 11;
  const cellW = options.cellWidth ?? 56;
  const cellH = options.cellHeight ?? 20;
  const pad = fs;
  const cellText = options.cellText ?? ((v: number) => v.toFixed(2));
  const finite = options.values.flat().filter((v): v is number => v !== null && Number.isFinite(v));
  const [lo, hi] = options.domain ?? (finite.length > 0 ? [Math.min(...finite), Math.max(...finite)] : [0, 1]);
  const darkness = (v: number): number => {
    const t = hi === lo ? 0.5 : Math.min(1, Math.max(0, (v - lo) / (hi - lo)));
    return options.dark === 'low' ? 1 - t : t;
  };

  const labelW = Math.min(220, Math.max(40, ...options.rowLabels.map((label) => textWidth(label, fs))));
  const slantedW = Math.min(260, Math.max(20, ...options.columnLabels.map((label) => textWidth(label, fs))));
  const gridLeft = pad + labelW + fs * 0.6;
  const gridW = options.columnLabels.length * cellW;
  // Labels slant up-right at 45°: they need height and reach right beyond the last column.
  const width = Math.max(gridLeft + gridW + slantedW * Math.SQRT1_2 + pad, 320);
  const parts: string[] = [];
  const y = renderHeading(parts, options, { top: pad, pad, width, fontSize: fs });
  const gridTop = y + slantedW * Math.SQRT1_2 + fs;

  const columnLabels = options.columnLabels.map((label, c) => {
    const x = gridLeft + (c + 0.5) * cellW;
    const ly = gridTop - fs * 0.4;
    return el(
      'text',
      { x, y: ly, transform: `rotate(-45 ${x.toFixed(2)} ${ly.toFixed(2)})`, 'font-size': fs, fill: INK },
      escapeXml(truncateText(label, 260, fs)),
    );
  });
  parts.push(el('g', { class: 'column-labels' }, columnLabels));

  const rows = options.rowLabels.map((label, r) => {
    const top = gridTop + r * cellH;
    const cells: string[] = [
      el(
        'text',
        { x: gridLeft - fs * 0.6, y: top + cellH / 2, dy: '0.35em', 'text-anchor': 'end', 'font-size': fs, fill: INK },
        escapeXml(truncateText(label, labelW, fs)),
      ),
    ];
    options.columnLabels.forEach((column, c) => {
      const value = options.values[r]?.[c] ?? null;
      const x = gridLeft + c * cellW;
      const present = value !== null && Number.isFinite(value);
      const t = present ? darkness(value) : 0;
      cells.push(
        el('g', { class: present ? 'cell' : 'cell missing' }, [
          `<title>${escapeXml(`${label} × ${column}: ${present ? cellText(value) : 'no value'}`)}</title>`,
          el('rect', {
            x,
            y: top,
            width: cellW,
            height: cellH,
            fill: present ? mix(t) : MISSING_FILL,
            stroke: '#ffffff',
            'stroke-width': 1,
          }),
          el(
            'text',
            {
              x: x + cellW / 2,
              y: top + cellH / 2,
              dy: '0.35em',
              'text-anchor': 'middle',
              'font-size': fs * 0.95,
              fill: present && t > 0.55 ? '#ffffff' : present ? INK : MUTED,
            },
            escapeXml(present ? cellText(value) : '—'),
          ),
        ]),
      );
    });
    return el('g', { class: 'heat-row', 'data-name': label }, cells);
  });
  parts.push(...rows);
  const height = gridTop + options.rowLabels.length * cellH + pad;
  return svgDocument(width, height, el('g', { class: 'heat-map' }, parts), { title: options.title });
}
