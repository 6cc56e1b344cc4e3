import assert from 'node:assert/strict';
import { test } from 'node:test';
import { varianceShares, type ScoredRun } from './variance-shares.js';

const close = (actual: number | null, expected: number) =>
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-12, `${actual} vs ${expected}`);

test('a balanced 2 activations × 2 configurations × 2 splits design, worked by hand', () => {
  // score = 0.70 + 0.10·[activation b] + 0.04·[configuration 1] + 0.02·[split 1] (no interaction, one repeat).
  const runs: ScoredRun[] = [];
  for (const activation of ['a', 'b']) {
    for (const configIndex of [0, 1]) {
      for (const splitIndex of [0, 1]) {
        runs.push({
          activation,
          configIndex,
          splitIndex,
          score: 0.7 + (activation === 'b' ? 0.1 : 0) + 0.04 * configIndex + 0.02 * splitIndex,
        });
      }
    }
  }
  // Each factor's SS: 8 runs · (effect/2)²; total = sum of the three (additive, balanced):
  // activation 8·0.05² = 0.02, configuration 8·0.02² = 0.0032, split 8·0.01² = 0.0008; total 0.024.
  const shares = varianceShares(runs)!;
  close(shares.activation, 0.02 / 0.024);
  close(shares.configuration, 0.0032 / 0.024);
  close(shares.split, 0.0008 / 0.024);
  close(shares.interaction!, 0);
  assert.equal(shares.seed, null, 'one repeat per job: no seed share');
  close(shares.totalVariance, 0.024 / 7);
  assert.equal(shares.runs, 8);
});

test('repeats of one job: their spread is the seed share; a factor with one level explains nothing', () => {
  // One activation, one split, two configurations with two repeats each: 0.60, 0.64 | 0.80, 0.84.
  const runs: ScoredRun[] = [0.6, 0.64, 0.8, 0.84].map((score, i) => ({
    activation: 'relu',
    configIndex: i < 2 ? 0 : 1,
    splitIndex: 0,
    score,
  }));
  // grand 0.72; total SS = 0.12² + 0.08² + 0.08² + 0.12² = 0.0416; between configurations 4·0.1² = 0.04;
  // within jobs 4·0.02² = 0.0016.
  const shares = varianceShares(runs)!;
  close(shares.configuration, 0.04 / 0.0416);
  close(shares.seed, 0.0016 / 0.0416);
  assert.equal(shares.activation, null);
  assert.equal(shares.split, null);
  assert.equal(varianceShares(runs.slice(0, 1)), null);
  assert.equal(varianceShares(runs.map((run) => ({ ...run, score: 0.5 }))), null, 'no spread: nothing to share out');
  assert.throws(() => varianceShares([...runs, { ...runs[0]!, score: NaN }]), /NaN/);
});

test('an activation that suits one configuration and not the other: the interaction share', () => {
  // a: 0.8, 0.6 on configurations 0, 1; b: 0.6, 0.8. No main effect at all, all interaction.
  const runs: ScoredRun[] = [
    { activation: 'a', configIndex: 0, splitIndex: 0, score: 0.8 },
    { activation: 'a', configIndex: 1, splitIndex: 0, score: 0.6 },
    { activation: 'b', configIndex: 0, splitIndex: 0, score: 0.6 },
    { activation: 'b', configIndex: 1, splitIndex: 0, score: 0.8 },
  ];
  const shares = varianceShares(runs)!;
  close(shares.activation!, 0);
  close(shares.configuration!, 0);
  close(shares.interaction!, 1);
});
