// Dataset entries for Cardoso-Cachopo's preprocessed Reuters-21578 sets (R8, R52): one
// "label<TAB>terms" file per split and per preprocessing variant.
import { defineTextDataset } from '../registry.js';
import { DEFAULT_SEED, settingsFor } from '../offline/settings.js';
import type { TextClassificationDataset } from '../types.js';
import { carveDev, locateDataFiles } from './data-dir.js';
import { encodingSetting, type TextEncoding } from './text-file.js';
import { readLabelledTsv } from './tsv.js';

export const CACHOPO_VARIANTS = ['all-terms', 'no-short', 'no-stop', 'stemmed'] as const;

export interface CachopoDatasetInfo {
  /** Also the file prefix: r8-train-all-terms.txt. */
  name: string;
  classes: number;
  trainSize: number;
  testSize: number;
}

export function defineCachopoDataset(info: CachopoDatasetInfo): TextClassificationDataset {
  const { name } = info;
  const dataset: TextClassificationDataset = defineTextDataset({
    name,
    group: 'document',
    source:
      `Reuters-21578 ${name.toUpperCase()} (${info.classes} classes) as preprocessed by Cardoso-Cachopo 2007: ${name}-train-all-terms.txt and ` +
      `${name}-test-all-terms.txt (or the no-short, no-stop, stemmed variants), lines 'label<TAB>text'; read from --data-dir`,
    size: info.trainSize + info.testSize,
    offline: false,
    splitDescription: `official ModApté train (${info.trainSize}) and test (${info.testSize}); dev is 10% of train, stratified by label, seeded`,
    settings: {
      variant: {
        values: [...CACHOPO_VARIANTS],
        default: 'all-terms',
        description: 'which preprocessing of the files to read (the file name suffix)',
      },
      ...encodingSetting(),
    },
    load: async (options = {}) => {
      const settings = settingsFor(dataset, options);
      const variant = String(settings.variant);
      const encoding = settings.encoding as TextEncoding;
      const files = await locateDataFiles(options.dataDir, {
        dataset: name,
        origin: 'ana.cachopo.org/datasets-for-single-label-text-categorization',
        required: { train: [`${name}-train-${variant}.txt`], test: [`${name}-test-${variant}.txt`] },
      });
      const train = await readLabelledTsv(files.train, { encoding });
      const test = await readLabelledTsv(files.test, { encoding });
      return carveDev(train, test, options.seed ?? DEFAULT_SEED, (example) => example.label);
    },
  });
  return dataset;
}
