// A small, strict XML well-formedness checker that also returns the element tree. It exists so
// tests (here and in the report code) can assert that generated SVG parses and can inspect it,
// without a parser dependency. It covers what our writers emit plus comments, CDATA, processing
// instructions and a DOCTYPE without internal subset; it rejects anything else it does not know.

import { ILLEGAL_XML_CHARS } from './xml.js';

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: (XmlElement | string)[];
}

export class XmlError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at offset ${offset}`);
    this.name = 'XmlError';
  }
}

const NAME = /[A-Za-z_:][A-Za-z0-9_:.-]*/y;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(raw: string, offset: number): string {
  return raw.replace(/&([^;&<\s]*);?/g, (match, body: string, at: number) => {
    if (!match.endsWith(';')) throw new XmlError("unterminated reference ('&' must be escaped)", offset + at);
    const named = PREDEFINED[body];
    if (named !== undefined) return named;
    const m = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(body);
    if (m === null) throw new XmlError(`unknown entity '&${body};'`, offset + at);
    const code = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2] ?? '', 10);
    const legal =
      code === 0x9 ||
      code === 0xa ||
      code === 0xd ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      (code >= 0x10000 && code <= 0x10ffff);
    if (!legal) throw new XmlError(`character reference to illegal character ${body}`, offset + at);
    return String.fromCodePoint(code);
  });
}

/** Parses `src` as an XML document and returns its root element; throws `XmlError` if it is not well-formed. */
export function parseXml(src: string): XmlElement {
  const bad = src.search(ILLEGAL_XML_CHARS);
  if (bad >= 0) throw new XmlError('character not allowed in XML', bad);
  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;

  const fail = (msg: string): never => {
    throw new XmlError(msg, i);
  };
  const readName = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(src);
    if (m === null) return fail('expected a name');
    i += m[0].length;
    return m[0];
  };
  const skipSpace = (): boolean => {
    const start = i;
    while (i < src.length && ' \t\r\n'.includes(src[i] as string)) i++;
    return i > start;
  };
  const skipUntil = (end: string, what: string): string => {
    const j = src.indexOf(end, i);
    if (j < 0) fail(`unterminated ${what}`);
    const body = src.slice(i, j);
    i = j + end.length;
    return body;
  };

  if (src.startsWith('\uFEFF')) i = 1;
  while (i < src.length) {
    if (src.startsWith('<!--', i)) {
      i += 4;
      const body = skipUntil('-->', 'comment');
      if (body.includes('--')) fail("'--' inside comment");
    } else if (src.startsWith('<?', i)) {
      const at = i;
      i += 2;
      const target = readName();
      if (target.toLowerCase() === 'xml' && at !== (src.startsWith('\uFEFF') ? 1 : 0)) fail('XML declaration not at start');
      skipUntil('?>', 'processing instruction');
    } else if (src.startsWith('<![CDATA[', i)) {
      if (stack.length === 0) fail('CDATA outside the root element');
      i += 9;
      stack[stack.length - 1]?.children.push(skipUntil(']]>', 'CDATA section'));
    } else if (src.startsWith('<!DOCTYPE', i)) {
      if (root !== null || stack.length > 0) fail('DOCTYPE after the root element');
      i += 9;
      const body = skipUntil('>', 'DOCTYPE');
      if (body.includes('[')) fail('DOCTYPE internal subsets are not supported');
    } else if (src.startsWith('</', i)) {
      i += 2;
      const name = readName();
      skipSpace();
      if (src[i] !== '>') fail("expected '>'");
      i++;
      const open = stack.pop();
      if (open === undefined) fail(`closing tag </${name}> without an open element`);
      else if (open.name !== name) fail(`</${name}> closes <${open.name}>`);
    } else if (src[i] === '<') {
      i++;
      if (root !== null && stack.length === 0) fail('more than one root element');
      const elem: XmlElement = { name: readName(), attrs: {}, children: [] };
      for (;;) {
        const spaced = skipSpace();
        if (src.startsWith('/>', i) || src[i] === '>') break;
        if (!spaced) fail('expected whitespace between attributes');
        const attr = readName();
        skipSpace();
        if (src[i] !== '=') fail(`expected '=' after attribute ${attr}`);
        i++;
        skipSpace();
        const quote = src[i];
        if (quote !== '"' && quote !== "'") return fail('attribute value must be quoted');
        i++;
        const start = i;
        const raw = skipUntil(quote, 'attribute value');
        if (raw.includes('<')) throw new XmlError("'<' in attribute value", start + raw.indexOf('<'));
        if (Object.hasOwn(elem.attrs, attr)) fail(`duplicate attribute ${attr}`);
        elem.attrs[attr] = decodeEntities(raw, start);
      }
      stack[stack.length - 1]?.children.push(elem);
      if (stack.length === 0) root = elem;
      if (src.startsWith('/>', i)) {
        i += 2;
      } else {
        i++;
        stack.push(elem);
      }
    } else {
      const start = i;
      const j = src.indexOf('<', i);
      i = j < 0 ? src.length : j;
      const raw = src.slice(start, i);
      if (stack.length === 0) {
        if (raw.trim() !== '') throw new XmlError('text outside the root element', start);
      } else {
        if (raw.includes(']]>')) throw new XmlError("']]>' in text", start + raw.indexOf(']]>'));
        stack[stack.length - 1]?.children.push(decodeEntities(raw, start));
      }
    }
  }
  if (stack.length > 0) fail(`unclosed element <${stack[stack.length - 1]?.name}>`);
  if (root === null) return fail('no root element');
  return root;
}

/** All elements named `name` in document order, including `root` itself. */
export function findAll(root: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement): void => {
    if (e.name === name) out.push(e);
    for (const c of e.children) if (typeof c !== 'string') walk(c);
  };
  walk(root);
  return out;
}

/** The concatenated text content of an element. */
export function textContent(e: XmlElement): string {
  return e.children.map((c) => (typeof c === 'string' ? c : textContent(c))).join('');
}
