import assert from 'node:assert/strict';
import { test } from 'node:test';
import stdlibWilcoxon from '@stdlib/stats-wilcoxon';
import { wilcoxonSignedRank } from './wilcoxon.js';
import { seededRandom } from '../../util/random.js';
import { assertClose } from './stats-test-support.js';

test("R's documented paired example (Hollander & Wolfe): V = 40, p = 0.03906, exact", () => {
  const x = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
  const y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
  const result = wilcoxonSignedRank(x, y);
  assert.equal(result.statistic, 40);
  assert.equal(result.n, 9);
  assert.equal(result.method, 'exact');
  assertClose(result.pValue, 0.0390625, 1e-12); // 2 · 10/512
  // differences sorted: −0.147 −0.08 0.01 0.43 0.49 0.59 0.62 0.952 1.022
  assertClose(result.medianDifference, 0.49, 1e-12);
  // swapping the samples mirrors V to n(n+1)/2 − 40 and keeps p
  const swapped = wilcoxonSignedRank(y, x);
  assert.equal(swapped.statistic, 5);
  assertClose(swapped.pValue, 0.0390625, 1e-12);
  assertClose(swapped.medianDifference, -0.49, 1e-12);
});

test('exact, by hand: five positive differences give V = 15 and p = 2/32', () => {
  const result = wilcoxonSignedRank([2, 3, 5, 8, 13], [1, 1, 1, 1, 1]);
  assert.equal(result.statistic, 15);
  assertClose(result.pValue, 2 / 32, 1e-12);
  assert.equal(result.method, 'exact');
});

test('exact p-value is capped at 1 when V sits at its null mean', () => {
  // d = 1, 2, −3: V = 1 + 2 = 3 = n(n+1)/4; doubling P(V ≤ 3) = 5/8 would give 1.25
  const result = wilcoxonSignedRank([1, 2, 0], [0, 0, 3]);
  assert.equal(result.statistic, 3);
  assert.equal(result.pValue, 1);
});

test('ties and a zero difference, worked by hand with the normal approximation', () => {
  // d = 0, 1, −1, 2, 2, 3, −4, 5. The zero is dropped: n = 7. |d| = 1 1 2 2 3 4 5 → ranks
  // 1.5 1.5 3.5 3.5 5 6 7. V = 1.5 + 3.5 + 3.5 + 5 + 7 = 20.5; mean 7·8/4 = 14; variance
  // 7·8·15/24 − (2³−2 + 2³−2)/48 = 34.75; z = (20.5 − 14 − 0.5)/√34.75 = 1.01783;
  // p = 2(1 − Φ(z)) = erfc(z/√2) = 0.308760.
  const y = [5, 5, 5, 5, 5, 5, 5, 5];
  const x = [5, 6, 4, 7, 7, 8, 1, 10];
  const result = wilcoxonSignedRank(x, y);
  assert.equal(result.n, 7);
  assert.equal(result.statistic, 20.5);
  assert.equal(result.method, 'normal');
  assertClose(result.pValue, 0.3087603135275325, 1e-9);
  // the median covers all eight differences, the zero too: sorted −4 −1 0 1 2 2 3 5 → (1 + 2)/2
  assert.equal(result.medianDifference, 1.5);
});

test('a zero difference alone (no ties) also leaves the exact branch, as in R', () => {
  const result = wilcoxonSignedRank([1, 2, 4, 8, 5], [1, 1, 1, 1, 1]);
  assert.equal(result.n, 4);
  assert.equal(result.method, 'normal');
  // V = 1+2+3+4 = 10, mean 5, sd √(4·5·9/24) = √7.5, z = (10 − 5 − 0.5)/√7.5, p = erfc(z/√2)
  assertClose(result.pValue, 0.10034824646229079, 1e-9);
});

test('n = 0 gives NaN, n = 1 gives p = 1, bad input throws', () => {
  const none = wilcoxonSignedRank([0.5, 0.7], [0.5, 0.7]);
  assert.equal(none.n, 0);
  assert.equal(none.statistic, 0);
  assert.ok(Number.isNaN(none.pValue));
  assert.equal(none.medianDifference, 0);
  const empty = wilcoxonSignedRank([], []);
  assert.ok(Number.isNaN(empty.pValue));
  assert.ok(Number.isNaN(empty.medianDifference));
  const one = wilcoxonSignedRank([0.9, 0.5], [0.8, 0.5]);
  assert.equal(one.n, 1);
  assert.equal(one.statistic, 1);
  assert.equal(one.pValue, 1);
  assert.throws(() => wilcoxonSignedRank([1, 2], [1]), /x has 2 values but y has 1/);
  assert.throws(() => wilcoxonSignedRank([1, NaN], [1, 2]), /wilcoxonSignedRank x: value at index 1 is NaN/);
  assert.throws(() => wilcoxonSignedRank([1, 2], [Infinity, 2]), /wilcoxonSignedRank y: value at index 0 is Infinity/);
});

test('exact below 50 pairs, normal from 50 (the boundary R uses)', () => {
  // distinct magnitudes, every third one negative: no ties, no zeros
  const differences = (count: number) => Array.from({ length: count }, (_, index) => (index % 3 === 0 ? -1 : 1) * (index + 1));
  const zeros = (count: number) => new Array<number>(count).fill(0);
  assert.equal(wilcoxonSignedRank(differences(49), zeros(49)).method, 'exact');
  assert.equal(wilcoxonSignedRank(differences(50), zeros(50)).method, 'normal');
});

test('agrees with @stdlib/stats-wilcoxon on random samples, both methods', () => {
  const random = seededRandom(11);
  const methods = new Set<string>();
  for (const rounded of [false, true]) {
    for (const n of [5, 12, 30, 49, 60, 120]) {
      // rounded scores make ties and zero differences (normal branch); continuous ones do not (exact)
      const score = (value: number) => (rounded ? Math.round(value * 40) / 40 : value);
      const x = Array.from({ length: n }, () => score(random()));
      const y = x.map((value) => score(value + (random() - 0.45) * 0.2));
      const ours = wilcoxonSignedRank(x, y);
      // stdlib also goes exact at n = 50, where R and this module do not
      if (ours.n < 2 || ours.n === 50) continue;
      methods.add(ours.method);
      const theirs = stdlibWilcoxon(x, y);
      assert.equal(ours.statistic, theirs.statistic, `V at n = ${n}`);
      assertClose(ours.pValue, Math.min(1, theirs.pValue), 1e-9, `p at n = ${n}`);
    }
  }
  assert.deepEqual([...methods].sort(), ['exact', 'normal']);
});
