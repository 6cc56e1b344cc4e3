import assert from 'node:assert/strict';
import { test } from 'node:test';
import { atan32, cos32, erfc32, exp32, log1pUnit32, sigmoid32, sin32, tanh32 } from './float32.js';
import { erf, erfc } from './reference-math.js';

/** Evenly spaced points, plus the edges of each approximation's range. */
function grid(from: number, to: number, count: number): number[] {
  return Array.from({ length: count + 1 }, (_, i) => from + ((to - from) * i) / count);
}

function maxOf(values: number[]): number {
  return values.reduce((a, b) => Math.max(a, b), -Infinity);
}

function maxRelativeError(approx: (x: number) => number, exact: (x: number) => number, xs: number[]): number {
  return maxOf(xs.map((x) => Math.abs(approx(x) - exact(x)) / Math.abs(exact(x))));
}

test('exp32 is within 1e-8 relative of Math.exp over the float32 range', () => {
  assert.ok(maxRelativeError(exp32, Math.exp, grid(-100, 88, 200_000)) < 1e-8);
  assert.equal(Math.fround(exp32(100)), Infinity);
  assert.equal(Math.fround(exp32(-200)), 0);
  assert.ok(Number.isNaN(exp32(NaN)));
});

test('sigmoid32 is within 1.5e-7 relative, including the far left tail', () => {
  assert.ok(maxRelativeError(sigmoid32, (x) => 1 / (1 + Math.exp(-x)), grid(-87, 40, 100_000)) < 1.5e-7);
});

test('tanh32 is within 1.2e-7 of Math.tanh, relative near 0 and absolute elsewhere', () => {
  const xs = grid(-12, 12, 200_000);
  assert.ok(maxOf(xs.map((x) => Math.abs(tanh32(x) - Math.tanh(x)))) < 1.2e-7);
  assert.ok(maxRelativeError(tanh32, Math.tanh, [1e-8, -1e-8, 1e-4, 0.01, -0.3]) < 2.5e-7);
  assert.ok(Number.isNaN(tanh32(NaN)));
});

test('erfc32 is within 1.5e-7 relative of the float64 erfc on both tails', () => {
  assert.ok(maxRelativeError(erfc32, erfc, grid(-6, 9, 50_000)) < 1.5e-7);
  assert.ok(Number.isNaN(erfc32(NaN)));
});

test('the float64 erf/erfc match published values', () => {
  // Abramowitz & Stegun table 7.1 and standard references.
  assert.ok(Math.abs(erf(1) - 0.8427007929497149) < 1e-15);
  assert.ok(Math.abs(erf(0.5) - 0.5204998778130465) < 1e-15);
  assert.ok(Math.abs(erfc(3) - 2.209049699858544e-5) / 2.209049699858544e-5 < 1e-13);
  assert.ok(Math.abs(erfc(5) - 1.5374597944280349e-12) / 1.5374597944280349e-12 < 1e-13);
  assert.ok(Math.abs(erfc(-2) - 1.9953222650189528) < 1e-15);
  assert.equal(erfc(Infinity), 0);
  assert.equal(erfc(-Infinity), 2);
  assert.ok(Math.abs(erf(1e-8) / 1e-8 - 1.1283791670955126) < 1e-15);
});

test('sin32 and cos32 are within 1e-10 absolute of Math.sin/cos, relative near 0', () => {
  const xs = [...grid(-50, 50, 100_001), ...grid(-1e5, 1e5, 20_001), 1e6, -3e7];
  assert.ok(maxOf(xs.map((x) => Math.abs(sin32(x) - Math.sin(x)))) < 1e-10);
  assert.ok(maxOf(xs.map((x) => Math.abs(cos32(x) - Math.cos(x)))) < 1e-10);
  assert.ok(maxRelativeError(sin32, Math.sin, [1e-8, -1e-8, 1e-3, 0.3]) < 1e-12);
  assert.ok(Number.isNaN(sin32(NaN)) && Number.isNaN(cos32(Infinity)));
});

test('log1pUnit32 is within 1e-9 relative of Math.log1p on [0, 1]', () => {
  assert.ok(maxRelativeError(log1pUnit32, Math.log1p, [...grid(1e-6, 1, 50_000), 1e-12, 1e-30]) < 1e-9);
  assert.equal(log1pUnit32(0), 0);
});

test('atan32 is within 1e-9 absolute of Math.atan, relative near 0', () => {
  const xs = [...grid(-20, 20, 100_001), 1e4, -1e4, 1e30];
  assert.ok(maxOf(xs.map((x) => Math.abs(atan32(x) - Math.atan(x)))) < 1e-9);
  assert.ok(maxRelativeError(atan32, Math.atan, [1e-8, -1e-8, 0.01]) < 1e-12);
  assert.ok(Number.isNaN(atan32(NaN)));
});
