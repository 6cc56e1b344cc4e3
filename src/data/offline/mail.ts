// Just enough RFC 822/2045/2047 to turn a raw email into the text a reader sees: the Subject and
// the text parts of the body, decoded. Everything else in the header (routing, dates, mailer and
// list headers, and above all the X-Spam-* lines a filter added) is dropped: it says how the
// message travelled or what a filter thought of it, and would let a classifier learn the corpus's
// collection process instead of the content.

export interface MailPart {
  headers: Map<string, string>;
  /** Body bytes as latin-1 characters (one char per byte), undecoded. */
  body: string;
}

/** Splits a message (bytes as latin-1 characters) into unfolded headers and body. */
export function parseMessage(raw: string): MailPart {
  const text = raw.replace(/\r\n?/g, '\n');
  // A MIME part may have no headers at all: its body starts after an empty first line.
  let head: string;
  let body: string;
  if (text.startsWith('\n')) {
    head = '';
    body = text.slice(1);
  } else {
    const blank = text.indexOf('\n\n');
    head = blank === -1 ? text : text.slice(0, blank);
    body = blank === -1 ? '' : text.slice(blank + 2);
  }
  const headers = new Map<string, string>();
  let current: string | undefined;
  for (const line of head.split('\n')) {
    if (/^[ \t]/.test(line) && current !== undefined) {
      headers.set(current, `${headers.get(current)!} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0 || /\s/.test(line.slice(0, colon))) {
      // Some messages were re-wrapped at some point: a long header (a MIME boundary, often) goes
      // on in a line without the leading space of a proper fold, and without a space to restore.
      if (current !== undefined) headers.set(current, `${headers.get(current)!}${line.trim()}`);
      // Otherwise the mbox "From sender date" line, or junk: not a header.
      continue;
    }
    current = line.slice(0, colon).toLowerCase();
    // The first occurrence wins: a repeated header is most often a relay's addition.
    if (!headers.has(current)) headers.set(current, line.slice(colon + 1).trim());
    else current = undefined;
  }
  return { headers, body };
}

interface ContentType {
  type: string;
  params: Map<string, string>;
}

function contentType(headers: Map<string, string>): ContentType {
  const value = headers.get('content-type') ?? 'text/plain';
  const [type = 'text/plain', ...rest] = value.split(';');
  const params = new Map<string, string>();
  for (const param of rest) {
    const eq = param.indexOf('=');
    if (eq <= 0) continue;
    params.set(
      param.slice(0, eq).trim().toLowerCase(),
      param
        .slice(eq + 1)
        .trim()
        .replace(/^"/, '')
        .replace(/"$/, ''),
    );
  }
  return { type: type.trim().toLowerCase() || 'text/plain', params };
}

function latin1Bytes(text: string): Uint8Array {
  return Buffer.from(text, 'latin1');
}

const decoders = new Map<string, TextDecoder | null>();

/**
 * Bytes in the declared charset; UTF-8 when it is valid UTF-8 and no charset says otherwise,
 * else latin-1 (old mail is mostly latin-1 or its windows-1252 superset, whatever it declares).
 */
export function decodeCharset(bytes: Uint8Array, charset: string | undefined): string {
  const name = (charset ?? '').toLowerCase().replace(/^3d/, '').replace(/[="']/g, '');
  if (name && name !== 'us-ascii' && name !== 'default' && name !== 'default_charset') {
    let decoder = decoders.get(name);
    if (decoder === undefined) {
      try {
        decoder = new TextDecoder(name);
      } catch {
        decoder = null;
      }
      decoders.set(name, decoder);
    }
    if (decoder) return decoder.decode(bytes);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

export function decodeQuotedPrintable(body: string): string {
  return body.replace(/=\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function decodeTransfer(body: string, encoding: string | undefined): string {
  const name = (encoding ?? '').trim().toLowerCase();
  if (name === 'base64') return Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64').toString('latin1');
  if (name === 'quoted-printable') return decodeQuotedPrintable(body);
  return body;
}

/** RFC 2047 encoded words (`=?utf-8?B?...?=`) in a header value. */
export function decodeHeaderValue(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset: string, encoding: string, data: string) => {
      const bytes =
        encoding.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('latin1') : decodeQuotedPrintable(data.replace(/_/g, ' '));
      return decodeCharset(latin1Bytes(bytes), charset);
    });
}

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  copy: '©',
  reg: '®',
};

/** Visible text of an HTML part: scripts, styles and comments removed, tags dropped, entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<\s*(?:br|p|div|tr|li|h[1-6]|table)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#(\d+);/g, (whole, code: string) =>
      Number(code) > 0 && Number(code) <= 0x10ffff ? String.fromCodePoint(Number(code)) : whole,
    )
    .replace(/&#x([0-9a-f]+);/gi, (whole, code: string) =>
      parseInt(code, 16) > 0 && parseInt(code, 16) <= 0x10ffff ? String.fromCodePoint(parseInt(code, 16)) : whole,
    )
    .replace(/&([a-z]+);/gi, (whole, name: string) => HTML_ENTITIES[name.toLowerCase()] ?? whole);
}

function tidy(text: string): string {
  return (
    text
      // Signatures are base64 noise to a text model; the signed text stays.
      .replace(/-----BEGIN PGP SIGNATURE-----[\s\S]*?-----END PGP SIGNATURE-----/g, '')
      .replace(/^-----BEGIN PGP SIGNED MESSAGE-----\nHash: \S+\n/gm, '')
      .split('\n')
      .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
      .filter((line) => line !== '')
      .join('\n')
  );
}

/** The readable text of one MIME entity: text/plain preferred over text/html in alternatives, non-text parts skipped. */
function entityText(part: MailPart, depth: number): string {
  const { type, params } = contentType(part.headers);
  if (type.startsWith('multipart/') && depth < 8) {
    const boundary = params.get('boundary');
    if (!boundary) return part.body;
    const delimiter = `\n--${boundary}`;
    const pieces = `\n${part.body}`.split(delimiter).slice(1);
    const children: MailPart[] = [];
    for (const piece of pieces) {
      if (piece.startsWith('--')) break;
      children.push(parseMessage(piece.replace(/^[^\n]*\n/, '')));
    }
    if (type === 'multipart/alternative') {
      const texts = children.map((child) => ({ type: contentType(child.headers).type, text: entityText(child, depth + 1) }));
      const plain = texts.find((alternative) => alternative.type === 'text/plain');
      const richest = texts.reduce((best, alternative) => (alternative.text.length > best.length ? alternative.text : best), '');
      // The plain version, unless it is a stub ("This is an HTML message") next to a real one.
      return plain && plain.text.length * 2 >= richest.length ? plain.text : richest;
    }
    return children
      .map((child) => entityText(child, depth + 1))
      .filter((text) => text !== '')
      .join('\n');
  }
  if (type === 'message/rfc822' && depth < 8) return messageText(parseMessage(part.body), depth + 1);
  if (!type.startsWith('text/') && type !== 'message/rfc822') return '';
  const decoded = decodeCharset(
    latin1Bytes(decodeTransfer(part.body, part.headers.get('content-transfer-encoding'))),
    params.get('charset'),
  );
  // Much bulk mail sends HTML with no Content-Type, or a plain one: look at what the text is.
  const isHtml = type === 'text/html' || /<\s*\/?\s*(?:html|body)\b|<\/(?:p|font|div|td|table|a)\s*>/i.test(decoded);
  return isHtml ? htmlToText(decoded) : decoded;
}

function messageText(message: MailPart, depth: number): string {
  const subject = decodeHeaderValue(message.headers.get('subject') ?? '').trim();
  const body = entityText(message, depth);
  return tidy(subject ? `${subject}\n${body}` : body);
}

/** Subject line, then the decoded text of the body, whitespace tidied; `raw` holds the message's bytes as latin-1 characters. */
export function emailText(raw: string, options: { subject?: boolean } = {}): string {
  const message = parseMessage(raw);
  if (options.subject === false) message.headers.delete('subject');
  return messageText(message, 0);
}
