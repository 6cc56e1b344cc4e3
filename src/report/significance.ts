// Tests E18 did not run. Per mini-experiment, each activation against a reference (ReLU by
// default) with the paired Wilcoxon signed-rank test over the configurations both scored (the
// paired design: the same sampled configurations for every activation), Holm-corrected over all
// comparisons of the report. Over mini-experiments, Friedman's test of all activations at once,
// with the Nemenyi critical difference of average ranks for the CD diagram (Demšar 2006).
import { friedmanTest, holmAdjust, mean, nemenyiCriticalDifference, stratifiedSignedRank, wilcoxonSignedRank } from './stats/index.js';
import type { Cell, FriedmanSummary, Measure, PooledReferenceComparison, ReferenceComparison, Verdict } from './types.js';

export const SIGNIFICANCE_METHODS: readonly string[] = [
  'Each activation is compared with the reference per mini-experiment by the two-sided paired Wilcoxon signed-rank test on the test scores of the configurations both scored (zero differences dropped); the p-values of all comparisons of the report form one family for Holm’s correction.',
  'A comparison is not testable when the reference has no scores, when fewer than two configurations are shared, or when so few pairs differ that no outcome could reach p < α (at α = 0.05: fewer than 6); those are left out of the Holm family.',
  'With a handful of configurations per mini-experiment and many activations, no per-mini-experiment comparison can survive Holm’s correction (8 pairs: smallest exact p = 2/2⁸ ≈ 0.0078, times some 80 comparisons), so each activation is also compared with the reference over all mini-experiments at once (the pooled comparison), Holm-corrected over the activations as a family of its own; the headline rests on it.',
  'The pooled test is the stratified Wilcoxon signed-rank test: the paired differences (activation − reference) of every configuration both scored, the |differences| ranked within each mini-experiment (zeros dropped, ties at their average rank), V the sum of the ranks of the positive differences over all mini-experiments; exact (the null distribution of the sum, by convolution) below 50 pairs without ties or zeros, else normal with tie and continuity correction. Ranking within each mini-experiment makes it scale-free: a mini-experiment weighs by its number of pairs, not by its metric or scale, and one with large differences cannot dominate as it would if the differences were ranked together; unlike the sign test it still uses which differences are large within a mini-experiment. The plain signed-rank test of the pooled differences is shown beside it, unadjusted and without a verdict.',
  'Friedman’s test compares all activations over the mini-experiments (blocks), on best and on mean, using only activations with a score in every mini-experiment; the Nemenyi critical difference of average ranks (Demšar 2006) is drawn in the CD diagram.',
];

/** The smallest two-sided p-value the exact signed-rank test can give with n non-zero pairs. */
export function smallestPossiblePValue(n: number): number {
  return Math.min(1, 2 ** (1 - n));
}

function pairedScores(cell: Cell, reference: Cell): { own: number[]; theirs: number[] } {
  const referenceByConfig = new Map(reference.scores.map((score) => [score.configIndex, score.test]));
  const own: number[] = [];
  const theirs: number[] = [];
  for (const score of cell.scores) {
    const other = referenceByConfig.get(score.configIndex);
    if (other === undefined) continue;
    own.push(score.test);
    theirs.push(other);
  }
  return { own, theirs };
}

function untestable(cell: Cell, reference: string, shared: number, note: string): ReferenceComparison {
  return {
    miniExperiment: cell.miniExperiment,
    activation: cell.activation,
    reference,
    sharedConfigurations: shared,
    n: 0,
    statistic: null,
    pValue: null,
    pHolm: null,
    method: null,
    medianDifference: null,
    meanDifference: null,
    verdict: 'not testable',
    note,
  };
}

export function compareWithReference(
  cells: readonly Cell[],
  miniExperiments: readonly string[],
  reference: string,
  alpha: number,
): ReferenceComparison[] {
  const rows: ReferenceComparison[] = [];
  for (const miniExperiment of miniExperiments) {
    const inMini = cells.filter((cell) => cell.miniExperiment === miniExperiment);
    const referenceCell = inMini.find((cell) => cell.activation === reference);
    for (const cell of inMini) {
      if (cell.activation === reference) continue;
      if (referenceCell === undefined || referenceCell.scores.length === 0) {
        rows.push(untestable(cell, reference, 0, `the reference ${reference} has no scores here`));
        continue;
      }
      const { own, theirs } = pairedScores(cell, referenceCell);
      if (own.length < 2) {
        rows.push(
          untestable(
            cell,
            reference,
            own.length,
            `${own.length} shared configuration${own.length === 1 ? '' : 's'}; a paired test needs at least 2`,
          ),
        );
        continue;
      }
      const result = wilcoxonSignedRank(own, theirs);
      const differences = own.map((value, i) => value - theirs[i]!);
      const row: ReferenceComparison = {
        miniExperiment,
        activation: cell.activation,
        reference,
        sharedConfigurations: own.length,
        n: result.n,
        statistic: result.statistic,
        pValue: Number.isNaN(result.pValue) ? null : result.pValue,
        pHolm: null,
        method: result.method,
        medianDifference: result.medianDifference,
        meanDifference: mean(differences),
        verdict: 'not testable',
      };
      if (result.n === 0) row.note = 'every shared configuration scores the same';
      else if (smallestPossiblePValue(result.n) >= alpha)
        row.note = `only ${result.n} differing pairs: no outcome could reach p < ${alpha}`;
      rows.push(row);
    }
  }
  // V above its null expectation n(n+1)/4 means the positive differences (activation ahead) dominate.
  return holmVerdicts(rows, alpha, (row) => row.statistic! > (row.n * (row.n + 1)) / 4);
}

