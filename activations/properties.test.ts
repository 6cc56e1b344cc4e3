// Every elementwise activation's declared properties (bounded above/below, monotonic, smooth,
// zero at zero, saturating) agree with its float64 reference, both ways: a property declared true
// holds on a dense grid (x in [-20, 20] step 0.01, plus |x| up to 1e6 and the reference's limits
// at ±∞), and one declared false has a counterexample there. The catalogue (`actbench
// activations`), the activation cards and the study's property analyses report these flags, so a
// wrong one misleads all of them. Layer-shaped activations (maxout, prelu, swish-beta) are left
// out: their flags describe every value of their trained parameters, not one function.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadActivations } from '../src/activation/registry.js';
import type { ActivationProperties, ElementwiseActivation } from '../src/activation/types.js';

const elementwise = (await loadActivations()).all.filter((a): a is ElementwiseActivation => a.kind === 'elementwise');

// Integers over 100 so that 0 and the kinks at whole numbers are hit exactly.
const GRID = Array.from({ length: 4001 }, (_, i) => (i - 2000) / 100);
const FAR = [1e2, 1e3, 1e4, 1e6];
const POINTS = [...FAR.map((x) => -x).reverse(), ...GRID, ...FAR];
/** Above this, a function on these points is taken as unbounded: the bounded ones here stay within ±10, the unbounded reach 1e4 by x = 1e6. */
const LARGE = 1e3;

/** A property's truth on the points and, for the message, why. */
interface Observation {
  holds: boolean;
  why: string;
}

/** The reference's limit at ±∞ when its values far out agree with it (finite or infinite); undefined when it gives none (NaN). */
function limit(f: (x: number) => number, side: 1 | -1): number | undefined {
  const value = f(side * Infinity);
  return Number.isNaN(value) ? undefined : value;
}

/** Slopes just left and right of x, and whether they differ (a kink: f is not continuously differentiable there). */
function oneSidedSlopes(f: (x: number) => number, x: number): { left: number; right: number; kink: boolean } {
  const h = 1e-6 * Math.max(1, Math.abs(x));
  const left = (f(x) - f(x - h)) / h;
  const right = (f(x + h) - f(x)) / h;
  // A smooth function's one-sided slopes differ by about f''·h; a kink's by its jump.
  return { left, right, kink: Math.abs(left - right) > 1e-3 * Math.max(1, Math.abs(left), Math.abs(right)) };
}

/** What the reference shows about each declared property; `kinks` (declared points to look at) are checked too. */
function observeProperties(f: (x: number) => number, kinks: readonly number[] = []): Record<keyof ActivationProperties, Observation> {
  const ys = POINTS.map(f);
  const bounded = (side: 1 | -1): Observation => {
    const extreme = ys.reduce((best, y, i) => (side * y > side * ys[best]! ? i : best), 0);
    const limits = [limit(f, 1), limit(f, -1)];
    if (limits.includes(side * Infinity)) return { holds: false, why: `tends to ${side * Infinity}` };
    const holds = side * ys[extreme]! < LARGE;
    return { holds, why: `${side > 0 ? 'max' : 'min'} f(${POINTS[extreme]}) = ${ys[extreme]}` };
  };
  const step = (i: number) => ys[i + 1]! - ys[i]!;
  // Float64 rounding in a flat or saturated stretch can step a hair the wrong way.
  const tolerance = (i: number) => 1e-12 * Math.max(1, Math.abs(ys[i]!), Math.abs(ys[i + 1]!));
  const against = (direction: 1 | -1) => ys.slice(0, -1).findIndex((_, i) => direction * step(i) < -tolerance(i));
  const up = against(1);
  const down = against(-1);
  const at = (i: number) => `f(${POINTS[i]}) = ${ys[i]} → f(${POINTS[i + 1]}) = ${ys[i + 1]}`;
  const kink = [...GRID, ...kinks].find((x) => oneSidedSlopes(f, x).kink);
  const zero = f(0);
  const finiteLimits = ([1, -1] as const).filter((side) => Number.isFinite(limit(f, side)));
  return {
    boundedAbove: bounded(1),
    boundedBelow: bounded(-1),
    monotonic: { holds: up < 0 || down < 0, why: up < 0 || down < 0 ? 'never turns' : `rises ${at(down)} and falls ${at(up)}` },
    smooth: {
      holds: kink === undefined,
      why: kink === undefined ? 'no kink' : `kink at ${kink}: slopes ${oneSidedSlopes(f, kink).left} and ${oneSidedSlopes(f, kink).right}`,
    },
    zeroAtZero: { holds: zero === 0, why: `f(0) = ${zero}` },
    saturating: { holds: finiteLimits.length > 0, why: `limits ${limit(f, -1)} at -∞ and ${limit(f, 1)} at +∞` },
  };
}

