// The report's plain data: what `summary.json` holds. Ledger records go in, this comes out, and
// every renderer (tables, HTML, `actbench compare`) reads only this. Scores that do not exist are
// null, never NaN: JSON has no NaN, and a missing value must stay visibly missing.
import type { HParams } from '../task/search-space.js';
import type { StudySpec } from '../study/types.js';
import type { Coefficient } from './stats/index.js';
import type { VarianceShares } from './stats/variance-shares.js';
import type { EquivalenceSummary } from './equivalence.js';
import type { ClaimsSummary } from './claims/claim-types.js';

/** Marks a file as an actbench report summary; `formatVersion` changes when a field changes meaning. */
export const SUMMARY_FORMAT = 'actbench-report-summary';
/**
 * 2: baselines (`MiniExperimentInfo.baseline`, `.baselineCheck`, `Cell.vsBaseline`) and `headline`.
 * Version 1 summaries are still read (src/report/read-summary.ts): without those fields.
 */
export const SUMMARY_FORMAT_VERSION = 2;
/** Older versions `actbench compare` still reads. */
export const READABLE_SUMMARY_VERSIONS: readonly number[] = [1, 2];

/** How a mini-experiment's score metric was chosen (older ledgers do not record it). */
export type MetricSource = 'ledger' | 'fallback-accuracy' | 'fallback-first-metric';

export interface MiniExperimentInfo {
  id: string;
  task: string;
  dataset: string;
  /** The test metric every score of this mini-experiment is (higher is better). */
  metric: string;
  metricSource: MetricSource;
  /** The sampled configurations seen in the ledger, by index; shared by every activation. */
  configurations: { configIndex: number; hparams: HParams }[];
  /** The trivial predictor's test score on `metric`; null in summaries older than format 2. */
  baseline: MiniBaseline | null;
  /** Whether the activations beat that baseline; null in summaries older than format 2. */
  baselineCheck: BaselineCheck | null;
}

/**
 * The trivial predictor's test score (majority class; most frequent tag per word) on the score
 * metric, as the ledger records it per run. It depends on the data split, which older ledgers may
 * have drawn per job, so it is the median over the records, with its range.
 */
export interface MiniBaseline {
  /** Median over the records that carry it; null when none does (nothing is checked then). */
  value: number | null;
  min: number | null;
  max: number | null;
  /** Records carrying a finite baseline for the metric. */
  records: number;
}

export interface BaselineCheck {
  /** Activations with a score here. */
  scoredActivations: number;
  /** Of those, the ones whose median configuration score does not beat the baseline. */
  belowBaseline: string[];
  /**
   * False when more than half of the scored activations have a median that does not beat the
   * baseline: the mini-experiment says little about activations. Null when there is no baseline
   * or no activation has a score.
   */
  informative: boolean | null;
}

/** One cell against its mini-experiment's baseline. */
export interface CellVsBaseline {
  /** The mini-experiment's baseline (its median over records). */
  baseline: number;
  /** Scored configurations whose test score (repeats averaged) is strictly above the baseline. */
  beating: number;
  scored: number;
  /** Median over scored configurations of test − baseline; null when nothing scored. */
  medianMargin: number | null;
  /** The cell's median does not beat the baseline (median ≤ baseline); null when nothing scored. */
  belowBaseline: boolean | null;
}

export interface RunCounts {
  /** Runs in the ledger for this cell (every repeat of every configuration). */
  total: number;
  ok: number;
  diverged: number;
  failed: number;
  timeout: number;
  /** Runs with a test score: every ok run, and diverged runs scored at their best-dev epoch. */
  scored: number;
}

/** One configuration of one cell, its repeats averaged. */
export interface ConfigurationScore {
  configIndex: number;
  dev: number;
  test: number;
  /** Repeats that contributed (scored runs). */
  repeats: number;
}

export interface Cell {
  miniExperiment: string;
  activation: string;
  runs: RunCounts;
  /** Configurations with any run in the ledger, and those with at least one scored run. */
  configurations: { total: number; scored: number };
  /** Test score of the configuration with the best dev score (E18's "best"); null when nothing scored. */
  best: number | null;
  bestConfigIndex: number | null;
  /** The highest test score over configurations: the optimistic figure the study reports, labelled as such. */
  bestTest: number | null;
  bestTestConfigIndex: number | null;
  /** Mean test score over scored configurations (E18's stability measure). */
  mean: number | null;
  /** Percentile bootstrap 95% interval of the mean; null with fewer than two configurations. */
  meanInterval: { low: number; high: number } | null;
  median: number | null;
  /** Sample standard deviation; null with fewer than two configurations. */
  sd: number | null;
  iqr: number | null;
  worst: number | null;
  /** Per configuration, ordered by configIndex: what `compare` and the paired tests pair up. */
  scores: ConfigurationScore[];
  /** Against the trivial baseline; null when the mini-experiment has none (or before format 2). */
  vsBaseline: CellVsBaseline | null;
}

