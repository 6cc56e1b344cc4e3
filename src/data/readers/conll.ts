// CoNLL-style column files for tagging: one token per line, columns separated by tabs or
// spaces, a blank line between sentences, optional -DOCSTART- lines. Used for POS (WSJ in
// CoNLL form) and for BIO argument mining (TL-AM: O, B-Claim, I-Premise, …).
import { DataFormatError, type TaggedSentence } from '../types.js';
import { excerpt, readLines, type TextEncoding } from './text-file.js';

export type ConllSeparator = 'auto' | 'tab' | 'whitespace';

/**
 * A column layout a dataset knows, recognised by its column count (checked on every line): which
 * column holds the token and which the tag.
 */
export interface ConllLayout {
  /** "CoNLL-2000 (word POS chunk)", for messages. */
  name: string;
  columns: number;
  token: number;
  tag: number;
  /** What is wrong with one token line's columns for this layout, or undefined. */
  check?: (columns: string[]) => string | undefined;
}

export interface ConllOptions {
  /**
   * Column of the token, 0-based; negative counts from the end. Default: the detected layout's,
   * else 0 (the first).
   */
  tokenColumn?: number;
  /** Column of the tag, 0-based; negative counts from the end. Default: the detected layout's, else -1 (the last). */
  tagColumn?: number;
  /**
   * The layouts to detect when tokenColumn and tagColumn are not both given: the first token
   * line's column count picks one, a count none has is an error, and every line must pass the
   * layout's check. A wrong column would train on chunk or NER tags, or on tags as words.
   */
  layouts?: ConllLayout[];
  /**
   * auto (default): tabs if the first token line has one, else runs of spaces. Tab-separated
   * files keep a token's inner spaces; space-separated ones (CoNLL-2000/2003) have none.
   */
  separator?: ConllSeparator;
  /** bio: every tag must be O, B-type or I-type, and I-type must continue B-type or I-type. */
  scheme?: 'none' | 'bio';
  /** Default auto: CoNLL-2003 is latin-1, most other column files UTF-8. */
  encoding?: TextEncoding;
}

const DOCSTART = '-DOCSTART-';

/** The entity type of a BIO tag ("Claim" for B-Claim), null for O, undefined when not BIO. */
export function bioParts(tag: string): { prefix: 'B' | 'I'; type: string } | null | undefined {
  if (tag === 'O') return null;
  const match = /^([BI])-(.+)$/.exec(tag);
  return match ? { prefix: match[1] as 'B' | 'I', type: match[2]! } : undefined;
}

function resolveColumn(column: number, count: number): number {
  return column < 0 ? count + column : column;
}

/** A chunk or NER tag (CoNLL-2000/2003, BIO or IOB1): O, B-TYPE or I-TYPE. */
export function isChunkTag(tag: string): boolean {
  return tag === 'O' || /^[BI]-\S+$/.test(tag);
}

/** "set tokenColumn and tagColumn (0-based)": how to read a layout the reader does not know. */
const CHOOSE_COLUMNS = 'set the dataset settings tokenColumn and tagColumn (0-based, -1 for the last) to read another layout';

function detectLayout(layouts: ConllLayout[], columns: string[], file: string, line: number, raw: string): ConllLayout {
  const layout = layouts.find((candidate) => candidate.columns === columns.length);
  if (layout) return layout;
  const known = layouts.map((candidate) => `${candidate.columns}: ${candidate.name}`).join('; ');
  throw new DataFormatError(
    file,
    line,
    `found ${columns.length} columns in ${excerpt(raw)}, a layout this dataset does not know (${known}); ${CHOOSE_COLUMNS}`,
  );
}

