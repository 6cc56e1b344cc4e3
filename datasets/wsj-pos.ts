import { defineTaggingDataset } from '../src/data/registry.js';
import { DEFAULT_SEED, settingsFor } from '../src/data/offline/settings.js';
import { loadConllSplits } from '../src/data/readers/conll-splits.js';

const COLUMNS = [-1, 0, 1, 2, 3, 4, 5];

const wsjPos = defineTaggingDataset({
  name: 'wsj-pos',
  group: 'tagging',
  source:
    'Penn Treebank WSJ POS tags in CoNLL column form (LDC licence): train.txt, dev.txt (optional), test.txt, one token a line, a blank line between sentences; read from --data-dir',
  size: 49208,
  offline: false,
  splitDescription:
    'the files\' own train/dev/test (usually sections 0-18 / 19-21 / 22-24); without dev.txt, dev is 10% of train sentences, seeded',
  settings: {
    tokenColumn: { values: COLUMNS, default: 0, description: 'column of the word, 0-based, -1 for the last' },
    tagColumn: {
      values: COLUMNS,
      default: -1,
      description: "column of the POS tag, 0-based, -1 for the last (1 for CoNLL-2000 chunking files: 'word POS chunk')",
    },
  },
  load: async (options = {}) => {
    const settings = settingsFor(wsjPos, options);
    return loadConllSplits(
      options.dataDir,
      options.seed ?? DEFAULT_SEED,
      { dataset: 'wsj-pos', origin: 'the Penn Treebank (LDC99T42) converted to CoNLL columns', subfolders: ['wsj'], extensions: ['.txt', '.conll'] },
      { tokenColumn: Number(settings.tokenColumn), tagColumn: Number(settings.tagColumn) },
    );
  },
});

export default wsjPos;