export type Measure = 'best' | 'mean';

export interface Ranking {
  measure: Measure;
  /** miniExperiment → activation → average rank (1 = best, ties share the mean of their ranks); ranked cells only. */
  ranks: Record<string, Record<string, number>>;
  /** miniExperiment → the activations ranked first (several when tied). */
  winners: Record<string, string[]>;
  /** activation → mean of its ranks over the mini-experiments where it has a score. */
  averageRank: Record<string, { rank: number | null; miniExperiments: number }>;
}

export interface Top3Row {
  activation: string;
  /** Mini-experiments where fewer than three activations scored strictly higher, on best / on mean. */
  top3Best: number;
  top3Mean: number;
  winsBest: number;
  winsMean: number;
  /** Mini-experiments where the activation has a score at all. */
  ranked: number;
  averageRankBest: number | null;
  averageRankMean: number | null;
}

export type Verdict = 'better' | 'worse' | 'no significant difference' | 'not testable';

export interface ReferenceComparison {
  miniExperiment: string;
  activation: string;
  reference: string;
  /** Configurations both activations scored. */
  sharedConfigurations: number;
  /** Pairs with a non-zero difference (the signed-rank test drops ties). */
  n: number;
  statistic: number | null;
  pValue: number | null;
  /** Holm-adjusted over every testable comparison of the report (one family). */
  pHolm: number | null;
  method: 'exact' | 'normal' | null;
  /** Median and mean of (activation − reference) over the shared configurations. */
  medianDifference: number | null;
  meanDifference: number | null;
  verdict: Verdict;
  /** Why it is not testable, when it is not. */
  note?: string;
}

/**
 * One activation against the reference over every mini-experiment at once: the stratified
 * signed-rank test (src/report/stats/stratified-wilcoxon.ts) of the paired differences
 * (activation − reference) over every (mini-experiment, configuration) both scored, the
 * |differences| ranked within each mini-experiment; Holm-adjusted over the activations (a family
 * of its own, apart from the per-mini-experiment comparisons).
 */
export interface PooledReferenceComparison {
  activation: string;
  reference: string;
  /** Mini-experiments where both have shared scored configurations. */
  miniExperiments: number;
  /** (mini-experiment, configuration) pairs both scored. */
  pairs: number;
  /** Pairs with a non-zero difference (the test drops ties, and mini-experiments where every pair ties). */
  n: number;
  /** V: over the mini-experiments, the sum of the within-mini-experiment ranks of the positive differences. */
  statistic: number | null;
  /** V's null expectation: above it, the activation is ahead. */
  expected: number | null;
  pValue: number | null;
  /** Holm-adjusted over the testable pooled comparisons (one per activation). */
  pHolm: number | null;
  method: 'exact' | 'normal' | null;
  /** Median and mean of (activation − reference) over all pairs, in score units (mini-experiments' scales mixed). */
  medianDifference: number | null;
  meanDifference: number | null;
  /** Pairs where the activation scores above / below the reference. */
  ahead: number;
  behind: number;
  /**
   * The plain signed-rank test of the same pairs pooled (|differences| ranked across
   * mini-experiments, so one with larger differences dominates): shown beside, not Holm-adjusted,
   * never a verdict. Null when there are fewer than 2 pairs.
   */
  unstratified: { statistic: number; pValue: number | null; method: 'exact' | 'normal' } | null;
  verdict: Verdict;
  /** Why it is not testable, when it is not. */
  note?: string;
}

export interface FriedmanSummary {
  measure: Measure;
  /** The activations present in every mini-experiment, which the test compares. */
  activations: string[];
  /** Activations left out, with the mini-experiments where they have no score. */
  excluded: { activation: string; missingIn: string[] }[];
  blocks: number;
  statistic: number | null;
  df: number | null;
  pValue: number | null;
  /** Iman–Davenport F; its statistic is null when infinite (identical rankings in every block, p = 0) or undefined. */
  imanDavenport: { statistic: number | null; df1: number; df2: number; pValue: number | null } | null;
  /** activation → average rank over the blocks, among the compared activations only. */
  averageRanks: Record<string, number>;
  alpha: number;
  criticalDifference: number | null;
  /** Why the test was not run, when it was not. */
  skipped?: string;
}

export interface RegressionCell {
  miniExperiment: string;
  activation: string;
  /** Scored configurations regressed on. */
  n: number;
  columns: string[];
  dropped: string[];
  rSquared: number | null;
  coefficients: Coefficient[];
  /** Why no regression was fitted, when none was. */
  skipped?: string;
}

