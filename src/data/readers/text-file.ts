// Reading the original files: encodings, line splitting and the errors every reader shares.
import { readFile } from 'node:fs/promises';
import { DataFormatError } from '../types.js';

/**
 * latin1 for the 1990s/2000s corpora (MR, SUBJ, TREC, 20 Newsgroups): they are not valid UTF-8,
 * and decoding them as UTF-8 would silently turn every accented byte into U+FFFD.
 */
export type TextEncoding = 'latin1' | 'utf8';

function isNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** The whole file as text; a missing file is a DataFormatError naming it and what it should hold. */
export async function readText(file: string, encoding: TextEncoding, expected: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, encoding);
  } catch (error) {
    if (isNotFound(error)) throw new DataFormatError(file, undefined, `file not found; expected ${expected}`);
    if ((error as { code?: unknown } | null)?.code === 'EISDIR') throw new DataFormatError(file, undefined, `is a folder; expected a file holding ${expected}`);
    throw error;
  }
  // A BOM is an editor's artefact, not part of the first label or token.
  return encoding === 'utf8' && text.startsWith('\uFEFF') ? text.slice(1) : text;
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
