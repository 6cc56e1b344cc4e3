import { defineTaggingDataset } from '../src/data/registry.js';
import { DEFAULT_SEED, settingsFor } from '../src/data/offline/settings.js';
import type { ConllLayout } from '../src/data/readers/conll.js';
import { columnChoice, COLUMN_SETTING_VALUES, loadConllSplits } from '../src/data/readers/conll-splits.js';
import { encodingSetting, type TextEncoding } from '../src/data/readers/text-file.js';

// Eger et al. put a running index before each token: a 3-column file without one is some other
// layout (CoNLL-2000's 'word POS chunk' would make the POS tags the words).
const LAYOUTS: ConllLayout[] = [
  { name: "'token tag'", columns: 2, token: 0, tag: 1 },
  {
    name: "Eger et al.'s 'index token tag'",
    columns: 3,
    token: 1,
    tag: 2,
    check: (columns) => (/^\d+$/.test(columns[0]!) ? undefined : `column 0 holds '${columns[0]!}', not a token index`),
  },
];

const tlAm = defineTaggingDataset({
  name: 'tl-am',
  group: 'tagging',
  source:
    'token-level argument mining on the persuasive essays (Stab & Gurevych 2017) in the CoNLL form of Eger et al. 2017 (github.com/UKPLab/acl2017-neural_end2end_am, data/conll/Essay_Level): train.dat, dev.dat (optional), test.dat (or .txt), tab-separated index, token, BIO tag; read from --data-dir',
  size: 402,
  offline: false,
  splitDescription:
    "the files' own train/dev/test (one essay or paragraph per blank-line block); without a dev file, dev is 10% of train, seeded",
  settings: {
    tokenColumn: {
      values: COLUMN_SETTING_VALUES,
      default: 'auto',
      description: "column of the token, 0-based, -1 for the last; auto: 1 in Eger et al.'s 'index token tag', 0 in 'token tag'",
    },
    tagColumn: {
      values: COLUMN_SETTING_VALUES,
      default: 'auto',
      description: 'column of the BIO tag, 0-based, -1 for the last; auto: the last of a recognised layout',
    },
    tags: {
      values: ['component', 'full'],
      default: 'component',
      description: 'component: BIO and component type only (B-Claim); full: as in the file, stance and relation included (B-Claim:For)',
    },
    // The essays corpus and its CoNLL conversion are UTF-8: a latin-1 byte is an error, not a guess.
    ...encodingSetting('utf8'),
  },
  load: async (options = {}) => {
    const settings = settingsFor(tlAm, options);
    const splits = await loadConllSplits(
      options.dataDir,
      options.seed ?? DEFAULT_SEED,
      {
        dataset: 'tl-am',
        origin: 'github.com/UKPLab/acl2017-neural_end2end_am, data/conll/Essay_Level or Paragraph_Level',
        subfolders: ['Essay_Level', 'conll/Essay_Level', 'data/conll/Essay_Level'],
        extensions: ['.dat', '.txt'],
      },
      // BIO is checked on the full tags: stripping first could hide a component that changes
      // stance or relation mid-span.
      { ...columnChoice(settings), layouts: LAYOUTS, scheme: 'bio', encoding: settings.encoding as TextEncoding },
    );
    if (settings.tags === 'full') return splits;
    const component = (tag: string): string => tag.split(':', 1)[0]!;
    const strip = (sentences: typeof splits.train) =>
      sentences.map((sentence) => ({ tokens: sentence.tokens, tags: sentence.tags.map(component) }));
    return { train: strip(splits.train), dev: strip(splits.dev), test: strip(splits.test) };
  },
});

export default tlAm;