export async function readConll(file: string, options: ConllOptions = {}): Promise<TaggedSentence[]> {
  const detect = options.layouts !== undefined && (options.tokenColumn === undefined || options.tagColumn === undefined);
  let layout: ConllLayout | undefined;
  let tokenColumn = options.tokenColumn ?? 0;
  let tagColumn = options.tagColumn ?? -1;
  const lines = await readLines(
    file,
    options.encoding ?? 'auto',
    'CoNLL token lines (token and tag columns, a blank line between sentences)',
  );
  let separator: RegExp | undefined = options.separator === 'tab' ? /\t/ : options.separator === 'whitespace' ? /\s+/ : undefined;
  // Set by the first token line: every later line must match it, since a shifted column would
  // silently turn tokens into tags.
  let columnCount: number | undefined;
  let columnsLine = 0;
  let tokenIndex = 0;
  let tagIndex = 0;

  const sentences: TaggedSentence[] = [];
  let tokens: string[] = [];
  let tags: string[] = [];
  const endSentence = (): void => {
    if (tokens.length > 0) sentences.push({ tokens, tags });
    tokens = [];
    tags = [];
  };

  lines.forEach((raw, index) => {
    const lineNumber = index + 1;
    const line = raw.trim();
    if (line === '') {
      endSentence();
      return;
    }
    separator ??= raw.includes('\t') ? /\t/ : /\s+/;
    const columns = line.split(separator).map((column) => column.trim());
    if (columns[0] === DOCSTART || columns.includes(DOCSTART)) {
      endSentence();
      return;
    }
    if (columnCount === undefined) {
      if (detect) {
        layout = detectLayout(options.layouts!, columns, file, lineNumber, raw);
        tokenColumn = options.tokenColumn ?? layout.token;
        tagColumn = options.tagColumn ?? layout.tag;
      }
      columnCount = columns.length;
      columnsLine = lineNumber;
      tokenIndex = resolveColumn(tokenColumn, columnCount);
      tagIndex = resolveColumn(tagColumn, columnCount);
      const needed = Math.max(tokenIndex, tagIndex) + 1;
      if (tokenIndex < 0 || tagIndex < 0 || needed > columnCount) {
        throw new DataFormatError(
          file,
          lineNumber,
          `expected enough columns for token column ${tokenColumn} and tag column ${tagColumn}, found ${columnCount} in ${excerpt(raw)}`,
        );
      }
      if (tokenIndex === tagIndex)
        throw new DataFormatError(
          file,
          lineNumber,
          `expected different token and tag columns, both are column ${tokenIndex} of ${columnCount}`,
        );
    } else if (columns.length !== columnCount) {
      // A tab-separated file with a space-separated line (or the reverse) lands here too.
      const separated = separator!.source === '\\t' ? 'tab-separated' : 'space-separated';
      throw new DataFormatError(
        file,
        lineNumber,
        `expected ${columnCount} ${separated} columns (as on line ${columnsLine}), found ${columns.length} in ${excerpt(raw)}`,
      );
    }
    const problem = layout?.check?.(columns);
    if (problem)
      throw new DataFormatError(
        file,
        lineNumber,
        `expected ${layout!.name} (detected from ${columnCount} columns), but ${problem} in ${excerpt(raw)}; ${CHOOSE_COLUMNS}`,
      );
    const token = columns[tokenIndex]!;
    const tag = columns[tagIndex]!;
    if (token === '' || tag === '')
      throw new DataFormatError(file, lineNumber, `expected a non-empty token and tag, found ${excerpt(raw)}`);
    if (options.scheme === 'bio') {
      const parts = bioParts(tag);
      if (parts === undefined) throw new DataFormatError(file, lineNumber, `expected a BIO tag (O, B-type or I-type), found '${tag}'`);
      if (parts?.prefix === 'I') {
        const previous = tags.length > 0 ? bioParts(tags[tags.length - 1]!) : null;
        if (!previous || previous.type !== parts.type) {
          throw new DataFormatError(
            file,
            lineNumber,
            `expected ${tag} to follow B-${parts.type} or ${tag}, found it after ${tags.length > 0 ? `'${tags[tags.length - 1]!}'` : 'the start of the sentence'}`,
          );
        }
      }
    }
    tokens.push(token);
    tags.push(tag);
  });
  endSentence();
  if (sentences.length === 0)
    throw new DataFormatError(file, lines.length, 'expected at least one sentence of token lines, found only -DOCSTART- or blank lines');
  return sentences;
}
