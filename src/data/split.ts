// Seeded train/dev/test splits for sources that come without one of their own.
import { seededRandom, shuffled } from '../util/random.js';
import type { Splits } from './types.js';

export interface SplitFractions {
  dev: number;
  test: number;
}

/**
 * Splits `items` into train/dev/test with the given fractions. Stratified when `labelOf` is given:
 * each label's items are shuffled and divided separately, so every split keeps the label
 * proportions (and a label with few items still reaches train first). Deterministic in `seed`.
 */
export function splitSeeded<E>(items: readonly E[], fractions: SplitFractions, seed: number, labelOf?: (item: E) => string): Splits<E> {
  if (fractions.dev < 0 || fractions.test < 0 || fractions.dev + fractions.test >= 1) {
    throw new Error(`split fractions must be non-negative and leave room for train: dev ${fractions.dev}, test ${fractions.test}`);
  }
  const random = seededRandom(seed);
  const groups = new Map<string, E[]>();
  for (const item of items) {
    const key = labelOf ? labelOf(item) : '';
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  const splits: Splits<E> = { train: [], dev: [], test: [] };
  // Sorted keys: the result must not depend on the order labels first appear in.
  for (const key of [...groups.keys()].sort()) {
    const group = shuffled(groups.get(key)!, random);
    const testCount = Math.round(group.length * fractions.test);
    const devCount = Math.round(group.length * fractions.dev);
    splits.test.push(...group.slice(0, testCount));
    splits.dev.push(...group.slice(testCount, testCount + devCount));
    splits.train.push(...group.slice(testCount + devCount));
  }
  // Interleave the labels again so that batches drawn in order are mixed.
  return { train: shuffled(splits.train, random), dev: shuffled(splits.dev, random), test: shuffled(splits.test, random) };
}
