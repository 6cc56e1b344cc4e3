// Text measurement without a renderer: layout needs widths before any font is available, so we
// estimate from per-character classes of a typical sans-serif. Estimates err wide, which costs a
// little whitespace instead of overlapping labels.

const NARROW = new Set([..."il.,:;|!'`()[]{}1 tfjrI"]);
const WIDE = new Set([...'mwMW@%']);

/** Approximate rendered width in px of `s` at `fontSize` px in a sans-serif face. */
export function textWidth(s: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of s) {
    if (NARROW.has(ch)) em += 0.34;
    else if (WIDE.has(ch)) em += 0.88;
    else if (ch >= 'A' && ch <= 'Z') em += 0.68;
    else em += 0.58;
  }
  return em * fontSize * (bold ? 1.08 : 1);
}

/** Greedy word wrap to `maxWidth`; a single word longer than the line is truncated with an ellipsis. */
export function wrapText(s: string, maxWidth: number, fontSize: number, bold = false): string[] {
  const words = s.split(/\s+/).filter((w) => w !== '');
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    const candidate = line === '' ? w : `${line} ${w}`;
    if (textWidth(candidate, fontSize, bold) <= maxWidth || line === '') {
      line = candidate;
    } else {
      lines.push(line);
      line = w;
    }
  }
  if (line !== '') lines.push(line);
  return lines.map((l) => truncateText(l, maxWidth, fontSize, bold));
}

/** Shortens `s` with a trailing ellipsis so that it fits `maxWidth`. */
export function truncateText(s: string, maxWidth: number, fontSize: number, bold = false): string {
  if (textWidth(s, fontSize, bold) <= maxWidth) return s;
  const chars = [...s];
  while (chars.length > 0 && textWidth(`${chars.join('')}…`, fontSize, bold) > maxWidth) chars.pop();
  return `${chars.join('')}…`;
}
