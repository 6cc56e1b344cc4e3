import { defineTextDataset } from '../src/data/registry.js';
import type { LoadOptions, Splits, TextExample } from '../src/data/types.js';
import {
  BROWN_ORIGIN,
  BROWN_PACKAGE,
  GENRE_CLASSES,
  brownDocuments,
  genreLabel,
  plainWord,
  type GenreClasses,
} from '../src/data/offline/brown.js';
import { packageSource } from '../src/data/offline/package-files.js';
import { DEFAULT_SEED, settingsFor } from '../src/data/offline/settings.js';
import { STANDARD_FRACTIONS } from '../src/data/offline/split-helpers.js';
import { splitSeeded } from '../src/data/split.js';

const dataset = defineTextDataset({
  name: 'brown-genre-documents',
  group: 'document',
  source: packageSource(BROWN_PACKAGE, `${BROWN_ORIGIN}; each of the 500 files is a document labelled with its genre from cats.txt`),
  size: 500,
  offline: true,
  splitDescription: 'seeded 80/10/10, stratified by label (the smallest genre, science_fiction, has 6 documents: 4/1/1)',
  settings: {
    classes: {
      values: [...GENRE_CLASSES],
      default: 'genre',
      description: "'genre': the 15 genres; 'section': press, general, learned, fiction; 'mode': informative or imaginative prose",
    },
  },
  load: async (options?: LoadOptions): Promise<Splits<TextExample>> => {
    const classes = settingsFor(dataset, options).classes as GenreClasses;
    // Text is the corpus's tokens joined by spaces, one sentence a line, tags dropped.
    const examples = brownDocuments().map((document) => ({
      text: document.sentences.map((sentence) => sentence.words.map(plainWord).join(' ')).join('\n'),
      label: genreLabel(document.genre, classes),
    }));
    return splitSeeded(examples, STANDARD_FRACTIONS, options?.seed ?? DEFAULT_SEED, (example) => example.label);
  },
});

export default dataset;