/** Holm over the rows without a note and with a p-value; their verdicts at α, 'better' where `ahead`. */
function holmVerdicts<T extends { pValue: number | null; pHolm: number | null; verdict: Verdict; note?: string }>(
  rows: T[],
  alpha: number,
  ahead: (row: T) => boolean,
): T[] {
  const family = rows.filter((row) => row.note === undefined && row.pValue !== null);
  const adjusted = holmAdjust(family.map((row) => row.pValue!));
  family.forEach((row, i) => {
    row.pHolm = adjusted[i]!;
    row.verdict = row.pHolm < alpha ? (ahead(row) ? 'better' : 'worse') : 'no significant difference';
  });
  return rows;
}

/** The stratified test of per-mini-experiment differences, as a pooled row's test fields; shared with `compare`. */
export function pooledTest(
  strata: readonly (readonly number[])[],
): Pick<
  PooledReferenceComparison,
  'n' | 'statistic' | 'expected' | 'pValue' | 'method' | 'medianDifference' | 'meanDifference' | 'ahead' | 'behind' | 'unstratified'
> {
  const all = strata.flat();
  const result = stratifiedSignedRank(strata);
  const plain =
    all.length >= 2
      ? wilcoxonSignedRank(
          all,
          all.map(() => 0),
        )
      : null;
  return {
    n: result.n,
    statistic: all.length > 0 ? result.statistic : null,
    expected: all.length > 0 ? result.expected : null,
    pValue: Number.isNaN(result.pValue) ? null : result.pValue,
    method: all.length > 0 ? result.method : null,
    medianDifference: all.length > 0 ? result.medianDifference : null,
    meanDifference: all.length > 0 ? mean(all) : null,
    ahead: result.positive,
    behind: result.negative,
    unstratified:
      plain === null
        ? null
        : { statistic: plain.statistic, pValue: Number.isNaN(plain.pValue) ? null : plain.pValue, method: plain.method },
  };
}

/**
 * Each activation against the reference over all mini-experiments: the stratified signed-rank
 * test of its paired differences, Holm-adjusted over the activations.
 */
export function pooledCompareWithReference(
  cells: readonly Cell[],
  miniExperiments: readonly string[],
  activations: readonly string[],
  reference: string,
  alpha: number,
): PooledReferenceComparison[] {
  if (!activations.includes(reference)) return [];
  const rows: PooledReferenceComparison[] = [];
  for (const activation of activations) {
    if (activation === reference) continue;
    const strata: number[][] = [];
    for (const miniExperiment of miniExperiments) {
      const own = cells.find((cell) => cell.miniExperiment === miniExperiment && cell.activation === activation);
      const theirs = cells.find((cell) => cell.miniExperiment === miniExperiment && cell.activation === reference);
      if (own === undefined || theirs === undefined) continue;
      const paired = pairedScores(own, theirs);
      if (paired.own.length > 0) strata.push(paired.own.map((value, i) => value - paired.theirs[i]!));
    }
    const pairs = strata.reduce((sum, stratum) => sum + stratum.length, 0);
    const row: PooledReferenceComparison = {
      activation,
      reference,
      miniExperiments: strata.length,
      pairs,
      ...pooledTest(strata),
      pHolm: null,
      verdict: 'not testable',
    };
    if (pairs === 0) row.note = `no configuration scored by both ${activation} and ${reference} in any mini-experiment`;
    else if (row.n === 0) row.note = 'every shared configuration scores the same';
    else if (smallestPossiblePValue(row.n) >= alpha) row.note = `only ${row.n} differing pairs: no outcome could reach p < ${alpha}`;
    rows.push(row);
  }
  return holmVerdicts(rows, alpha, (row) => row.statistic! > row.expected!);
}

export function friedmanOverMiniExperiments(
  cells: readonly Cell[],
  miniExperiments: readonly string[],
  activations: readonly string[],
  measure: Measure,
  alpha: number,
): FriedmanSummary {
  const value = (activation: string, miniExperiment: string): number | null => {
    const cell = cells.find((c) => c.activation === activation && c.miniExperiment === miniExperiment);
    return (measure === 'best' ? cell?.best : cell?.mean) ?? null;
  };
  const excluded: FriedmanSummary['excluded'] = [];
  const included: string[] = [];
  for (const activation of activations) {
    const missingIn = miniExperiments.filter((mini) => value(activation, mini) === null);
    if (missingIn.length > 0) excluded.push({ activation, missingIn });
    else included.push(activation);
  }
  const base: FriedmanSummary = {
    measure,
    activations: included,
    excluded,
    blocks: miniExperiments.length,
    statistic: null,
    df: null,
    pValue: null,
    imanDavenport: null,
    averageRanks: {},
    alpha,
    criticalDifference: null,
  };
  if (miniExperiments.length < 2) return { ...base, skipped: `needs at least 2 mini-experiments, the study has ${miniExperiments.length}` };
  if (included.length < 2)
    return { ...base, skipped: `needs at least 2 activations with a score in every mini-experiment, found ${included.length}` };
  const matrix = miniExperiments.map((mini) => included.map((activation) => value(activation, mini)!));
  const result = friedmanTest(matrix, true);
  const finite = (value: number): number | null => (Number.isFinite(value) ? value : null);
  const id = result.imanDavenport;
  return {
    ...base,
    statistic: finite(result.statistic),
    df: result.df,
    pValue: finite(result.pValue),
    imanDavenport: { statistic: finite(id.statistic), df1: id.df1, df2: id.df2, pValue: finite(id.pValue) },
    averageRanks: Object.fromEntries(included.map((activation, i) => [activation, result.averageRanks[i]!])),
    criticalDifference: nemenyiCriticalDifference(included.length, miniExperiments.length, alpha),
  };
}
