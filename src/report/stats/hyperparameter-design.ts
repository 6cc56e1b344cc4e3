// Turns sampled hyperparameter configurations into the regression design of E18's sensitivity
// analysis (test score ~ hyperparameters): sizes on a log scale, categorical choices (optimizer,
// initializer, ...) as treatment-coded dummies, and columns that carry no information in this
// sample (constant, or a combination of others) left out and named, so the regression can run.

import { dependentColumns } from './collinearity.js';

export type HParamValue = string | number | boolean;
export interface Design {
  names: string[];
  rows: number[][];
  dropped: string[];
}

interface Column {
  name: string;
  values: number[];
}

/**
 * E18's regression design from sampled configurations: numeric hyperparameters as they are, those in
 * `logScale` (sizes: units, filters, ...) as natural log; strings/booleans as dummy columns
 * `name=value` against the alphabetically first level; columns constant over the configurations
 * (or collinear dummies) dropped and listed in `dropped`.
 *
 * Hyperparameters are taken in alphabetical order. A constant hyperparameter is listed in `dropped`
 * under its own name, a dropped dummy or numeric column under its column name. Throws a RangeError
 * naming the configuration and hyperparameter when one is missing a value, mixes numbers with
 * strings/booleans, has a non-finite number, or has a non-positive value on the log scale.
 */
export function hyperparameterDesign(
  configurations: readonly Record<string, HParamValue>[],
  options: { logScale?: readonly string[]; exclude?: readonly string[] } = {},
): Design {
  const logScale = new Set(options.logScale ?? []);
  const exclude = new Set(options.exclude ?? []);
  const keys = [...new Set(configurations.flatMap((configuration) => Object.keys(configuration)))]
    .filter((key) => !exclude.has(key))
    .sort();

  const candidates: Column[] = [];
  const dropped: string[] = [];
  for (const key of keys) {
    const values = configurations.map((configuration, index) => {
      if (!(key in configuration)) throw new RangeError(`hyperparameterDesign: configuration ${index} has no value for '${key}'`);
      return configuration[key]!;
    });
    const numeric = values.every((value) => typeof value === 'number');
    if (!numeric && values.some((value) => typeof value === 'number')) {
      throw new RangeError(`hyperparameterDesign: '${key}' mixes numbers with strings/booleans`);
    }
    if (new Set(values).size < 2) {
      dropped.push(key);
      continue;
    }
    if (numeric) candidates.push(numericColumn(key, values as number[], logScale.has(key)));
    else candidates.push(...dummyColumns(key, values.map(String)));
  }

  // the intercept goes first so that a column already explained by it and earlier columns is the one dropped
  const intercept = configurations.map(() => 1);
  const dependent = new Set(dependentColumns([intercept, ...candidates.map((column) => column.values)]));
  const kept = candidates.filter((_, index) => !dependent.has(index + 1));
  dropped.push(...candidates.filter((_, index) => dependent.has(index + 1)).map((column) => column.name));

  return {
    names: kept.map((column) => column.name),
    rows: configurations.map((_, row) => kept.map((column) => column.values[row]!)),
    dropped,
  };
}

function numericColumn(key: string, values: readonly number[], onLogScale: boolean): Column {
  values.forEach((value, index) => {
    if (!Number.isFinite(value))
      throw new RangeError(`hyperparameterDesign: configuration ${index} has ${key}=${value}, expected a finite number`);
    if (onLogScale && value <= 0)
      throw new RangeError(`hyperparameterDesign: configuration ${index} has ${key}=${value}; the log scale needs a positive value`);
  });
  return { name: key, values: onLogScale ? values.map(Math.log) : [...values] };
}

/** One 0/1 column per level except the alphabetically first, which is the baseline. */
function dummyColumns(key: string, values: readonly string[]): Column[] {
  const levels = [...new Set(values)].sort();
  return levels.slice(1).map((level) => ({
    name: `${key}=${level}`,
    values: values.map((value) => (value === level ? 1 : 0)),
  }));
}
