// One sentence per line, the whole file one label: MR (rt-polarity.pos/.neg) and SUBJ
// (quote.tok.gt9.5000 / plot.tok.gt9.5000), both latin-1.
import { DataFormatError, type TextExample } from '../types.js';
import { readLines, type TextEncoding } from './text-file.js';

export interface SentenceLinesOptions {
  /** Default auto: the Pang & Lee releases are latin-1, copies re-saved as UTF-8 are common. */
  encoding?: TextEncoding;
}

/**
 * Every line of `file` as one example labelled `label`. A blank line inside the file is an
 * error rather than skipped: neither release has one, so it means the file is not what it is
 * named (or was damaged), and an empty sentence would otherwise enter training silently.
 */
export async function readSentenceLines(file: string, label: string, options: SentenceLinesOptions = {}): Promise<TextExample[]> {
  const expected = 'one sentence per line';
  const lines = await readLines(file, options.encoding ?? 'auto', expected);
  return lines.map((line, index) => {
    const text = line.trim();
    if (text === '') throw new DataFormatError(file, index + 1, `expected ${expected}, found an empty line`);
    return { text, label };
  });
}
