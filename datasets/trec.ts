import { defineTextDataset } from '../src/data/registry.js';
import { DEFAULT_SEED, settingsFor } from '../src/data/offline/settings.js';
import { carveDev, locateDataFiles } from '../src/data/readers/data-dir.js';
import { encodingSetting, type TextEncoding } from '../src/data/readers/text-file.js';
import { readTrec } from '../src/data/readers/trec.js';

const trec = defineTextDataset({
  name: 'trec',
  group: 'sentence',
  source:
    "Li & Roth 2002 question classification: train_5500.label (5452) and TREC_10.label (500), lines 'COARSE:fine question', latin-1; read from --data-dir",
  size: 5952,
  offline: false,
  splitDescription: 'official train (train_5500.label) and test (TREC_10.label); dev is 10% of train, stratified by label, seeded',
  settings: {
    labels: {
      values: ['coarse', 'fine'],
      default: 'coarse',
      description: 'coarse: the 6 question types (as in E18); fine: the 50 COARSE:fine types',
    },
    ...encodingSetting(),
  },
  load: async (options = {}) => {
    const settings = settingsFor(trec, options);
    const labels = settings.labels === 'fine' ? 'fine' : 'coarse';
    const files = await locateDataFiles(options.dataDir, {
      dataset: 'trec',
      origin: 'the Li & Roth question classification page, cogcomp.seas.upenn.edu/Data/QA/QC',
      required: { train: ['train_5500.label'], test: ['TREC_10.label'] },
    });
    const encoding = settings.encoding as TextEncoding;
    const train = await readTrec(files.train, { labels, encoding });
    const test = await readTrec(files.test, { labels, encoding });
    return carveDev(train, test, options.seed ?? DEFAULT_SEED, (example) => example.label);
  },
});

export default trec;
