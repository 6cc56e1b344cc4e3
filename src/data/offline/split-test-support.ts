// Checks the offline dataset tests share.
import assert from 'node:assert/strict';
import type { Splits, TextExample } from '../types.js';

/** No item (by identity of its key) in two splits. */
export function assertDisjoint<E>(splits: Splits<E>, key: (item: E) => unknown): void {
  const seen = new Map<unknown, string>();
  for (const name of ['train', 'dev', 'test'] as const) {
    for (const item of splits[name]) {
      const k = key(item);
      const before = seen.get(k);
      assert.ok(before === undefined || before === name, `an item is in both ${before} and ${name}`);
      seen.set(k, name);
    }
  }
}

export function labelShares(examples: readonly TextExample[]): Map<string, number> {
  const shares = new Map<string, number>();
  for (const { label } of examples) shares.set(label, (shares.get(label) ?? 0) + 1 / examples.length);
  return shares;
}

/** Every label's share in dev and test within `tolerance` of its share in train. */
export function assertStratified(splits: Splits<TextExample>, tolerance: number): void {
  const train = labelShares(splits.train);
  for (const name of ['dev', 'test'] as const) {
    const shares = labelShares(splits[name]);
    for (const [label, share] of train) {
      const other = shares.get(label) ?? 0;
      assert.ok(
        Math.abs(other - share) <= tolerance,
        `${label}: ${(share * 100).toFixed(1)}% of train, ${(other * 100).toFixed(1)}% of ${name}`,
      );
    }
  }
}

/** The same split twice for one seed, a different one for another. */
export async function assertSeeded(load: (seed: number) => Promise<Splits<TextExample>>): Promise<void> {
  const texts = (splits: Splits<TextExample>): string[] => splits.test.map((example) => `${example.label}\t${example.text}`);
  const first = await load(1);
  assert.deepEqual(texts(await load(1)), texts(first));
  assert.notDeepEqual(texts(await load(2)), texts(first));
}
