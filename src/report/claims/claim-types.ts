// Claims as data: statements from a paper (E18's, in reports/claims/e18.yaml) that a report checks
// against any study's summary. A claims file names a kind of check and its parameters; the checks
// themselves are the few kinds below, so a file can never run code.
import type { ParamValue } from '../../task/search-space.js';
import type { Measure } from '../types.js';

/** Which mini-experiments a claim looks at: all, or those of the listed tasks. */
export interface ClaimScope {
  tasks?: string[];
}

interface ClaimBase {
  /** Short, unique within the file ('ptanh-top3-mean'). */
  id: string;
  /** The claim in words, as the paper makes it. */
  text: string;
  /** Where the paper makes it ('E18 §5, Table 4'). */
  source?: string;
  scope?: ClaimScope;
}

/**
 * Each listed activation is among the `within` activations with the most top-3 finishes on
 * `measure` (fewer than `within` activations have strictly more).
 */
export interface Top3FrequencyClaim extends ClaimBase {
  kind: 'top3-frequency';
  measure: Measure;
  activations: string[];
  within: number;
}

/**
 * The activation's average rank on `measure` is among the `within` best (position top) or worst
 * (position bottom): fewer than `within` activations have a strictly better, or worse, one.
 */
export interface RankPositionClaim extends ClaimBase {
  kind: 'rank-position';
  measure: Measure;
  activation: string;
  position: 'top' | 'bottom';
  within: number;
}

/** The average ranks on best and on mean disagree: their Spearman correlation is below `below`. */
export interface RankingsDifferClaim extends ClaimBase {
  kind: 'rankings-differ';
  below: number;
}

/** One activation in one mini-experiment, chosen by task and settings (a subset of the spec's). */
export interface ClaimSide {
  activation: string;
  task: string;
  settings?: Record<string, ParamValue>;
}

/**
 * Side a scores higher than side b on `measure`, by about `expected` (± `tolerance`) when given;
 * a difference in the claimed direction but clearly of another size contradicts it.
 */
export interface DifferenceClaim extends ClaimBase {
  kind: 'difference';
  measure: Measure;
  a: ClaimSide;
  b: ClaimSide;
  expected?: number;
  tolerance?: number;
}

/**
 * The difference a − b is larger than c − d (by about `expected` when given): one activation's
 * advantage over another grows from one mini-experiment to another (R17: swish over relu grows
 * with depth).
 */
export interface InteractionClaim extends ClaimBase {
  kind: 'interaction';
  measure: Measure;
  a: ClaimSide;
  b: ClaimSide;
  c: ClaimSide;
  d: ClaimSide;
  expected?: number;
  tolerance?: number;
}

export type Claim = Top3FrequencyClaim | RankPositionClaim | RankingsDifferClaim | DifferenceClaim | InteractionClaim;

export const CLAIM_KINDS = ['top3-frequency', 'rank-position', 'rankings-differ', 'difference', 'interaction'] as const;

/** The paper's own study, to set a replication's scale and substitutions beside it. */
export interface PaperStudy {
  activations: number;
  /** Sampled configurations per mini-experiment. */
  configurations: number;
  /** Seeds per configuration. */
  repeats: number;
  miniExperiments: number;
  /** Training runs in all (as the paper's design implies). */
  runs: number;
  /** What it ran on ('Keras 2 on GPUs'). */
  backend: string;
  /** Its datasets, by actbench's dataset names where actbench has a reader. */
  datasets: string[];
  /** The optimizers' update rules: 'keras2' or 'tfjs' (actbench's names of the two families). */
  optimizerRules: 'keras2' | 'tfjs';
  /** What actbench does differently whatever the study, one sentence each. */
  substitutions: string[];
}

export interface ClaimsFile {
  /** The file's title ('Is it Time to Swish? (Eger et al. 2018)'). */
  title: string;
  /** The paper's study, when the file describes it. */
  paper?: PaperStudy;
  /**
   * A claim is supported when the bootstrap gives it at least this probability (or its interval
   * at this level lies on its side), contradicted when it gives it at most 1 − this.
   */
  confidence: number;
  claims: Claim[];
}

export type ClaimVerdict = 'supported' | 'contradicted' | 'inconclusive' | 'not evaluable';

export interface ClaimResult {
  id: string;
  text: string;
  source: string | null;
  kind: Claim['kind'];
  verdict: ClaimVerdict;
  /** The statistic behind the verdict, in words with its numbers. */
  statistic: string;
  /** Bootstrap probability that the claim holds (rank and frequency claims); null otherwise. */
  probability: number | null;
  /** The observed value (difference, correlation); null for rank and frequency claims. */
  estimate: number | null;
  interval: { low: number; high: number } | null;
  /** Mini-experiments the claim was evaluated on. */
  miniExperiments: number;
}

/** One row of the scale table: the paper's figure and this study's. */
export interface ScaleRow {
  aspect: string;
  paper: string;
  study: string;
}

export interface ClaimsSummary {
  title: string;
  /** The study's scale and substitutions beside the paper's; absent when the file has no paper block. */
  scale?: ScaleRow[];
  /** The file the claims came from, as given. */
  file: string;
  confidence: number;
  resamples: number;
  /** How the bootstrap resampled, in a sentence. */
  method: string;
  results: ClaimResult[];
}
