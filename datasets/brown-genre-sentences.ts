import { defineTextDataset } from '../src/data/registry.js';
import type { LoadOptions, Splits, TextExample } from '../src/data/types.js';
import {
  BROWN_ORIGIN,
  BROWN_PACKAGE,
  GENRE_CLASSES,
  brownDocuments,
  genreLabel,
  plainWord,
  type BrownDocument,
  type GenreClasses,
} from '../src/data/offline/brown.js';
import { packageSource } from '../src/data/offline/package-files.js';
import { DEFAULT_SEED, settingsFor } from '../src/data/offline/settings.js';
import { STANDARD_FRACTIONS, splitGroups } from '../src/data/offline/split-helpers.js';
import { splitSeeded } from '../src/data/split.js';

function sentencesOf(document: BrownDocument, classes: GenreClasses): TextExample[] {
  const label = genreLabel(document.genre, classes);
  return document.sentences.map((sentence) => ({ text: sentence.words.map(plainWord).join(' '), label }));
}

const dataset = defineTextDataset({
  name: 'brown-genre-sentences',
  group: 'sentence',
  source: packageSource(BROWN_PACKAGE, `${BROWN_ORIGIN}; every sentence labelled with its file's genre`),
  size: 57340,
  offline: true,
  splitDescription:
    'seeded 80/10/10 by document (stratified by genre), so test sentences come from unseen documents; splitBy=sentence splits sentences, stratified by label',
  settings: {
    // One sentence says little about its genre: 15 classes is a hard task, so the default merges
    // them into the four sections of the corpus's table of contents.
    classes: {
      values: [...GENRE_CLASSES],
      default: 'section',
      description:
        "'section' (default): press, general, learned, fiction; 'genre': the 15 genres; 'mode': informative or imaginative prose",
    },
    splitBy: {
      values: ['document', 'sentence'],
      default: 'document',
      description: 'split whole documents (stratified by genre) or single sentences (stratified by label)',
    },
  },
  load: async (options?: LoadOptions): Promise<Splits<TextExample>> => {
    const settings = settingsFor(dataset, options);
    const classes = settings.classes as GenreClasses;
    const seed = options?.seed ?? DEFAULT_SEED;
    const documents = brownDocuments();
    if (settings.splitBy === 'sentence') {
      return splitSeeded(
        documents.flatMap((document) => sentencesOf(document, classes)),
        STANDARD_FRACTIONS,
        seed,
        (example) => example.label,
      );
    }
    return splitGroups(
      documents,
      (document) => sentencesOf(document, classes),
      STANDARD_FRACTIONS,
      seed,
      (document) => document.genre,
    );
  },
});

export default dataset;
