// Reading the original files: encodings, line splitting and the errors every reader shares.
import { readFile } from 'node:fs/promises';
import type { SettingDeclaration } from '../../plugins/settings.js';
import { DataFormatError } from '../types.js';

/**
 * utf8: strict UTF-8, an undecodable byte is an error naming file and line. latin1: Windows-1252
 * (ISO-8859-1 with curly quotes and dashes at 0x80–0x9F), the encoding of the 1990s/2000s corpora
 * (MR, SUBJ, TREC, 20 Newsgroups, CoNLL-2003); every byte decodes. auto: UTF-8 when the whole
 * file is valid UTF-8 (plain ASCII is both), else latin1, since users re-save the originals as
 * UTF-8 as often as not; a file that mixes the two is an error at its first non-UTF-8 line.
 */
export type TextEncoding = 'auto' | 'utf8' | 'latin1';

export const TEXT_ENCODINGS: readonly TextEncoding[] = ['auto', 'utf8', 'latin1'];

/** The `encoding` dataset setting of a dataset read from text files in `distribution`'s encoding. */
export function encodingSetting(fallback: TextEncoding = 'auto'): { encoding: SettingDeclaration } {
  return {
    encoding: {
      values: TEXT_ENCODINGS,
      default: fallback,
      description: "the files' encoding: auto (UTF-8 if the whole file is, else latin-1), utf8 (strict), latin1 (Windows-1252)",
    },
  };
}

function isNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/**
 * Windows-1252's characters at 0x80–0x9F (ISO-8859-1 has C1 controls there; five bytes are
 * unassigned and stay as they are). Written out because Node 20's TextDecoder('windows-1252')
 * decodes these bytes as ISO-8859-1.
 */
const CP1252_HIGH =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

const windows1252 = {
  decode: (bytes: Uint8Array): string =>
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      .toString('latin1')
      .replace(/[\u0080-\u009f]/g, (char) => CP1252_HIGH[char.charCodeAt(0) - 0x80]!),
};

function validUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The bytes of each line (split at LF), with the 1-based line number. */
function* byteLines(bytes: Uint8Array): Generator<{ line: number; bytes: Uint8Array }> {
  let start = 0;
  let line = 1;
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    yield { line, bytes: bytes.subarray(start, end) };
    start = end + 1;
    line++;
  }
}

/** Where UTF-8 decoding of a line fails: "byte 0xE9 at column 12" (column in characters, 1-based). */
function firstBadByte(lineBytes: Uint8Array): string {
  const lenient = new TextDecoder('utf-8').decode(lineBytes);
  const column = lenient.indexOf('\uFFFD');
  const offset = Buffer.byteLength(lenient.slice(0, column), 'utf8');
  return `byte 0x${lineBytes[offset]!.toString(16).toUpperCase().padStart(2, '0')} at column ${column + 1}`;
}

/** `bytes` as text in `encoding`; a byte that cannot be decoded is a DataFormatError at its line. */
export function decodeText(bytes: Uint8Array, file: string, encoding: TextEncoding): string {
  if (encoding === 'latin1') return windows1252.decode(bytes);
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return strictUtf8.decode(body);
  } catch {
    // Not UTF-8: find the line, and whether other lines are.
  }
  let firstBad: { line: number; bytes: Uint8Array } | undefined;
  let utf8Line: number | undefined;
  for (const entry of byteLines(body)) {
    if (!validUtf8(entry.bytes)) firstBad ??= entry;
    else if (utf8Line === undefined && entry.bytes.some((byte) => byte >= 0x80)) utf8Line = entry.line;
    if (firstBad && utf8Line !== undefined) break;
  }
  const bad = firstBad!;
  if (encoding === 'utf8') {
    throw new DataFormatError(
      file,
      bad.line,
      `not valid UTF-8 (${firstBadByte(bad.bytes)}); if the file is latin-1, set the dataset setting encoding=latin1`,
    );
  }
  if (utf8Line !== undefined) {
    throw new DataFormatError(
      file,
      bad.line,
      `not valid UTF-8 (${firstBadByte(bad.bytes)}) though line ${utf8Line} is: the file mixes encodings; fix the line, or set encoding=latin1 to read the whole file as latin-1`,
    );
  }
  return windows1252.decode(body);
}

/** The whole file as text; a missing file is a DataFormatError naming it and what it should hold. */
export async function readText(file: string, encoding: TextEncoding, expected: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if (isNotFound(error)) throw new DataFormatError(file, undefined, `file not found; expected ${expected}`);
    if ((error as { code?: unknown } | null)?.code === 'EISDIR')
      throw new DataFormatError(file, undefined, `is a folder; expected a file holding ${expected}`);
    throw error;
  }
  return decodeText(bytes, file, encoding);
}

/**
 * The lines without their terminators (LF or CRLF: files that passed through Windows tools
 * keep their \r otherwise). Trailing blank lines are dropped so that a final newline, or a
 * few, is never mistaken for a record; blank lines inside are the caller's to judge.
 */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  return lines;
}

/** The file's lines, rejecting a file with none (an empty download or a truncated copy). */
export async function readLines(file: string, encoding: TextEncoding, expected: string): Promise<string[]> {
  const lines = splitLines(await readText(file, encoding, expected));
  if (lines.length === 0) throw new DataFormatError(file, 1, `expected ${expected}, found an empty file`);
  return lines;
}

/** A short, printable excerpt of an offending line for error messages. */
export function excerpt(line: string, max = 60): string {
  const visible = line.replace(/\t/g, '\\t');
  return JSON.stringify(visible.length > max ? `${visible.slice(0, max)}…` : visible);
}
