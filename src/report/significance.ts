// Tests E18 did not run. Per mini-experiment, each activation against a reference (ReLU by
// default) with the paired Wilcoxon signed-rank test over the configurations both scored (the
// paired design: the same sampled configurations for every activation), Holm-corrected over all
// comparisons of the report. Over mini-experiments, Friedman's test of all activations at once,
// with the Nemenyi critical difference of average ranks for the CD diagram (Demšar 2006).
import { friedmanTest, holmAdjust, mean, nemenyiCriticalDifference, wilcoxonSignedRank } from './stats/index.js';
import type { Cell, FriedmanSummary, Measure, ReferenceComparison } from './types.js';

export const SIGNIFICANCE_METHODS: readonly string[] = [
  'Each activation is compared with the reference per mini-experiment by the two-sided paired Wilcoxon signed-rank test on the test scores of the configurations both scored (zero differences dropped); the p-values of all comparisons of the report form one family for Holm’s correction.',
  'A comparison is not testable when the reference has no scores, when fewer than two configurations are shared, or when so few pairs differ that no outcome could reach p < α (at α = 0.05: fewer than 6); those are left out of the Holm family.',
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

export function compareWithReference(cells: readonly Cell[], miniExperiments: readonly string[], reference: string, alpha: number): ReferenceComparison[] {
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
        rows.push(untestable(cell, reference, own.length, `${own.length} shared configuration${own.length === 1 ? '' : 's'}; a paired test needs at least 2`));
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
      else if (smallestPossiblePValue(result.n) >= alpha) row.note = `only ${result.n} differing pairs: no outcome could reach p < ${alpha}`;
      rows.push(row);
    }
  }
  const family = rows.filter((row) => row.note === undefined && row.pValue !== null);
  const adjusted = holmAdjust(family.map((row) => row.pValue!));
  family.forEach((row, i) => {
    row.pHolm = adjusted[i]!;
    // V above its null expectation n(n+1)/4 means the positive differences (activation ahead) dominate.
    const ahead = row.statistic! > (row.n * (row.n + 1)) / 4;
    row.verdict = row.pHolm < alpha ? (ahead ? 'better' : 'worse') : 'no significant difference';
  });
  return rows;
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
  if (included.length < 2) return { ...base, skipped: `needs at least 2 activations with a score in every mini-experiment, found ${included.length}` };
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
