// Helpers shared by the statistics tests: tolerance comparison and seeded normal samples.

import assert from 'node:assert/strict';
import { seededRandom } from '../../util/random.js';

/** Fails unless |actual − expected| ≤ tolerance, saying both values. */
export function assertClose(actual: number, expected: number, tolerance: number, label = 'value'): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${label}: got ${actual}, expected ${expected} ± ${tolerance}`);
}

/** Standard normal draws by the Box–Muller transform on the project's seeded generator. */
export function normalSampler(seed: number): () => number {
  const random = seededRandom(seed);
  return () => {
    const u = 1 - random(); // in (0, 1], so the log is finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
}
