import { defineTaggingDataset } from '../src/data/registry.js';
import type { LoadOptions, Splits, TaggedSentence } from '../src/data/types.js';
import { BROWN_ORIGIN, BROWN_PACKAGE, brownDocuments, type BrownDocument, type BrownSentence } from '../src/data/offline/brown.js';
import { stripAffixes, universalTag } from '../src/data/offline/brown-tags.js';
import { packageSource } from '../src/data/offline/package-files.js';
import { DEFAULT_SEED, settingsFor } from '../src/data/offline/settings.js';
import { STANDARD_FRACTIONS, splitGroups } from '../src/data/offline/split-helpers.js';
import { splitSeeded } from '../src/data/split.js';

function tagged(sentence: BrownSentence, tagset: string): TaggedSentence {
  return { tokens: sentence.words, tags: sentence.tags.map(tagset === 'fine' ? stripAffixes : universalTag) };
}

const dataset = defineTaggingDataset({
  name: 'brown-pos',
  group: 'tagging',
  source: packageSource(BROWN_PACKAGE, `${BROWN_ORIGIN}; 472 raw tags mapped to the 12 universal tags of Petrov, Das & McDonald (2012)`),
  size: 57340,
  offline: true,
  splitDescription:
    'seeded 80/10/10 by document (500 files, stratified by genre) so no document is in two splits; splitBy=sentence splits the sentences instead',
  settings: {
    tagset: {
      values: ['universal', 'fine'],
      default: 'universal',
      description: "'universal': the 12 universal tags; 'fine': the raw Brown tag without fw-/-tl/-hl/-nc affixes",
    },
    splitBy: {
      values: ['document', 'sentence'],
      default: 'document',
      description: 'split whole documents (stratified by genre) or single sentences',
    },
  },
  load: async (options?: LoadOptions): Promise<Splits<TaggedSentence>> => {
    const { tagset, splitBy } = settingsFor(dataset, options);
    const seed = options?.seed ?? DEFAULT_SEED;
    const documents = brownDocuments();
    const toTagged = (sentence: BrownSentence): TaggedSentence => tagged(sentence, String(tagset));
    if (splitBy === 'sentence') {
      const sentences = documents.flatMap((document) => document.sentences.map(toTagged));
      return splitSeeded(sentences, STANDARD_FRACTIONS, seed);
    }
    return splitGroups(
      documents,
      (document: BrownDocument) => document.sentences.map(toTagged),
      STANDARD_FRACTIONS,
      seed,
      (document) => document.genre,
    );
  },
});

export default dataset;
