import { defineTextDataset } from '../src/data/registry.js';
import type { LoadOptions, Splits, TextExample } from '../src/data/types.js';
import { packageSource } from '../src/data/offline/package-files.js';
import { DEFAULT_SEED, settingsFor } from '../src/data/offline/settings.js';
import { STANDARD_FRACTIONS } from '../src/data/offline/split-helpers.js';
import { SENTIMENT_PACKAGE, UCI_DOMAINS, uciSentences, type UciDomain } from '../src/data/offline/uci-sentiment.js';
import { splitSeeded } from '../src/data/split.js';

const dataset = defineTextDataset({
  name: 'uci-sentiment',
  group: 'sentence',
  source: packageSource(
    SENTIMENT_PACKAGE,
    'test/fixtures/{imdb,yelp,amazon}.json: UCI Sentiment Labelled Sentences (Kotzias, Denil, de Freitas & Smyth, KDD 2015)',
  ),
  size: 3000,
  offline: true,
  splitDescription: 'seeded 80/10/10, stratified by label and domain',
  settings: {
    domain: {
      values: ['all', ...UCI_DOMAINS],
      default: 'all',
      description: "'all' (3,000 sentences) or one domain's 1,000: imdb, yelp, amazon",
    },
  },
  load: async (options?: LoadOptions): Promise<Splits<TextExample>> => {
    const { domain } = settingsFor(dataset, options);
    const domains = domain === 'all' ? UCI_DOMAINS : [domain as UciDomain];
    const sentences = domains.flatMap((name) => uciSentences(name));
    const splits = splitSeeded(
      sentences,
      STANDARD_FRACTIONS,
      options?.seed ?? DEFAULT_SEED,
      (sentence) => `${sentence.label}/${sentence.domain}`,
    );
    const strip = ({ text, label }: TextExample): TextExample => ({ text, label });
    return { train: splits.train.map(strip), dev: splits.dev.map(strip), test: splits.test.map(strip) };
  },
});

export default dataset;
