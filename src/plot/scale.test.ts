import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatTick, linearScale, niceStep, niceTicks, robustRange } from './scale.js';

describe('niceStep', () => {
  it('picks 1, 2 or 5 times a power of ten', () => {
    assert.equal(niceStep(10, 5), 2); // rough 2
    assert.equal(niceStep(10, 10), 1); // rough 1
    assert.equal(niceStep(10, 4), 5); // rough 2.5 → 5
    assert.equal(niceStep(1, 5), 0.2); // rough 0.2
    assert.equal(niceStep(0.3, 3), 0.1); // rough 0.09999999999999999 must not become 0.2
    assert.equal(niceStep(700, 5), 200); // rough 140 → 200
    assert.equal(niceStep(0.0085, 4), 0.005); // rough 0.002125 → 0.005
    assert.equal(niceStep(60, 6), 10); // rough 10 exactly stays 10
  });
  it('rejects empty and non-finite spans', () => {
    assert.throws(() => niceStep(0, 5), RangeError);
    assert.throws(() => niceStep(Infinity, 5), RangeError);
    assert.throws(() => niceStep(NaN, 5), RangeError);
  });
});

describe('niceTicks', () => {
  it('lists ticks inside the range without extension', () => {
    assert.deepEqual(niceTicks(0, 10, 5), { lo: 0, hi: 10, step: 2, values: [0, 2, 4, 6, 8, 10] });
    assert.deepEqual(niceTicks(-5, 5, 5).values, [-4, -2, 0, 2, 4]);
    assert.deepEqual(niceTicks(-5, 5, 10).values, [-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5]);
    assert.deepEqual(niceTicks(-5, 5, 3).values, [-5, 0, 5]);
  });
  it('extends to whole steps when asked', () => {
    assert.deepEqual(niceTicks(-3.7, 12.2, 5, { extend: true }), { lo: -5, hi: 15, step: 5, values: [-5, 0, 5, 10, 15] });
    assert.deepEqual(niceTicks(0.001, 0.0095, 4, { extend: true }), { lo: 0, hi: 0.01, step: 0.005, values: [0, 0.005, 0.01] });
    assert.deepEqual(niceTicks(-1.75, 5.25, 6, { extend: true }).values, [-2, 0, 2, 4, 6]);
  });
  it('returns clean decimals', () => {
    assert.deepEqual(niceTicks(0, 1, 5).values, [0, 0.2, 0.4, 0.6, 0.8, 1]);
    assert.deepEqual(niceTicks(0.1, 0.7, 6).values, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    assert.ok(!niceTicks(-0.3, 0.3, 6).values.some((v) => Object.is(v, -0)));
  });
  it('swaps reversed bounds and widens an empty range', () => {
    assert.deepEqual(niceTicks(10, 0, 5).values, [0, 2, 4, 6, 8, 10]);
    assert.deepEqual(niceTicks(0, 0, 4), { lo: -1, hi: 1, step: 0.5, values: [-1, -0.5, 0, 0.5, 1] });
    const t = niceTicks(3, 3, 4);
    assert.ok(t.lo < 3 && t.hi > 3 && t.values.includes(3));
  });
  it('rejects non-finite bounds', () => {
    assert.throws(() => niceTicks(NaN, 1), RangeError);
    assert.throws(() => niceTicks(0, Infinity), RangeError);
  });
});

describe('formatTick', () => {
  it('uses the decimals of the step and a real minus sign', () => {
    assert.equal(formatTick(1, 0.5), '1.0');
    assert.equal(formatTick(-0.25, 0.05), '\u22120.25');
    assert.equal(formatTick(200, 100), '200');
    assert.equal(formatTick(0, 0.2), '0');
    assert.equal(formatTick(-0, 1), '0');
  });
  it('switches to exponent notation for extreme magnitudes', () => {
    assert.equal(formatTick(2e6, 1e6), '2e6');
    assert.equal(formatTick(5e-5, 1e-5), '5e-5');
  });
});

describe('robustRange', () => {
  const ramp = (n: number, f: (x: number) => number): number[] => Array.from({ length: n }, (_, i) => f(-5 + (10 * i) / (n - 1)));
  it('keeps smooth data whole', () => {
    const relu = ramp(201, (x) => Math.max(0, x));
    const drelu = ramp(201, (x) => (x > 0 ? 1 : 0));
    assert.deepEqual(robustRange([...relu, ...drelu]), [0, 5]);
    const [lo, hi] = robustRange(ramp(201, Math.exp));
    assert.equal(lo, Math.exp(-5));
    assert.equal(hi, Math.exp(5));
  });
  it('cuts isolated spikes and ignores non-finite values', () => {
    const d = ramp(201, () => 0);
    d[100] = 5000;
    d[50] = NaN;
    d[51] = -Infinity;
    const f = ramp(201, (x) => (x > 0 ? 1 : 0));
    const [lo, hi] = robustRange([...f, ...d]);
    assert.equal(lo, 0);
    assert.ok(hi >= 1 && hi <= 1.5, `hi = ${hi}`);
  });
  it('includes zero on request and survives empty input', () => {
    assert.deepEqual(robustRange([2, 3, 4], { includeZero: true }), [0, 4]);
    assert.deepEqual(robustRange([NaN, Infinity]), [-1, 1]);
    assert.deepEqual(robustRange([]), [-1, 1]);
  });
});

describe('linearScale', () => {
  it('maps and reverses', () => {
    const s = linearScale(0, 10, 100, 0);
    assert.equal(s(0), 100);
    assert.equal(s(2.5), 75);
    assert.equal(s(10), 0);
  });
});
