// Practical equivalence (issue 16 item 3): each activation against the reference with the
// Bayesian signed-rank test and a region of practical equivalence (src/report/stats/
// bayesian-signed-rank.ts), per mini-experiment on the paired configurations and over all
// mini-experiments on the pooled differences; verdicts in words.
import { bayesianSignedRank, DECISION_BATCH, DEFAULT_POSTERIOR_SAMPLES, DEFAULT_PRIOR_WEIGHT } from './stats/bayesian-signed-rank.js';
import type { Cell } from './types.js';

/** Half-width of the rope in score units: 0.005 = half a point of accuracy in [0, 1]. */
export const DEFAULT_ROPE = 0.005;
/** A verdict needs this posterior probability of one region. */
export const DEFAULT_EQUIVALENCE_PROBABILITY = 0.95;
const SEED = 1;

export type EquivalenceVerdict = 'better' | 'practically equivalent' | 'worse' | 'uncertain' | 'not testable';

export interface EquivalenceRow {
  /** null for the pooled row (all mini-experiments). */
  miniExperiment: string | null;
  activation: string;
  reference: string;
  /** Paired configurations (differences activation − reference) the test used. */
  pairs: number;
  meanDifference: number | null;
  /** Posterior probabilities: activation better by more than the rope, within it, worse by more. */
  pBetter: number | null;
  pEquivalent: number | null;
  pWorse: number | null;
  verdict: EquivalenceVerdict;
  /** The verdict in a sentence, with the three probabilities. */
  words: string;
  note?: string;
}

export interface EquivalenceSummary {
  /** Half-width of the region of practical equivalence, in score units. */
  rope: number;
  prior: number;
  samples: number;
  /** Posterior probability a verdict needs. */
  probability: number;
  perMiniExperiment: EquivalenceRow[];
  pooled: EquivalenceRow[];
}

export function equivalenceMethods(rope: number, probability: number): string[] {
  return [
    `Practical equivalence: the Bayesian signed-rank test (Benavoli et al. 2017, as in baycomp and autorank) of the paired differences (activation − reference) of the configurations both scored, with a region of practical equivalence of ±${rope} score units (${rope * 100} points of a metric in [0, 1]). The posterior is a Dirichlet process: weights Dirichlet(${DEFAULT_PRIOR_WEIGHT}, 1, …, 1) over a pseudo-observation 0 and the differences; per sample, the weight of the pairs (i, j) whose d_i + d_j is above +2·rope (better), below −2·rope (worse) or in between (equivalent); P(better), P(equivalent), P(worse) are the shares of up to ${DEFAULT_POSTERIOR_SAMPLES} seeded samples in which each region weighs most; drawing stops after a multiple of ${DECISION_BATCH} (at least ${DECISION_BATCH}) once the 99.9% interval of each share lies wholly on one side of the verdict's probability, so a settled verdict costs less and an unsettled one gets every sample.`,
    `Verdicts: "better", "practically equivalent" or "worse" when that probability is at least ${probability}, else "uncertain" (with the three probabilities). Over all mini-experiments the same test runs on the pooled differences; the mini-experiments' metrics and scales differ, so the pooled rope means the same number of score units everywhere and a mini-experiment with large differences weighs more.`,
  ];
}

/** Differences activation − reference on the configurations both scored (test scores). */
export function pairedDifferences(cell: Cell, reference: Cell): number[] {
  const byConfig = new Map(reference.scores.map((score) => [score.configIndex, score.test]));
  const differences: number[] = [];
  for (const score of cell.scores) {
    const other = byConfig.get(score.configIndex);
    if (other !== undefined) differences.push(score.test - other);
  }
  return differences;
}

const percent = (p: number): string => `${(p * 100).toFixed(1)}%`;

export function equivalenceVerdict(pBetter: number, pEquivalent: number, pWorse: number, probability: number): EquivalenceVerdict {
  if (pBetter >= probability) return 'better';
  if (pEquivalent >= probability) return 'practically equivalent';
  if (pWorse >= probability) return 'worse';
  return 'uncertain';
}

export function verdictWords(
  activation: string,
  reference: string,
  verdict: EquivalenceVerdict,
  pBetter: number,
  pEquivalent: number,
  pWorse: number,
  rope: number,
): string {
  const probs = `P(better) ${percent(pBetter)}, P(equivalent) ${percent(pEquivalent)}, P(worse) ${percent(pWorse)}`;
  switch (verdict) {
    case 'better':
      return `${activation} is better than ${reference} by more than ${rope} (${probs})`;
    case 'worse':
      return `${activation} is worse than ${reference} by more than ${rope} (${probs})`;
    case 'practically equivalent':
      return `${activation} and ${reference} are practically equivalent within ±${rope} (${probs})`;
    default:
      return `${activation} against ${reference} is uncertain (${probs})`;
  }
}

