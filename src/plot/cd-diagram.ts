// Critical-difference diagram (Demšar 2006): the average ranks of the compared methods on an axis,
// the critical difference as a scale bar, and thick bars joining groups of methods whose ranks
// differ by less than it (no significant difference within a group). Rank 1, the best, is at the
// left. Labels of the better half hang to the left, the rest to the right.
import { renderHeading } from './chart-heading.js';
import { svgDocument } from './document.js';
import { INK, MUTED, seriesColor } from './palette.js';
import { linearScale } from './scale.js';
import { textWidth } from './text.js';
import { el, escapeXml } from './xml.js';

export interface CdDiagramOptions {
  /** name → average rank (1 = best). */
  ranks: readonly { name: string; rank: number }[];
  criticalDifference: number;
  title?: string;
  subtitle?: string;
  width?: number;
  fontSize?: number;
}

/**
 * The groups to join with a bar: for each method (in rank order), the run of methods from it that
 * lie within the critical difference of it, kept when it has two or more members and is not
 * inside an earlier group. Returns index ranges [first, last] into the rank-sorted list.
 */
export function nonSignificantGroups(sortedRanks: readonly number[], criticalDifference: number): [number, number][] {
  const groups: [number, number][] = [];
  let lastEnd = -1;
  for (let first = 0; first < sortedRanks.length; first++) {
    let last = first;
    while (last + 1 < sortedRanks.length && sortedRanks[last + 1]! - sortedRanks[first]! < criticalDifference) last++;
    if (last > first && last > lastEnd) {
      groups.push([first, last]);
      lastEnd = last;
    }
  }
  return groups;
}

export function cdDiagramSvg(options: CdDiagramOptions): string {
  const fs = options.fontSize ?? 12;
  const width = options.width ?? 760;
  const pad = fs;
  const sorted = [...options.ranks].sort((a, b) => a.rank - b.rank || (a.name < b.name ? -1 : 1));
  const k = sorted.length;
  const parts: string[] = [];

  const y = renderHeading(parts, options, { top: pad, pad, width, fontSize: fs });

  const half = Math.ceil(k / 2);
  const labelW = Math.max(40, ...sorted.map((m) => textWidth(`${m.name} (${m.rank.toFixed(2)})`, fs)));
  const axisLeft = pad + labelW + fs * 1.5;
  const axisRight = width - pad - labelW - fs * 1.5;
  const cd = options.criticalDifference;
  const cdShown = Number.isFinite(cd) && cd > 0;
  // The axis reaches past the last rank when the CD is wider than the ranks spread (few blocks),
  // so the scale bar is drawn true to length; beyond twice the rank range it is cut and says so.
  const rankEnd = Math.max(k, Math.ceil(Math.max(...sorted.map((m) => m.rank), 1)));
  const maxRank = cdShown ? Math.min(2 * rankEnd, Math.max(rankEnd, Math.ceil(1 + cd))) : rankEnd;
  const sx = linearScale(1, maxRank, axisLeft, Math.max(axisLeft + 10, axisRight));

  // Critical-difference scale bar above the axis, starting at rank 1.
  const cdY = y + fs * 1.2;
  if (cdShown) {
    const cdEnd = sx(Math.min(maxRank, 1 + cd));
    const cut = 1 + cd > maxRank;
    parts.push(
      el('g', { class: 'critical-difference' }, [
        el('line', { x1: sx(1), y1: cdY, x2: cdEnd, y2: cdY, stroke: INK, 'stroke-width': 2 }),
        el('line', { x1: sx(1), y1: cdY - 4, x2: sx(1), y2: cdY + 4, stroke: INK, 'stroke-width': 1 }),
        el('line', { x1: cdEnd, y1: cdY - 4, x2: cdEnd, y2: cdY + 4, stroke: INK, 'stroke-width': 1 }),
        el(
          'text',
          { x: (sx(1) + cdEnd) / 2, y: cdY - 6, 'text-anchor': 'middle', 'font-size': fs, fill: INK },
          escapeXml(`CD = ${cd.toFixed(2)}${cut ? ' (longer than the axis)' : ''}`),
        ),
      ]),
    );
  }

  const axisY = cdY + fs * 2.4;
  const axis: string[] = [el('line', { x1: sx(1), y1: axisY, x2: sx(maxRank), y2: axisY, stroke: INK, 'stroke-width': 1.5 })];
  for (let r = 1; r <= maxRank; r++) {
    axis.push(el('line', { x1: sx(r), y1: axisY - 5, x2: sx(r), y2: axisY, stroke: INK, 'stroke-width': 1 }));
    axis.push(el('text', { x: sx(r), y: axisY - 8, 'text-anchor': 'middle', 'font-size': fs * 0.9, fill: MUTED }, String(r)));
  }
  parts.push(el('g', { class: 'axis' }, axis));

  // Group bars just under the axis, each on its own line so overlapping groups stay apart.
  const groups = nonSignificantGroups(
    sorted.map((m) => m.rank),
    cd,
  );
  const barGap = fs * 0.55;
  const bars = groups.map(([first, last], i) => {
    const by = axisY + fs * 0.9 + i * barGap;
    return el('line', {
      class: 'group',
      x1: sx(sorted[first]!.rank) - 3,
      y1: by,
      x2: sx(sorted[last]!.rank) + 3,
      y2: by,
      stroke: seriesColor(1),
      'stroke-width': 3.5,
      'stroke-linecap': 'round',
    });
  });
  parts.push(el('g', { class: 'groups' }, bars));

  const labelsTop = axisY + fs * 1.6 + groups.length * barGap;
  const lineGap = fs * 1.55;
  const methods = sorted.map((method, i) => {
    const leftSide = i < half;
    const row = leftSide ? i : k - 1 - i;
    const ly = labelsTop + row * lineGap + fs;
    const mx = sx(method.rank);
    const endX = leftSide ? axisLeft - fs * 0.5 : Math.max(axisLeft + 10, axisRight) + fs * 0.5;
    const label = `${method.name} (${method.rank.toFixed(2)})`;
    return el('g', { class: 'method', 'data-name': method.name }, [
      el('polyline', {
        points: `${mx.toFixed(2)},${axisY.toFixed(2)} ${mx.toFixed(2)},${ly.toFixed(2)} ${endX.toFixed(2)},${ly.toFixed(2)}`,
        fill: 'none',
        stroke: MUTED,
        'stroke-width': 1,
      }),
      el(
        'text',
        { x: leftSide ? endX - 4 : endX + 4, y: ly, dy: '0.35em', 'text-anchor': leftSide ? 'end' : 'start', 'font-size': fs, fill: INK },
        escapeXml(label),
      ),
    ]);
  });
  parts.push(...methods);
  const height = labelsTop + Math.max(half, k - half) * lineGap + pad * 1.5;
  return svgDocument(width, height, el('g', { class: 'cd-diagram' }, parts), { title: options.title });
}
