// Pins every elementwise activation, in every variant, on the JS and WASM backends: forward
// values against the float64 reference (special values included), gradients against central
// finite differences of the reference, and each fused variant (JS loop, WASM SIMD) against composite.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../src/backend/backends.js';
import { availableVariants, implementation, loadActivations } from '../src/activation/registry.js';
import type { ElementwiseActivation } from '../src/activation/types.js';

const registry = await loadActivations();
const elementwise = registry.all.filter((a): a is ElementwiseActivation => a.kind === 'elementwise');

const FORWARD_GRID = [0, 1e-8, -1e-8, 1, -1, 20, -20, 1e4, -1e4, 0.5, -0.5, 2.7, -2.7, 6.5, -6.5, 0.1, -3.3];
const GRADIENT_GRID = [-20, -6.1, -4.7, -3.3, -2.2, -1.1, -0.55, -0.07, 1e-3, 0.03, 0.4, 0.8, 1.3, 2.7, 3.9, 5.5, 8, 20];

/**
 * Float32 precision for a function of x: a few ulps of the result, plus a few ulps of x for the
 * functions whose result cancels (cos(x) − x near its root, 1 + erf(x) in the left tail).
 */
function forwardTolerance(x: number, expected: number): number {
  return 2e-6 * Math.abs(expected) + 2.4e-7 * Math.min(Math.abs(x), 1e4);
}

/**
 * Measured defects of a backend's own kernels that a composite inherits, as an extra absolute
 * error: tfjs-wasm's Sin is off by up to ~1.8e-7 absolute (sin(-1e-8) = 1.7e-7), like a range
 * reduction done in float32. The fused variants, which the registry picks there, are exact.
 */
const BACKEND_ABSOLUTE_ERROR: Record<string, Record<string, number>> = { wasm: { sin: 4e-7 } };

function run(fn: (x: tf.Tensor) => tf.Tensor, xs: number[]): Float32Array {
  const input = tf.tensor1d(xs, 'float32');
  const output = fn(input);
  const values = output.dataSync() as Float32Array;
  tf.dispose([input, output]);
  return values;
}

function runGradient(fn: (x: tf.Tensor) => tf.Tensor, xs: number[]): Float32Array {
  return run((x) => tf.grad(fn)(x), xs);
}

function sameSpecial(actual: number, expected: number): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  return actual === expected; // ±Infinity, or an exact limit such as -1 or 0 (+0 equals -0)
}

function finiteDifference(f: (x: number) => number, x: number): number {
  const h = 1e-5 * Math.max(1, Math.abs(x));
  return (f(x + h) - f(x - h)) / (2 * h);
}

