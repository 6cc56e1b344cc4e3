// UCI Sentiment Labelled Sentences (Kotzias et al. 2015) as the sentiment package ships them in
// its test fixtures: one JSON array per domain of `{text, class}`, class 0 or 1, and a trailing
// `{text: '', class: null}` entry that is not an example.
import { readFileSync } from 'node:fs';
import { DataFormatError, type TextExample } from '../types.js';
import { packageFile } from './package-files.js';

export const SENTIMENT_PACKAGE = 'sentiment';
export const UCI_DOMAINS = ['imdb', 'yelp', 'amazon'] as const;
export type UciDomain = (typeof UCI_DOMAINS)[number];

export interface UciSentence extends TextExample {
  domain: UciDomain;
}

const LABELS: Readonly<Record<number, string>> = { 0: 'negative', 1: 'positive' };

function readDomain(domain: UciDomain): UciSentence[] {
  const file = packageFile(SENTIMENT_PACKAGE, 'test', 'fixtures', `${domain}.json`);
  const entries: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(entries)) throw new DataFormatError(file, undefined, 'a JSON array of {text, class}');
  const sentences: UciSentence[] = [];
  entries.forEach((entry: unknown, index) => {
    const { text, class: label } = (entry ?? {}) as { text?: unknown; class?: unknown };
    if (text === '' && label === null) return;
    if (typeof text !== 'string' || typeof label !== 'number' || !(label in LABELS)) {
      throw new DataFormatError(file, undefined, `entry ${index}: {text: string, class: 0 or 1}`);
    }
    // The originals end most sentences with stray spaces (tab-separated source).
    sentences.push({ text: text.trim(), label: LABELS[label]!, domain });
  });
  return sentences;
}

const cache = new Map<UciDomain, UciSentence[]>();

/** The sentences of one domain, parsed once per process. Treat the result as read-only. */
export function uciSentences(domain: UciDomain): UciSentence[] {
  let sentences = cache.get(domain);
  if (!sentences) {
    sentences = readDomain(domain);
    cache.set(domain, sentences);
  }
  return sentences;
}
