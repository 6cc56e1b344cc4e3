import { defineTaggingDataset } from '../src/data/registry.js';
import { DEFAULT_SEED, settingsFor } from '../src/data/offline/settings.js';
import { loadConllSplits } from '../src/data/readers/conll-splits.js';

const COLUMNS = [-1, 0, 1, 2, 3];

const tlAm = defineTaggingDataset({
  name: 'tl-am',
  group: 'tagging',
  source:
    'token-level argument mining on the persuasive essays (Stab & Gurevych 2017) in the CoNLL form of Eger et al. 2017 (github.com/UKPLab/acl2017-neural_end2end_am, data/conll/Essay_Level): train.dat, dev.dat (optional), test.dat (or .txt), tab-separated index, token, BIO tag; read from --data-dir',
  size: 402,
  offline: false,
  splitDescription: "the files' own train/dev/test (one essay or paragraph per blank-line block); without a dev file, dev is 10% of train, seeded",
  settings: {
    tokenColumn: { values: COLUMNS, default: 1, description: 'column of the token, 0-based, -1 for the last (Eger et al. put an index in column 0)' },
    tagColumn: { values: COLUMNS, default: -1, description: 'column of the BIO tag, 0-based, -1 for the last' },
    tags: {
      values: ['component', 'full'],
      default: 'component',
      description: 'component: BIO and component type only (B-Claim); full: as in the file, stance and relation included (B-Claim:For)',
    },
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
      { tokenColumn: Number(settings.tokenColumn), tagColumn: Number(settings.tagColumn), scheme: 'bio' },
    );
    if (settings.tags === 'full') return splits;
    const component = (tag: string): string => tag.split(':', 1)[0]!;
    const strip = (sentences: typeof splits.train) => sentences.map((sentence) => ({ tokens: sentence.tokens, tags: sentence.tags.map(component) }));
    return { train: strip(splits.train), dev: strip(splits.dev), test: strip(splits.test) };
  },
});

export default tlAm;