for (const backendName of ['cpu', 'wasm'] as const) {
  describe(`elementwise activations on ${backendName}`, () => {
    before(async () => {
      await initBackend(backendName);
    });

    for (const activation of elementwise) {
      for (const variant of availableVariants(activation, backendName)) {
        const label = `${activation.name} (${variant})`;
        const fn = implementation(activation, variant);

        test(`${label}: forward matches the float64 reference`, () => {
          const xs = FORWARD_GRID.map(Math.fround);
          const ys = run(fn, xs);
          xs.forEach((x, i) => {
            const expected = activation.reference(x);
            const actual = ys[i]!;
            if (!Number.isFinite(expected)) {
              assert.ok(sameSpecial(actual, expected), `${label} at x=${x}: got ${actual}, expected ${expected}`);
              return;
            }
            const slack = variant === 'composite' ? (BACKEND_ABSOLUTE_ERROR[backendName]?.[activation.name] ?? 0) : 0;
            assert.ok(
              Math.abs(actual - expected) <= forwardTolerance(x, expected) + slack,
              `${label} at x=${x}: got ${actual}, expected ${expected}`,
            );
          });
        });

        test(`${label}: NaN stays NaN; ±∞ give the limits where they exist`, () => {
          const [nan, posInf, negInf] = run(fn, [NaN, Infinity, -Infinity]);
          assert.ok(Number.isNaN(nan!), `${label}(NaN) = ${nan}`);
          for (const [x, actual] of [
            [Infinity, posInf!],
            [-Infinity, negInf!],
          ] as const) {
            const limit = activation.reference(x);
            if (Number.isNaN(limit)) continue;
            const close = Number.isFinite(limit) ? Math.abs(actual - limit) <= 2e-6 * Math.abs(limit) + 1e-30 : actual === limit;
            assert.ok(close, `${label}(${x}) = ${actual}, expected the limit ${limit}`);
          }
        });

        test(`${label}: gradient matches central finite differences`, () => {
          const xs = GRADIENT_GRID.map(Math.fround).filter((x) => !(activation.kinks ?? []).some((k) => Math.abs(x - k) < 1e-3));
          const grads = runGradient(fn, xs);
          xs.forEach((x, i) => {
            const expected = finiteDifference(activation.reference, x);
            const actual = grads[i]!;
            assert.ok(
              Math.abs(actual - expected) <= 1e-5 * Math.abs(expected) + 1e-6,
              `${label}: f'(${x}) = ${actual}, finite differences give ${expected}`,
            );
          });
        });
      }

      for (const variant of availableVariants(activation, backendName).filter((v) => v !== 'composite')) {
        test(`${activation.name} (${variant}): large inputs among ordinary ones, values and gradients`, () => {
          // The SIMD kernels run a fast path over every vector and patch the rare ones it cannot
          // take (sin/cos far beyond |x| = 8192, ±∞) afterwards: large values at the start, in the
          // 8-wide loop, in the 4-wide loop and in the tail of one tensor, ordinary ones between.
          const large = [1e6, -3e7, 12345.5, -1e4, 2.5e6];
          const xs = Array.from({ length: 4007 }, (_, i) => Math.fround(-3 + (6 * i) / 4006));
          [0, 1001, 2502, 4000, 4006].forEach((at, k) => (xs[at] = large[k]!));
          const fn = implementation(activation, variant);
          const [ys, grads] = [run(fn, xs), runGradient(fn, xs)];
          xs.forEach((x, i) => {
            const expected = activation.reference(x);
            // Large x: a few ulps of the result; forwardTolerance's allowance of ulps of x would let
            // a wrong sin(1e6) through.
            const tolerance = Math.abs(x) > 100 ? 2e-6 * Math.abs(expected) + 1e-6 : forwardTolerance(x, expected);
            assert.ok(Math.abs(ys[i]! - expected) <= tolerance, `${activation.name}(${x}) = ${ys[i]}, expected ${expected}`);
            if ((activation.kinks ?? []).some((k) => Math.abs(x - k) < 1e-2)) return;
            // A step of at most 1e-3, not finiteDifference's 1e-5·|x|: 10 at 1e6 is far too coarse
            // for sin's curvature; and 1e-7 near 0, for the jump in elu's and softsign's curvature there.
            const h = Math.min(1e-3, 1e-7 * Math.max(1, Math.abs(x)));
            const slope = (activation.reference(x + h) - activation.reference(x - h)) / (2 * h);
            assert.ok(
              Math.abs(grads[i]! - slope) <= 1e-5 * Math.abs(slope) + 1e-6,
              `${activation.name}'(${x}) = ${grads[i]}, expected ${slope}`,
            );
          });
        });

        test(`${activation.name}: ${variant} and composite agree to float32 rounding`, () => {
          // 4007 = 500·8 + 4 + 3: every loop of a SIMD kernel runs, the 8-wide, the 4-wide and the tail.
          const xs = Array.from({ length: 4007 }, (_, i) => Math.fround(-12 + (24 * i) / 4006));
          const composite = implementation(activation, 'composite');
          const fused = implementation(activation, variant);
          const [yc, yf, gc, gf] = [run(composite, xs), run(fused, xs), runGradient(composite, xs), runGradient(fused, xs)];
          xs.forEach((x, i) => {
            const y = activation.reference(x);
            const slack = BACKEND_ABSOLUTE_ERROR[backendName]?.[activation.name] ?? 0;
            assert.ok(
              Math.abs(yc[i]! - yf[i]!) <= 2 * forwardTolerance(x, y) + slack,
              `${activation.name}(${x}): composite ${yc[i]}, ${variant} ${yf[i]}`,
            );
            const nearKink = (activation.kinks ?? []).some((k) => Math.abs(x - k) < 1e-2);
            if (!nearKink) {
              const g = Math.max(Math.abs(gc[i]!), Math.abs(gf[i]!));
              assert.ok(Math.abs(gc[i]! - gf[i]!) <= 1e-5 * g + 1e-6, `${activation.name}'(${x}): composite ${gc[i]}, ${variant} ${gf[i]}`);
            }
          });
        });
      }
    }
  });
}

test('registry lists the 21 study functions', () => {
  const study = registry.all
    .filter((a) => a.inStudy)
    .map((a) => a.name)
    .sort();
  const expected = [
    'arctid',
    'cosid',
    'cube',
    'elu',
    'linear',
    'lrelu-0.01',
    'lrelu-0.30',
    'maxout-2',
    'maxout-3',
    'maxout-4',
    'maxsig',
    'maxtanh',
    'minsin',
    'penalized-tanh',
    'prelu',
    'relu',
    'selu',
    'sigmoid',
    'sin',
    'swish',
    'tanh',
  ];
  assert.deepEqual(study, expected);
});

test('E18 code names resolve as aliases', () => {
  assert.equal(registry.get('cosper').name, 'cosid');
  assert.equal(registry.get('tanhrev').name, 'arctid');
  assert.equal(registry.get('leakyrelu-0.3').name, 'lrelu-0.30');
  assert.equal(registry.get('PENALIZED-TANH').name, 'penalized-tanh');
});

test('an unknown name fails with close suggestions', () => {
  assert.throws(() => registry.get('swsh'), /unknown activation 'swsh'; did you mean .*swish/);
});
