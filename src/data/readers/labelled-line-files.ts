// Datasets shipped as one file of sentences per label (MR, SUBJ) with no official split.
import { settingsFor, DEFAULT_SEED } from '../offline/settings.js';
import { STANDARD_FRACTIONS } from '../offline/split-helpers.js';
import { defineTextDataset } from '../registry.js';
import { splitSeeded } from '../split.js';
import type { TextClassificationDataset, TextExample } from '../types.js';
import { locateDataFiles } from './data-dir.js';
import { readSentenceLines } from './sentence-lines.js';
import { encodingSetting, type TextEncoding } from './text-file.js';

export interface LabelledLineFilesInfo {
  name: string;
  source: string;
  size: number;
  /** The archive the files come in, for the "not found" message. */
  origin: string;
  /** The folder the archive unpacks to. */
  subfolder: string;
  /** label → file name, in label order. */
  files: Record<string, string>;
}

export function defineLabelledLineFilesDataset(info: LabelledLineFilesInfo): TextClassificationDataset {
  const labels = Object.keys(info.files);
  const dataset: TextClassificationDataset = defineTextDataset({
    name: info.name,
    group: 'sentence',
    source: info.source,
    size: info.size,
    offline: false,
    splitDescription: `no official split: 80/10/10 train/dev/test, stratified by label (${labels.join(', ')}), seeded`,
    settings: encodingSetting(),
    load: async (options = {}) => {
      const encoding = settingsFor(dataset, options).encoding as TextEncoding;
      const required = Object.fromEntries(labels.map((label) => [label, [info.files[label]!]]));
      const files = await locateDataFiles(options.dataDir, {
        dataset: info.name,
        origin: info.origin,
        subfolders: [info.subfolder],
        required,
      });
      // One file after the other, in label order: when both are unreadable the error names the
      // first every time (Promise.all reported whichever read failed first, a different one per run).
      const all: TextExample[] = [];
      for (const label of labels) all.push(...(await readSentenceLines(files[label]!, label, { encoding })));
      return splitSeeded(all, STANDARD_FRACTIONS, options.seed ?? DEFAULT_SEED, (example) => example.label);
    },
  });
  return dataset;
}
