// Ordinary least squares with an intercept, coefficient standard errors, t statistics and
// two-sided p-values: E18's sensitivity analysis regresses a configuration's test score on its
// hyperparameters. The fit and standard errors come from ml-regression-multivariate-linear; this
// module checks the design first (that library silently returns a pseudo-inverse answer for a
// singular one), and adds p-values (t² ~ F(1, df), @stdlib's F CDF) and R².

import MultivariateLinearRegression from 'ml-regression-multivariate-linear';
import fCdf from '@stdlib/stats-base-dists-f-cdf';
import { dependentColumns } from './collinearity.js';
import { requireFinite } from './validate.js';

export interface Coefficient {
  name: string;
  estimate: number;
  standardError: number;
  t: number;
  pValue: number;
}
export interface RegressionResult {
  coefficients: Coefficient[];
  rSquared: number;
  n: number;
  residualDf: number;
}

const INTERCEPT = '(intercept)';

/**
 * Ordinary least squares with an intercept named '(intercept)'; columns named by `names`.
 * The intercept comes first in `coefficients`, then the columns in the order of `names`.
 * Throws a RangeError when shapes disagree, a value is not finite, there are not more
 * observations than coefficients, or a column is a linear combination of the others (name it).
 * R² is NaN when y is constant.
 */
export function linearRegression(rows: readonly (readonly number[])[], names: readonly string[], y: readonly number[]): RegressionResult {
  const n = rows.length;
  if (y.length !== n) throw new RangeError(`linearRegression: ${n} rows but ${y.length} responses`);
  const unique = new Set(names);
  if (unique.size !== names.length || unique.has(INTERCEPT)) {
    throw new RangeError(`linearRegression: column names must be unique and not '${INTERCEPT}': ${names.join(', ')}`);
  }
  rows.forEach((row, index) => {
    if (row.length !== names.length) {
      throw new RangeError(`linearRegression: row ${index} has ${row.length} values, expected ${names.length} (${names.join(', ')})`);
    }
    requireFinite(row, `linearRegression row ${index}`);
  });
  requireFinite(y, 'linearRegression y');
  const parameters = names.length + 1;
  const residualDf = n - parameters;
  if (residualDf < 1) {
    throw new RangeError(`linearRegression: ${n} observations for ${parameters} coefficients; needs at least ${parameters + 1}`);
  }
  const columns = [rows.map(() => 1), ...names.map((_, column) => rows.map((row) => row[column]!))];
  const dependent = dependentColumns(columns);
  if (dependent.length > 0) {
    const labels = dependent.map((index) => (index === 0 ? INTERCEPT : names[index - 1]!));
    throw new RangeError(`linearRegression: column(s) ${labels.join(', ')} are linear combinations of earlier columns (or constant)`);
  }

  const model = new MultivariateLinearRegression(
    rows.map((row) => [...row]),
    y.map((value) => [value]),
    { intercept: true, statistics: true },
  );
  // the library puts the intercept last; the report lists it first
  const order = [names.length, ...names.map((_, column) => column)];
  const coefficients = order.map((index): Coefficient => {
    const estimate = model.weights[index]![0]!;
    const standardError = model.stdErrors[index]!;
    // computed here, not taken from the library, which reports t = 0 when the standard error is 0
    const t = estimate / standardError;
    return { name: index === names.length ? INTERCEPT : names[index]!, estimate, standardError, t, pValue: twoSidedTPValue(t, residualDf) };
  });

  const yMean = y.reduce((sum, value) => sum + value, 0) / n;
  const totalSquares = y.reduce((sum, value) => sum + (value - yMean) ** 2, 0);
  const fitted = model.predict(rows.map((row) => [...row]));
  const residualSquares = y.reduce((sum, value, index) => sum + (value - fitted[index]![0]!) ** 2, 0);
  const rSquared = totalSquares > 0 ? 1 - residualSquares / totalSquares : NaN;
  return { coefficients, rSquared, n, residualDf };
}

/** P(|T| ≥ |t|) for Student's t with df degrees of freedom, through T² ~ F(1, df). */
function twoSidedTPValue(t: number, df: number): number {
  if (Number.isNaN(t)) return NaN;
  if (!Number.isFinite(t)) return 0;
  return 1 - fCdf(t * t, 1, df);
}
