// E18's hyperparameter sensitivity: per activation and mini-experiment, the test score of each
// configuration regressed linearly on its hyperparameters (sizes on a log scale, categorical
// ones as dummies), and the depth coefficient compared across activations ("every function
// degrades with more layers, swish least").
import type { HParams } from '../task/search-space.js';
import { hyperparameterDesign, linearRegression } from './stats/index.js';
import type { Cell, DepthComparison, MiniExperimentInfo, RegressionCell } from './types.js';

/** Width-like hyperparameters (units, denseUnits, filters, channels) enter as their logarithm, as in E18. */
export const LOG_SCALE_PATTERN = /(units|filters|channels)$/i;
/** The hyperparameters that count layers, whose coefficient is the depth effect. */
export const DEPTH_TERMS = ['layers', 'convLayers'] as const;

export const SENSITIVITY_METHODS: readonly string[] = [
  'Sensitivity: ordinary least squares of a configuration’s test score on its hyperparameters, per activation and mini-experiment: hyperparameters whose names end in units, filters or channels as natural logs, other numbers as they are, categorical ones as dummies against the alphabetically first level; hyperparameters constant over the configurations are dropped. Fitted only with more configurations than columns plus the intercept.',
];

export function regressCell(cell: Cell, info: MiniExperimentInfo): RegressionCell {
  const hparamsByIndex = new Map<number, HParams>(info.configurations.map((c) => [c.configIndex, c.hparams]));
  const scored = cell.scores.filter((score) => hparamsByIndex.has(score.configIndex));
  const base: RegressionCell = {
    miniExperiment: cell.miniExperiment,
    activation: cell.activation,
    n: scored.length,
    columns: [],
    dropped: [],
    rSquared: null,
    coefficients: [],
  };
  if (scored.length === 0) return { ...base, skipped: 'no scored configurations' };
  const configurations = scored.map((score) => hparamsByIndex.get(score.configIndex)!);
  const names = [...new Set(configurations.flatMap((hparams) => Object.keys(hparams)))];
  let design: ReturnType<typeof hyperparameterDesign>;
  try {
    design = hyperparameterDesign(configurations, { logScale: names.filter((name) => LOG_SCALE_PATTERN.test(name)) });
  } catch (error) {
    return { ...base, skipped: `no design: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
  }
  const withDesign = { ...base, columns: design.names, dropped: design.dropped };
  if (design.names.length === 0)
    return {
      ...withDesign,
      skipped: `every hyperparameter is constant over the ${scored.length} configuration${scored.length === 1 ? '' : 's'}`,
    };
  if (scored.length <= design.names.length + 1) {
    return { ...withDesign, skipped: `${scored.length} configurations are too few for ${design.names.length} columns and an intercept` };
  }
  try {
    const fit = linearRegression(
      design.rows,
      design.names,
      scored.map((score) => score.test),
    );
    return { ...withDesign, rSquared: Number.isFinite(fit.rSquared) ? fit.rSquared : null, coefficients: fit.coefficients };
  } catch (error) {
    return { ...withDesign, skipped: `not fitted: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` };
  }
}

export function depthComparisons(regressions: readonly RegressionCell[], miniExperiments: readonly string[]): DepthComparison[] {
  const comparisons: DepthComparison[] = [];
  for (const miniExperiment of miniExperiments) {
    const inMini = regressions.filter((regression) => regression.miniExperiment === miniExperiment);
    const term = DEPTH_TERMS.find((name) => inMini.some((regression) => regression.coefficients.some((c) => c.name === name)));
    if (term === undefined) continue;
    const byActivation: DepthComparison['byActivation'] = {};
    for (const regression of inMini) {
      const coefficient = regression.coefficients.find((c) => c.name === term);
      byActivation[regression.activation] = coefficient
        ? { estimate: coefficient.estimate, standardError: coefficient.standardError, pValue: coefficient.pValue }
        : null;
    }
    comparisons.push({ miniExperiment, term, byActivation });
  }
  return comparisons;
}
