// "label<TAB>text" lines, as in Cardoso-Cachopo's R8/R52 files (r8-train-all-terms.txt, …).
import { DataFormatError, type TextExample } from '../types.js';
import { excerpt, readLines, type TextEncoding } from './text-file.js';

export interface LabelledTsvOptions {
  /** Default auto: the R8/R52 files are ASCII with the odd latin-1 byte, newer TSV exports UTF-8. */
  encoding?: TextEncoding;
}

/**
 * One example per line, split at the first tab: the label is what precedes it, the text all
 * that follows (later tabs are kept in the text). An empty text is allowed, since the
 * preprocessed variants (stop words removed, stemmed) can leave a document with no terms; an
 * empty label or a blank line is an error.
 */
export async function readLabelledTsv(file: string, options: LabelledTsvOptions = {}): Promise<TextExample[]> {
  const lines = await readLines(file, options.encoding ?? 'auto', "'label<TAB>text' lines");
  return lines.map((line, index) => {
    const tab = line.indexOf('\t');
    if (tab < 0) {
      throw new DataFormatError(
        file,
        index + 1,
        line.trim() === ''
          ? "expected 'label<TAB>text', found an empty line"
          : `expected 'label<TAB>text', found no tab in ${excerpt(line)}`,
      );
    }
    const label = line.slice(0, tab).trim();
    if (label === '') throw new DataFormatError(file, index + 1, `expected a label before the tab, found none in ${excerpt(line)}`);
    return { text: line.slice(tab + 1).trim(), label };
  });
}
