// TREC question classification (Li & Roth 2002): train_5500.label and TREC_10.label, lines
// like "DESC:manner How did serfdom develop in and then leave Russia ?", latin-1.
import { DataFormatError, type TextExample } from '../types.js';
import { excerpt, readLines, type TextEncoding } from './text-file.js';

export const TREC_COARSE_LABELS = ['ABBR', 'DESC', 'ENTY', 'HUM', 'LOC', 'NUM'] as const;

export type TrecLabels = 'coarse' | 'fine';

export interface TrecOptions {
  /** coarse: the 6 classes (default, as in E18); fine: the 50 "COARSE:fine" classes. */
  labels?: TrecLabels;
  /** Default auto: the release is latin-1. */
  encoding?: TextEncoding;
}

const LINE = /^([A-Za-z]+):([A-Za-z]+)\s+(\S.*)$/;
const EXAMPLE = "'COARSE:fine question' (e.g. 'DESC:manner How did serfdom develop in and then leave Russia ?')";

export async function readTrec(file: string, options: TrecOptions = {}): Promise<TextExample[]> {
  const lines = await readLines(file, options.encoding ?? 'auto', `TREC question lines ${EXAMPLE}`);
  const coarseSet = new Set<string>(TREC_COARSE_LABELS);
  return lines.map((line, index) => {
    const match = LINE.exec(line.trim());
    if (!match) throw new DataFormatError(file, index + 1, `expected ${EXAMPLE}, found ${excerpt(line)}`);
    const [, coarse, fine, question] = match as unknown as [string, string, string, string];
    // A label outside the six means a different file (or a shifted column), not a new class.
    if (!coarseSet.has(coarse)) {
      throw new DataFormatError(file, index + 1, `expected a coarse label among ${TREC_COARSE_LABELS.join(', ')}, found '${coarse}'`);
    }
    return { text: question.trim(), label: options.labels === 'fine' ? `${coarse}:${fine}` : coarse };
  });
}
