import assert from 'node:assert/strict';
import { test } from 'node:test';
import { linearRegression, type RegressionResult } from './regression.js';
import { assertClose } from './stats-test-support.js';

function coefficient(result: RegressionResult, name: string) {
  const found = result.coefficients.find((c) => c.name === name);
  assert.ok(found, `no coefficient ${name}`);
  return found;
}

test('simple regression solved by hand, p-values from the closed-form t(3) distribution', () => {
  // x̄ = 3, ȳ = 4, Sxx = 10, Sxy = 6 → slope 0.6, intercept 2.2. Residuals −0.8 0.6 1 −0.6 −0.2,
  // RSS = 2.4, s² = 2.4/3 = 0.8; SE(slope) = √(0.8/10), SE(intercept) = √(0.8·(1/5 + 9/10)).
  // TSS = 6, R² = 0.6. For 3 df, P(|T| > t) = 1 − (2/π)(u/(1 + u²) + atan u) with u = t/√3.
  const result = linearRegression([[1], [2], [3], [4], [5]], ['x'], [2, 4, 5, 4, 5]);
  assert.deepEqual(
    result.coefficients.map((c) => c.name),
    ['(intercept)', 'x'],
  );
  assert.equal(result.n, 5);
  assert.equal(result.residualDf, 3);
  assertClose(result.rSquared, 0.6, 1e-12);
  const slope = coefficient(result, 'x');
  assertClose(slope.estimate, 0.6, 1e-12);
  assertClose(slope.standardError, Math.sqrt(0.08), 1e-12);
  assertClose(slope.t, 0.6 / Math.sqrt(0.08), 1e-10);
  assertClose(slope.pValue, 0.1240270626575547, 1e-9);
  const intercept = coefficient(result, '(intercept)');
  assertClose(intercept.estimate, 2.2, 1e-12);
  assertClose(intercept.standardError, Math.sqrt(0.88), 1e-12);
  assertClose(intercept.pValue, 0.10074345608542001, 1e-9);
});

test('two predictors solved by hand through the normal equations (orthogonal once centred)', () => {
  // x1 = 0 1 2 0 1 2, x2 = 0 0 0 1 1 1, y = 1 3 4 3 6 7. Centred, x1 and x2 are orthogonal, so
  // b1 = Σx1c·y/Σx1c² = 7/4, b2 = Σx2c·y/Σx2c² = 4/1.5, a = ȳ − b1·1 − b2·0.5 = 11/12.
  // Residuals 1/12, 1/3, −5/12, −7/12, 2/3, −1/12 → RSS = 13/12, s² = 13/36 on 3 df.
  // Var b1 = s²/4, Var b2 = s²/1.5, Var a = s²(1/6 + 1²/4 + 0.5²/1.5); TSS = 24.
  const rows = [
    [0, 0],
    [1, 0],
    [2, 0],
    [0, 1],
    [1, 1],
    [2, 1],
  ];
  const result = linearRegression(rows, ['x1', 'x2'], [1, 3, 4, 3, 6, 7]);
  const s2 = 13 / 36;
  assert.deepEqual(
    result.coefficients.map((c) => c.name),
    ['(intercept)', 'x1', 'x2'],
  );
  assertClose(coefficient(result, 'x1').estimate, 1.75, 1e-12);
  assertClose(coefficient(result, 'x2').estimate, 8 / 3, 1e-12);
  assertClose(coefficient(result, '(intercept)').estimate, 11 / 12, 1e-12);
  assertClose(coefficient(result, 'x1').standardError, Math.sqrt(s2 / 4), 1e-12);
  assertClose(coefficient(result, 'x2').standardError, Math.sqrt(s2 / 1.5), 1e-12);
  assertClose(coefficient(result, '(intercept)').standardError, Math.sqrt(s2 * (1 / 6 + 1 / 4 + 0.25 / 1.5)), 1e-12);
  assertClose(result.rSquared, 1 - 13 / 12 / 24, 1e-12);
  assert.equal(result.residualDf, 3);
});

test('a perfect fit has zero standard errors, infinite t and p = 0; constant y has R² NaN', () => {
  const exact = linearRegression([[1], [2], [3], [4]], ['x'], [3, 5, 7, 9]);
  assertClose(coefficient(exact, 'x').estimate, 2, 1e-12);
  assert.ok(coefficient(exact, 'x').standardError < 1e-12);
  assert.ok(coefficient(exact, 'x').pValue < 1e-12);
  assertClose(exact.rSquared, 1, 1e-12);
  assert.ok(Number.isNaN(linearRegression([[1], [2], [3], [4]], ['x'], [3, 3, 3, 3]).rSquared));
});

test('refuses designs it cannot estimate, naming the problem', () => {
  assert.throws(() => linearRegression([[1], [2]], ['x'], [1, 2]), /2 observations for 2 coefficients; needs at least 3/);
  assert.throws(
    () =>
      linearRegression(
        [
          [1, 2],
          [2, 4],
          [3, 6],
          [4, 8],
        ],
        ['a', 'b'],
        [1, 2, 3, 5],
      ),
    /column\(s\) b are linear combinations/,
  );
  assert.throws(() => linearRegression([[5], [5], [5], [5]], ['x'], [1, 2, 3, 5]), /column\(s\) x are linear combinations/);
  assert.throws(() => linearRegression([[1], [2, 3]], ['x'], [1, 2]), /row 1 has 2 values, expected 1 \(x\)/);
  assert.throws(() => linearRegression([[1], [2]], ['x'], [1]), /2 rows but 1 responses/);
  assert.throws(() => linearRegression([[1], [NaN], [3]], ['x'], [1, 2, 3]), /row 1: value at index 0 is NaN/);
  assert.throws(() => linearRegression([[1], [2], [3]], ['(intercept)'], [1, 2, 3]), /must be unique/);
});
