import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../../util/random.js';
import { bayesianSignedRank, gammaVariate, regionMassesByEnumeration, regionMassesFast } from './bayesian-signed-rank.js';

test('region masses: the O(n) computation equals enumeration over every ordered pair, sums on the bound split half and half', () => {
  const values = [0, 0.01, -0.004, 0.003, 0.012, -0.02, 0.005];
  const random = seededRandom(7);
  for (let trial = 0; trial < 20; trial++) {
    const raw = values.map(() => random() + 0.01);
    const total = raw.reduce((a, b) => a + b, 0);
    const weights = raw.map((x) => x / total);
    for (const rope of [0, 0.0025, 0.005, 0.01]) {
      const slow = regionMassesByEnumeration(values, weights, rope);
      const fast = regionMassesFast(values, weights, rope);
      assert.ok(Math.abs(slow.left - fast.left) < 1e-12 && Math.abs(slow.right - fast.right) < 1e-12, `rope ${rope}`);
    }
  }
  // Worked by hand: values 0 and 1, weights ½ each, rope 0.5 (bound 1): sums 0 (¼), 1 (½, on the bound), 2 (¼).
  const hand = regionMassesByEnumeration([0, 1], [0.5, 0.5], 0.5);
  assert.equal(hand.right, 0.25 + 0.25);
  assert.equal(hand.left, 0);
  assert.equal(hand.rope, 0.5);
  const handFast = regionMassesFast([0, 1], [0.5, 0.5], 0.5);
  assert.equal(handFast.right, 0.5);
});

test('gamma variates have mean and variance equal to the shape', () => {
  const random = seededRandom(3);
  for (const shape of [0.5, 1, 2.5]) {
    const n = 40_000;
    const xs = Array.from({ length: n }, () => gammaVariate(shape, random));
    const mean = xs.reduce((a, b) => a + b, 0) / n;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
    assert.ok(Math.abs(mean - shape) < 0.03 * Math.max(1, shape), `mean ${mean} for ${shape}`);
    assert.ok(Math.abs(variance - shape) < 0.08 * Math.max(1, shape), `variance ${variance} for ${shape}`);
  }
});

test('differences far above the rope: P(right) ≈ 1; far below: P(left) ≈ 1', () => {
  const up = [0.05, 0.06, 0.04, 0.07, 0.05, 0.08, 0.06, 0.05];
  const right = bayesianSignedRank(up, { rope: 0.005, samples: 5000 });
  assert.ok(right.right > 0.99, JSON.stringify(right));
  const left = bayesianSignedRank(
    up.map((d) => -d),
    { rope: 0.005, samples: 5000 },
  );
  assert.ok(left.left > 0.99, JSON.stringify(left));
});

test('differences inside the rope: P(rope) ≈ 1', () => {
  const small = [0.001, -0.001, 0.002, -0.002, 0, 0.0005, -0.0015, 0.001, 0.0012, -0.0008, 0.0003, -0.0002];
  const result = bayesianSignedRank(small, { rope: 0.005, samples: 5000 });
  assert.ok(result.rope > 0.99, JSON.stringify(result));
});

test('symmetric differences: P(left) ≈ P(right); probabilities sum to 1; seeded', () => {
  const symmetric = [0.02, -0.02, 0.03, -0.03, 0.015, -0.015, 0.04, -0.04];
  const result = bayesianSignedRank(symmetric, { rope: 0.001, samples: 20_000 });
  assert.ok(Math.abs(result.left - result.right) < 0.03, JSON.stringify(result));
  assert.ok(Math.abs(result.left + result.rope + result.right - 1) < 1e-12);
  assert.deepEqual(
    bayesianSignedRank(symmetric, { rope: 0.001, samples: 2000, seed: 5 }),
    bayesianSignedRank(symmetric, { rope: 0.001, samples: 2000, seed: 5 }),
  );
});

test('no differences: the prior alone, z_0 = 0 in the rope', () => {
  assert.deepEqual(bayesianSignedRank([], { rope: 0.005, samples: 100 }), { left: 0, rope: 1, right: 0 });
});

test('a paper-scale pooled test (168 pairs, 50,000 samples) runs well under a second', () => {
  const random = seededRandom(11);
  const d = Array.from({ length: 168 }, () => (random() - 0.5) * 0.05);
  const start = performance.now();
  bayesianSignedRank(d, { rope: 0.005 });
  assert.ok(performance.now() - start < 3000);
});

test("decideAt stops once each region is settled against the threshold, and the verdict is the full run's", async () => {
  const { DECISION_BATCH } = await import('./bayesian-signed-rank.js');
  const verdict = (p: { left: number; rope: number; right: number }) =>
    p.right >= 0.95 ? 'right' : p.rope >= 0.95 ? 'rope' : p.left >= 0.95 ? 'left' : 'none';
  // Thirty differences all far above the rope: P(right) is 1 from the first samples on.
  const clear = Array.from({ length: 30 }, (_, i) => 0.05 + 0.001 * i);
  // Differences straddling the rope: every share settles well below 0.95 (no verdict).
  const mixed = [-0.02, 0.01, 0.004, -0.006, 0.012, -0.001, 0.003, -0.009];
  for (const differences of [clear, mixed, clear.map((d) => -d)]) {
    const early = bayesianSignedRank(differences, { rope: 0.005, samples: 10_000, decideAt: 0.95 });
    const full = bayesianSignedRank(differences, { rope: 0.005, samples: 10_000 });
    assert.equal(verdict(early), verdict(full));
    // Settled after whole batches: every share is a count over a multiple of the batch.
    for (const share of [early.left, early.rope, early.right])
      assert.ok(Math.abs(share * DECISION_BATCH - Math.round(share * DECISION_BATCH)) < 1e-9);
    // The same seed: the early run's samples are the full run's first ones, so a one-sided input agrees exactly.
    if (differences !== mixed) assert.deepEqual(early, full);
  }
});
