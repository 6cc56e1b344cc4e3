// Splits for corpora whose examples come in groups (sentences in documents): split the groups,
// then take their members, so that no document feeds both training and test.
import { seededRandom, shuffled } from '../../util/random.js';
import { splitSeeded, type SplitFractions } from '../split.js';
import type { Splits } from '../types.js';

export const STANDARD_FRACTIONS: SplitFractions = { dev: 0.1, test: 0.1 };

export function splitGroups<G, E>(
  groups: readonly G[],
  members: (group: G) => E[],
  fractions: SplitFractions,
  seed: number,
  stratum?: (group: G) => string,
): Splits<E> {
  const byGroup = splitSeeded(groups, fractions, seed, stratum);
  // Members are mixed again, as splitSeeded mixes items, so that batches drawn in order do not
  // walk through one document at a time. A generator of its own keeps the group split unchanged.
  const random = seededRandom((seed ^ 0x5bd1e995) >>> 0);
  return {
    train: shuffled(byGroup.train.flatMap(members), random),
    dev: shuffled(byGroup.dev.flatMap(members), random),
    test: shuffled(byGroup.test.flatMap(members), random),
  };
}

export function mapSplits<A, B>(splits: Splits<A>, f: (item: A) => B): Splits<B> {
  return { train: splits.train.map(f), dev: splits.dev.map(f), test: splits.test.map(f) };
}
