import { defineTextDataset } from '../src/data/registry.js';
import type { LoadOptions, Splits, TextExample } from '../src/data/types.js';
import { IMDB_PACKAGE, imdbSubset } from '../src/data/offline/imdb.js';
import { packageSource } from '../src/data/offline/package-files.js';
import { DEFAULT_SEED, settingsFor } from '../src/data/offline/settings.js';
import { STANDARD_FRACTIONS } from '../src/data/offline/split-helpers.js';
import { splitSeeded } from '../src/data/split.js';

const dataset = defineTextDataset({
  name: 'imdb',
  group: 'document',
  source: packageSource(IMDB_PACKAGE, 'reviews.json: the Large Movie Review Dataset (Maas et al., ACL 2011), train and test pooled'),
  size: 49580,
  offline: true,
  splitDescription:
    'markup stripped, exact duplicates removed after stripping (420; none has conflicting labels, any such text would be dropped), seeded 80/10/10 stratified by label',
  settings: {
    limit: {
      values: ['all', 1000, 2000, 5000, 10000, 20000],
      default: 'all',
      description: 'a balanced subset of this many reviews (the same one for every seed) before splitting, or all 49,580',
    },
  },
  load: async (options?: LoadOptions): Promise<Splits<TextExample>> => {
    const { limit } = settingsFor(dataset, options);
    const reviews = imdbSubset(typeof limit === 'number' ? limit : undefined);
    return splitSeeded(reviews, STANDARD_FRACTIONS, options?.seed ?? DEFAULT_SEED, (review) => review.label);
  },
});

export default dataset;
