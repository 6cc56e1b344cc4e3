// Ranking of scores within one block (one mini-experiment): rank 1 is the best, ties share the
// average of the ranks they span (the convention of Friedman's test and of E18's rank tables).

import { requireNoNaN } from './validate.js';

/** Rank 1 = best; ties get the average of the ranks they span. Throws on NaN. */
export function averageRanks(values: readonly number[], higherIsBetter = true): number[] {
  requireNoNaN(values, 'averageRanks');
  const order = values.map((_, index) => index);
  // compare rather than subtract: Infinity − Infinity would be NaN and break the sort
  const better = (a: number, b: number) => (higherIsBetter ? a > b : a < b);
  order.sort((a, b) => (better(values[a]!, values[b]!) ? -1 : better(values[b]!, values[a]!) ? 1 : 0));
  const ranks = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    while (end < order.length && values[order[end]!] === values[order[start]!]) end++;
    // positions start..end-1 hold ranks start+1..end; their average:
    const shared = (start + 1 + end) / 2;
    for (let position = start; position < end; position++) ranks[order[position]!] = shared;
    start = end;
  }
  return ranks;
}

/** Sizes of the groups of equal ranks (1 for an untied value): the tie corrections need Σ(t³ − t). */
export function tieGroupSizes(ranks: readonly number[]): number[] {
  const counts = new Map<number, number>();
  for (const rank of ranks) counts.set(rank, (counts.get(rank) ?? 0) + 1);
  return [...counts.values()];
}
