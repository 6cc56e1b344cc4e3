// The report's statistics library: pure functions over numbers (no TensorFlow.js, no I/O).

export { mean, median, quantile, standardDeviation, interquartileRange } from './descriptive.js';
export { averageRanks } from './ranks.js';
export { wilcoxonSignedRank, type WilcoxonResult } from './wilcoxon.js';
export { holmAdjust } from './holm.js';
export { bootstrapMeanInterval, type Interval } from './bootstrap.js';
export { friedmanTest, type FriedmanResult } from './friedman.js';
export { studentizedRangeQuantile, nemenyiCriticalDifference } from './nemenyi.js';
export { linearRegression, type Coefficient, type RegressionResult } from './regression.js';
export { hyperparameterDesign, type HParamValue, type Design } from './hyperparameter-design.js';
export { stratifiedSignedRank, type StratifiedWilcoxonResult } from './stratified-wilcoxon.js';
