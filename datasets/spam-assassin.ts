import { defineTextDataset } from '../src/data/registry.js';
import type { LoadOptions, Splits, TextExample } from '../src/data/types.js';
import { packageSource } from '../src/data/offline/package-files.js';
import { DEFAULT_SEED, settingsFor } from '../src/data/offline/settings.js';
import { STANDARD_FRACTIONS } from '../src/data/offline/split-helpers.js';
import { SPAM_PACKAGE, spamMessages } from '../src/data/offline/spam-assassin.js';
import { splitSeeded } from '../src/data/split.js';

const dataset = defineTextDataset({
  name: 'spam-assassin',
  group: 'document',
  source: packageSource(
    SPAM_PACKAGE,
    'the SpamAssassin public mail corpus (Apache SpamAssassin project, 2002–2003): easy-ham-1/2, hard-ham-1, spam-1/2',
  ),
  size: 6046,
  offline: true,
  splitDescription:
    'seeded 80/10/10 stratified by group (easy-ham-1/2, hard-ham-1, spam-1/2), hence by label; text is the Subject and the decoded text parts, other headers dropped',
  settings: {
    subject: {
      values: [true, false],
      default: true,
      description: 'put the Subject line before the body (every other header is always dropped)',
    },
  },
  load: async (options?: LoadOptions): Promise<Splits<TextExample>> => {
    const { subject } = settingsFor(dataset, options);
    const messages = spamMessages({ subject: subject === true });
    const splits = splitSeeded(messages, STANDARD_FRACTIONS, options?.seed ?? DEFAULT_SEED, (message) => message.group);
    const strip = ({ text, label }: TextExample): TextExample => ({ text, label });
    return { train: splits.train.map(strip), dev: splits.dev.map(strip), test: splits.test.map(strip) };
  },
});

export default dataset;
