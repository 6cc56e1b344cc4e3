import { defineTaggingDataset } from '../src/data/registry.js';
import { DEFAULT_SEED, settingsFor } from '../src/data/offline/settings.js';
import { isChunkTag, type ConllLayout } from '../src/data/readers/conll.js';
import { columnChoice, COLUMN_SETTING_VALUES, loadConllSplits } from '../src/data/readers/conll-splits.js';
import { encodingSetting, type TextEncoding } from '../src/data/readers/text-file.js';

/** A POS column never holds a chunk or NER tag: one that does means the columns are not in this order. */
function posAndChunks(columns: string[], chunkColumns: number[]): string | undefined {
  if (isChunkTag(columns[1]!)) return `column 1 holds '${columns[1]!}', a chunk or NER tag, not a POS tag`;
  const notChunk = chunkColumns.find((index) => !isChunkTag(columns[index]!));
  return notChunk === undefined ? undefined : `column ${notChunk} holds '${columns[notChunk]!}', not a chunk or NER tag (O, B-X, I-X)`;
}

// The POS tag is column 1 in every layout: taking the last column of a CoNLL-2000 or -2003 file
// would train on chunk or NER tags without a word of warning.
const LAYOUTS: ConllLayout[] = [
  { name: "'word POS'", columns: 2, token: 0, tag: 1 },
  { name: "CoNLL-2000 'word POS chunk'", columns: 3, token: 0, tag: 1, check: (columns) => posAndChunks(columns, [2]) },
  { name: "CoNLL-2003 'word POS chunk NER'", columns: 4, token: 0, tag: 1, check: (columns) => posAndChunks(columns, [2, 3]) },
];

const wsjPos = defineTaggingDataset({
  name: 'wsj-pos',
  group: 'tagging',
  source:
    "Penn Treebank WSJ POS tags in CoNLL column form (LDC licence): train.txt, dev.txt (optional), test.txt, one token a line ('word POS', CoNLL-2000 'word POS chunk' or CoNLL-2003 'word POS chunk NER'), a blank line between sentences; read from --data-dir",
  size: 49208,
  offline: false,
  splitDescription:
    "the files' own train/dev/test (usually sections 0-18 / 19-21 / 22-24); without dev.txt, dev is 10% of train sentences, seeded",
  settings: {
    tokenColumn: {
      values: COLUMN_SETTING_VALUES,
      default: 'auto',
      description: 'column of the word, 0-based, -1 for the last; auto: column 0 of a layout recognised by its column count (2, 3 or 4)',
    },
    tagColumn: {
      values: COLUMN_SETTING_VALUES,
      default: 'auto',
      description: 'column of the POS tag, 0-based, -1 for the last; auto: column 1 of a recognised layout',
    },
    ...encodingSetting(),
  },
  load: async (options = {}) => {
    const settings = settingsFor(wsjPos, options);
    return loadConllSplits(
      options.dataDir,
      options.seed ?? DEFAULT_SEED,
      {
        dataset: 'wsj-pos',
        origin: 'the Penn Treebank (LDC99T42) converted to CoNLL columns',
        subfolders: ['wsj'],
        extensions: ['.txt', '.conll'],
      },
      { ...columnChoice(settings), layouts: LAYOUTS, encoding: settings.encoding as TextEncoding },
    );
  },
});

export default wsjPos;
