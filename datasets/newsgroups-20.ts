import { defineTextDataset } from '../src/data/registry.js';
import { DEFAULT_SEED, settingsFor } from '../src/data/offline/settings.js';
import { DataFormatError } from '../src/data/types.js';
import { carveDev, locateDataFiles } from '../src/data/readers/data-dir.js';
import { readNewsgroups } from '../src/data/readers/newsgroups.js';
import { encodingSetting, type TextEncoding } from '../src/data/readers/text-file.js';

const newsgroups20 = defineTextDataset({
  name: 'newsgroups-20',
  group: 'document',
  source:
    '20 Newsgroups bydate (20news-bydate.tar.gz, Lang 1995 / Rennie): folders 20news-bydate-train/<group>/<n> and 20news-bydate-test/<group>/<n>, one post a file, latin-1; read from --data-dir',
  size: 18846,
  offline: false,
  splitDescription:
    'official by-date train (11314) and test (7532); dev is 10% of train, stratified by group, seeded; headers dropped except the Subject',
  settings: {
    subject: { values: [true, false], default: true, description: "keep the Subject header (without 'Re:') as the post's first line" },
    // latin-1 as released: a few posts hold stray bytes that would defeat auto's UTF-8 test.
    ...encodingSetting('latin1'),
  },
  load: async (options = {}) => {
    const settings = settingsFor(newsgroups20, options);
    const read = { keepSubject: settings.subject === true, encoding: settings.encoding as TextEncoding };
    const folders = await locateDataFiles(options.dataDir, {
      dataset: 'newsgroups-20',
      origin: '20news-bydate.tar.gz, qwone.com/~jason/20Newsgroups',
      subfolders: ['20news-bydate'],
      required: { train: ['20news-bydate-train'], test: ['20news-bydate-test'] },
    });
    const train = await readNewsgroups(folders.train, read);
    const test = await readNewsgroups(folders.test, read);
    // A test group unseen in training means the two folders come from different releases.
    const trainGroups = new Set(train.map((example) => example.label));
    const unknown = [...new Set(test.map((example) => example.label))].filter((group) => !trainGroups.has(group));
    if (unknown.length > 0)
      throw new DataFormatError(
        folders.test,
        undefined,
        `expected the newsgroups of ${folders.train}, found ${unknown.join(', ')} only here`,
      );
    return carveDev(train, test, options.seed ?? DEFAULT_SEED, (example) => example.label);
  },
});

export default newsgroups20;