describe('declared properties agree with the float64 reference', () => {
  for (const activation of elementwise) {
    test(activation.name, () => {
      const observed = observeProperties(activation.reference, activation.kinks);
      const wrong = (Object.keys(activation.properties) as (keyof ActivationProperties)[]).filter(
        (key) => observed[key].holds !== activation.properties[key],
      );
      assert.deepEqual(
        wrong,
        [],
        wrong
          .map(
            (key) =>
              `activations/${activation.name}.ts declares ${key}: ${activation.properties[key]}, but its reference ${observed[key].why}`,
          )
          .join('; '),
      );
    });
  }
});

describe('the references the properties are read from', () => {
  for (const activation of elementwise) {
    test(`${activation.name}: the limits at ±∞ match the values far out, every declared kink is one`, () => {
      const f = activation.reference;
      for (const side of [1, -1] as const) {
        const value = limit(f, side);
        const far = f(side * 1e6);
        if (value === undefined) continue;
        const close = Number.isFinite(value)
          ? Math.abs(far - value) <= 1e-5 * Math.max(1, Math.abs(value))
          : Math.sign(far) === Math.sign(value) && Math.abs(far) > LARGE;
        assert.ok(close, `${activation.name}: reference(${side * Infinity}) = ${value}, but reference(${side * 1e6}) = ${far}`);
      }
      // The kinks also steer the gradient checks away (elementwise.test.ts), so a stale one hides nothing but is still wrong.
      for (const x of activation.kinks ?? [])
        assert.ok(oneSidedSlopes(f, x).kink, `${activation.name}: declared kink at ${x}, but the slopes agree there`);
    });
  }
});

test('the observer tells each property apart (so that a wrong declaration fails above)', () => {
  const flags = (f: (x: number) => number, kinks?: number[]) =>
    Object.fromEntries(Object.entries(observeProperties(f, kinks)).map(([key, o]) => [key, o.holds]));
  // x²: bounded below only, not monotonic, smooth, zero at zero, no finite limit.
  assert.deepEqual(
    flags((x) => x * x),
    { boundedAbove: false, boundedBelow: true, monotonic: false, smooth: true, zeroAtZero: true, saturating: false },
  );
  // 2 + |x| between -1 and 1, flat outside: bounded, a kink (at 0, also at ±1), saturating both ways.
  assert.deepEqual(
    flags((x) => 2 + Math.min(Math.abs(x), 1)),
    { boundedAbove: true, boundedBelow: true, monotonic: false, smooth: false, zeroAtZero: false, saturating: true },
  );
  // A kink between grid points is found when declared: max(x, 0.005).
  assert.equal(flags((x) => Math.max(x, 0.005), [0.005])['smooth'], false);
  // -x is monotonic (non-increasing counts) and unbounded both ways.
  assert.deepEqual(
    flags((x) => -x),
    { boundedAbove: false, boundedBelow: false, monotonic: true, smooth: true, zeroAtZero: true, saturating: false },
  );
});