/** One row from differences; `samples` may be lowered in tests. */
export function equivalenceRow(
  miniExperiment: string | null,
  activation: string,
  reference: string,
  differences: readonly number[],
  rope: number,
  probability: number,
  samples = DEFAULT_POSTERIOR_SAMPLES,
): EquivalenceRow {
  if (differences.length < 2) {
    return {
      miniExperiment,
      activation,
      reference,
      pairs: differences.length,
      meanDifference: differences.length > 0 ? differences[0]! : null,
      pBetter: null,
      pEquivalent: null,
      pWorse: null,
      verdict: 'not testable',
      words: `${activation} against ${reference}: not testable`,
      note: `${differences.length} shared configuration${differences.length === 1 ? '' : 's'}; the test needs at least 2`,
    };
  }
  // A verdict probability of 1 (compare's rows, judged elsewhere) never settles early.
  const probs = bayesianSignedRank(differences, { rope, samples, seed: SEED, ...(probability < 1 ? { decideAt: probability } : {}) });
  const verdict = equivalenceVerdict(probs.right, probs.rope, probs.left, probability);
  return {
    miniExperiment,
    activation,
    reference,
    pairs: differences.length,
    meanDifference: differences.reduce((a, b) => a + b, 0) / differences.length,
    pBetter: probs.right,
    pEquivalent: probs.rope,
    pWorse: probs.left,
    verdict,
    words: verdictWords(activation, reference, verdict, probs.right, probs.rope, probs.left, rope),
  };
}

export function equivalenceSummary(
  cells: readonly Cell[],
  miniExperiments: readonly string[],
  activations: readonly string[],
  reference: string,
  rope: number = DEFAULT_ROPE,
  probability: number = DEFAULT_EQUIVALENCE_PROBABILITY,
  samples: number = DEFAULT_POSTERIOR_SAMPLES,
): EquivalenceSummary {
  const perMiniExperiment: EquivalenceRow[] = [];
  const pooled: EquivalenceRow[] = [];
  const find = (mini: string, activation: string) => cells.find((cell) => cell.miniExperiment === mini && cell.activation === activation);
  if (activations.includes(reference)) {
    const all = new Map<string, number[]>();
    for (const mini of miniExperiments) {
      const referenceCell = find(mini, reference);
      for (const activation of activations) {
        if (activation === reference) continue;
        const cell = find(mini, activation);
        if (cell === undefined) continue;
        const differences = referenceCell === undefined ? [] : pairedDifferences(cell, referenceCell);
        perMiniExperiment.push(equivalenceRow(mini, activation, reference, differences, rope, probability, samples));
        all.set(activation, [...(all.get(activation) ?? []), ...differences]);
      }
    }
    for (const activation of activations) {
      if (activation === reference) continue;
      pooled.push(equivalenceRow(null, activation, reference, all.get(activation) ?? [], rope, probability, samples));
    }
  }
  return { rope, prior: DEFAULT_PRIOR_WEIGHT, samples, probability, perMiniExperiment, pooled };
}

/** One headline sentence on the pooled equivalence verdicts; null when there are none. */
export function equivalenceSentence(equivalence: EquivalenceSummary | undefined, reference: string): string | null {
  const rows = (equivalence?.pooled ?? []).filter((row) => row.verdict !== 'not testable');
  if (equivalence === undefined || rows.length === 0) return null;
  const named = (verdict: EquivalenceVerdict): string[] => rows.filter((row) => row.verdict === verdict).map((row) => row.activation);
  const parts: string[] = [];
  const list = (names: string[], what: string): void => {
    if (names.length > 0) parts.push(`${what}: ${names.join(', ')}`);
  };
  list(named('practically equivalent'), `practically equivalent to ${reference}`);
  list(named('better'), 'better');
  list(named('worse'), 'worse');
  list(named('uncertain'), 'uncertain');
  return `Practical equivalence over all mini-experiments (Bayesian signed-rank test on the pooled paired differences, rope ±${equivalence.rope}, a verdict at posterior ≥ ${equivalence.probability}) — ${parts.join('; ')}.`;
}
