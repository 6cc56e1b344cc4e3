// Minimal helpers for emitting SVG/XML text. Every number and string that reaches the output
// passes through here, so these are the only places that must guarantee well-formed output.

/** Characters XML 1.0 forbids even when escaped; a stray one makes the whole document unreadable. */
export const ILLEGAL_XML_CHARS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for element content and for attribute values (either quote style). */
export function escapeXml(text: string): string {
  return text
    .replace(ILLEGAL_XML_CHARS, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * Formats a coordinate with two decimals (sub-pixel precision is invisible but bloats files).
 * Throws on NaN/±Infinity: such a value reaching the writer is a bug upstream, and failing loudly
 * beats emitting `points="NaN,…"`, which browsers silently drop.
 */
export function fmt(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`non-finite coordinate in SVG output: ${n}`);
  const r = Math.round(n * 100) / 100;
  return String(r === 0 ? 0 : r);
}

export type AttrValue = string | number | undefined;
export type Attrs = Record<string, AttrValue>;

function attrText(attrs: Attrs): string {
  let out = '';
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined) continue;
    out += ` ${k}="${typeof v === 'number' ? fmt(v) : escapeXml(v)}"`;
  }
  return out;
}

/**
 * Builds one element. `children` is trusted markup (already built with `el`/`text`); pass plain
 * strings through `text()` first.
 */
export function el(name: string, attrs: Attrs = {}, children?: string | readonly string[]): string {
  const body = children === undefined ? '' : typeof children === 'string' ? children : children.join('');
  return body === '' ? `<${name}${attrText(attrs)}/>` : `<${name}${attrText(attrs)}>${body}</${name}>`;
}

/** Plain text as markup. */
export function text(s: string): string {
  return escapeXml(s);
}
