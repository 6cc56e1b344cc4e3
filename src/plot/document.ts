// The <svg> root element shared by every chart.
import { el, escapeXml } from './xml.js';

export const FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

export interface SvgDocumentOptions {
  /** Accessible name (first-child <title>, shown as a tooltip by browsers). */
  title?: string;
  /** Page colour; a transparent chart is unreadable on a dark HTML page. `'none'` for none. */
  background?: string;
}

/**
 * Wraps `body` markup in an <svg> root that works both as a standalone .svg file and inline in
 * HTML: explicit xmlns, a viewBox so CSS can scale it, no XML declaration (invalid inside HTML),
 * and presentation attributes instead of a <style> block (which would leak into the host page).
 */
export function svgDocument(width: number, height: number, body: string, options: SvgDocumentOptions = {}): string {
  if (!(width > 0 && height > 0) || !Number.isFinite(width) || !Number.isFinite(height)) {
    throw new RangeError(`svgDocument: width and height must be positive and finite, got ${width}×${height}`);
  }
  const background = options.background ?? '#ffffff';
  const parts: string[] = [];
  if (options.title !== undefined) parts.push(`<title>${escapeXml(options.title)}</title>`);
  if (background !== 'none') parts.push(el('rect', { width, height, fill: background }));
  parts.push(body);
  return (
    el(
      'svg',
      {
        xmlns: 'http://www.w3.org/2000/svg',
        width,
        height,
        viewBox: `0 0 ${Math.round(width * 100) / 100} ${Math.round(height * 100) / 100}`,
        'font-family': FONT_FAMILY,
        role: 'img',
      },
      parts,
    ) + '\n'
  );
}
