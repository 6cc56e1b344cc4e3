// The bold title and muted subtitle the report's charts start with, wrapped to the chart's width.
import { INK, MUTED } from './palette.js';
import { wrapText } from './text.js';
import { el, escapeXml } from './xml.js';

/** Heading lines pushed onto `parts` from `top`, left at `pad`; returns the y below them. */
export function renderHeading(
  parts: string[],
  heading: { title?: string; subtitle?: string },
  layout: { top: number; pad: number; width: number; fontSize: number },
): number {
  const { pad, width, fontSize: fs } = layout;
  let y = layout.top;
  if (heading.title) {
    for (const line of wrapText(heading.title, width - 2 * pad, fs * 1.3, true)) {
      parts.push(el('text', { x: pad, y: y + fs * 1.1, 'font-size': fs * 1.3, 'font-weight': 'bold', fill: INK }, escapeXml(line)));
      y += fs * 1.6;
    }
  }
  if (heading.subtitle) {
    for (const line of wrapText(heading.subtitle, width - 2 * pad, fs)) {
      parts.push(el('text', { x: pad, y: y + fs, 'font-size': fs, fill: MUTED }, escapeXml(line)));
      y += fs * 1.35;
    }
  }
  return y;
}