export interface DepthComparison {
  miniExperiment: string;
  /** The depth hyperparameter's column ('layers', 'convLayers'). */
  term: string;
  /** activation → the depth coefficient (score change per extra layer), null where not fitted. */
  byActivation: Record<string, Pick<Coefficient, 'estimate' | 'standardError' | 'pValue'> | null>;
}

export interface Environment {
  backends: string[];
  /** package → the versions seen across records. */
  versions: Record<string, string[]>;
  machines: string[];
  records: number;
  tornLines: number;
  duplicateRecords: number;
  firstFinishedAt: string | null;
  lastFinishedAt: string | null;
  /** Sum of the runs' wall times. */
  trainingSeconds: number;
}

export interface ReportSummary {
  format: typeof SUMMARY_FORMAT;
  formatVersion: typeof SUMMARY_FORMAT_VERSION;
  study: { name: string; specHash: string; spec: StudySpec | null };
  /** What the study says, in sentences computed from the rest of this summary, each with its numbers. */
  headline: string[];
  /** How scores were formed, in sentences, so the JSON explains itself. */
  methods: string[];
  /** Things a reader must know about this particular ledger (fallbacks, missing pieces). */
  notes: string[];
  reference: string;
  alpha: number;
  activations: string[];
  miniExperiments: MiniExperimentInfo[];
  cells: Cell[];
  rankings: Record<Measure, Ranking>;
  top3: Top3Row[];
  referenceComparisons: ReferenceComparison[];
  /** Each activation against the reference over all mini-experiments (absent in summaries written before it existed). */
  pooledReferenceComparisons?: PooledReferenceComparison[];
  friedman: Record<Measure, FriedmanSummary>;
  sensitivity: { regressions: RegressionCell[]; depth: DepthComparison[] };
  /** Where each mini-experiment's spread comes from (absent in summaries written before it existed). */
  variance?: VarianceRow[];
  /** Expected best-of-k curves per scored cell (src/report/best-of-k.ts; absent in summaries written before it existed). */
  bestOfK?: BestOfKCurve[];
  /** Where one activation's best-of-k curve overtakes another's (absent in summaries written before it existed). */
  bestOfKCrossings?: BestOfKCrossing[];
  /** Bayesian signed-rank tests with a rope against the reference (absent in summaries written before it existed). */
  equivalence?: EquivalenceSummary;
  environment: Environment;
  /** Dolan–Moré stability profiles (src/report/profiles.ts); absent in summaries written before them. */
  profiles?: StabilityProfiles;
  /** Pairwise win/loss/tie counts per run (src/report/profiles.ts); absent in summaries written before them. */
  winRates?: WinRates;
  /** A paper's claims checked on this study (src/report/claims/); absent when the report was asked for none. */
  claims?: ClaimsSummary;
}

/** Per activation, the fraction of (mini-experiment, configuration) cells within τ of the best there. */
export interface StabilityProfiles {
  tauGrid: number[];
  rows: {
    activation: string;
    /** (mini-experiment, configuration) cells it is counted in (at least two activations scored there, and the task admits it). */
    cells: number;
    /** Of those, the ones where it has no score (never within τ). */
    failures: number;
    /** One per τ in tauGrid. */
    fractions: number[];
    /** Area under the curve over tauGrid divided by its width, in [0, 1]; null when it is in no cell. */
    area: number | null;
  }[];
}

/** wins[a][b]: units (mini-experiment, configuration, repeat, split) where a's test score beats b's; losses and ties alike. */
export interface WinRates {
  activations: string[];
  wins: number[][];
  losses: number[][];
  ties: number[][];
}

/** Variance shares of one mini-experiment's scored runs; null with fewer than two runs or no spread. */
export interface VarianceRow {
  miniExperiment: string;
  shares: VarianceShares | null;
}

/** One k of a best-of-k curve: the expected test score of dev's pick among k random configurations. */
export interface BestOfKPoint {
  k: number;
  mean: number;
  /** Percentile bootstrap 95% band; null where k is off the bootstrap's grid. */
  low: number | null;
  high: number | null;
}

/** One cell's expected best-of-k curve, k = 1…n (n: its scored configurations). */
export interface BestOfKCurve {
  miniExperiment: string;
  activation: string;
  n: number;
  curve: BestOfKPoint[];
}

/** Activation a's curve is below b's at k = 1 and above it at every k from fromK to n. */
export interface BestOfKCrossing {
  miniExperiment: string;
  a: string;
  b: string;
  fromK: number;
  n: number;
  /** The two curves at k = 1 (the means) and at k = n (the bests). */
  atOne: { a: number; b: number };
  atN: { a: number; b: number };
}
