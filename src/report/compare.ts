// `actbench compare`: one study's results against another's (a release against the last one),
// per activation and mini-experiment. The deltas of best and mean are shown everywhere; whether
// a drop is real is decided on the configurations both studies ran: paired by configIndex, and
// only where the sampled hyperparameters are identical (a changed search space samples different
// configurations under the same index). The gate is the mean, the only measure a paired test
// speaks to: a regression is a mean drop beyond the threshold with a significant
// Wilcoxon signed-rank test, Holm-corrected over all testable cells so that a release with twenty
// activations on seventeen mini-experiments does not fail on noise alone.
//
// Each verdict says exactly what was tested: a significant drop whose mean fell by no more than
// the threshold is 'significant drop within threshold', never 'no significant change'; only
// 'regression' fails the gate. A mini-experiment whose activations do not beat the trivial
// baseline in either study is flagged: its changes say little about the activations.
//
// A change that touches every activation (a broken optimizer) changes every cell, and Holm over
// some 80 cells of 8 configurations each can never reach significance (smallest exact p 2/2⁸).
// So each activation is also tested over all mini-experiments at once: the stratified
// signed-rank test of new − old (ranks within each mini-experiment, as the report's pooled
// comparison with the reference), Holm over the activations; a pooled regression is a
// significant drop whose mean over all the activation's paired configurations fell by more than
// the threshold, and it fails the gate as a per-cell regression does.
import { holmAdjust, wilcoxonSignedRank } from './stats/index.js';
import { describeBaseline } from './baseline.js';
import { formatP, formatScore } from './format.js';
import { pooledTest, smallestPossiblePValue } from './significance.js';
import type { Cell, MiniExperimentInfo, PooledReferenceComparison, ReportSummary } from './types.js';

export interface CompareOptions {
  /** A drop in mean larger than this (in score units, 0.01 = one accuracy point) can be a regression. */
  threshold: number;
  alpha: number;
}

/**
 * regression: significant drop (Holm p < α) and the mean fell by more than the threshold: fails the gate.
 * significant drop within threshold: significant drop, the mean fell by no more than the threshold.
 * improvement: significant rise (Holm p < α), whatever its size.
 * no significant change: tested, Holm p ≥ α (the mean may still have moved; see dropBeyondThreshold).
 * unchanged: every paired configuration scores the same.
 * not testable: too few paired configurations that differ for p < α to be possible (the note says how many).
 * only in old / only in new: the cell exists in one study.
 */
export type ChangeVerdict =
  | 'regression'
  | 'significant drop within threshold'
  | 'improvement'
  | 'no significant change'
  | 'unchanged'
  | 'not testable'
  | 'only in old'
  | 'only in new';

/** Every verdict, in the order a reader ranks them by concern. */
export const CHANGE_VERDICTS: readonly ChangeVerdict[] = [
  'regression',
  'significant drop within threshold',
  'improvement',
  'no significant change',
  'unchanged',
  'not testable',
  'only in old',
  'only in new',
];

export interface CellChange {
  miniExperiment: string;
  activation: string;
  oldBest: number | null;
  newBest: number | null;
  deltaBest: number | null;
  oldMean: number | null;
  newMean: number | null;
  deltaMean: number | null;
  /** Configurations both scored, with identical hyperparameters. */
  pairs: number;
  /** Pairs whose scores differ (the signed-rank test drops ties). */
  n: number;
  /** Signed-rank statistic V of new − old. */
  statistic: number | null;
  pValue: number | null;
  pHolm: number | null;
  verdict: ChangeVerdict;
  /** The mean dropped by more than the threshold (whatever the test says). */
  dropBeyondThreshold: boolean;
  /** The mini-experiment is not informative (most medians do not beat the trivial baseline) in either study. */
  notInformative: boolean;
  note?: string;
}

/**
 * One activation over all mini-experiments: the stratified signed-rank test of new − old over
 * every configuration paired in any mini-experiment, Holm-adjusted over the activations. Verdicts
 * as for a cell ('only in old' / 'only in new' never occur: such cells carry no pairs).
 */
export interface PooledChange
  extends Pick<
    PooledReferenceComparison,
    'activation' | 'pairs' | 'n' | 'statistic' | 'expected' | 'pValue' | 'pHolm' | 'method' | 'meanDifference' | 'medianDifference'
  > {
  // As in the report's pooled comparison, with new − old for activation − reference: V above
  // `expected`, the new scores are ahead; the mean and median are over every paired configuration,
  // unchanged mini-experiments included; pHolm over the activations tested.
  /** Mini-experiments with at least one paired configuration. */
  miniExperiments: number;
  /** Of those, the ones where some paired configuration scores differently. */
  changedMiniExperiments: number;
  verdict: ChangeVerdict;
  /** The pooled mean dropped by more than the threshold (whatever the test says). */
  dropBeyondThreshold: boolean;
  note?: string;
}

/** A mini-experiment not informative in at least one of the two studies. */
export interface NotInformativeMini {
  miniExperiment: string;
  /** Not informative in the old study / in the new one (false also when unknown: no baseline, or a format-1 summary). */
  old: boolean;
  new: boolean;
  /** "16 of 16 medians at or below tokenAccuracy 0.8304" per study where it applies. */
  detail: string;
}

export interface Comparison {
  old: { name: string; specHash: string; source: string };
  new: { name: string; specHash: string; source: string };
  threshold: number;
  alpha: number;
  cells: CellChange[];
  /** Significant drops beyond the threshold: the exit code is 1 when there is any. */
  regressions: CellChange[];
  /** Drops beyond the threshold that the test does not confirm (not significant, or not testable). */
  unconfirmedDrops: CellChange[];
  improvements: CellChange[];
  /** Significant drops that fell by no more than the threshold: not regressions, but real. */
  dropsWithinThreshold: CellChange[];
  /** Mini-experiments whose activations do not beat the trivial baseline in either study. */
  notInformative: NotInformativeMini[];
  /** Per activation, over all mini-experiments. */
  pooled: PooledChange[];
  /** Pooled significant drops beyond the threshold: the exit code is 1 when there is any, too. */
  pooledRegressions: PooledChange[];
  notes: string[];
}

const delta = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : b - a);

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  return `{${Object.keys(value as object)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
    .join(',')}}`;
}

/** configIndex → hparams as canonical JSON, to pair only configurations that are really the same. */
export function configurationKeys(info: MiniExperimentInfo): Map<number, string> {
  return new Map(info.configurations.map((c) => [c.configIndex, canonical(c.hparams)]));
}

export function pairScores(
  oldCell: Cell,
  newCell: Cell,
  oldKeys: Map<number, string>,
  newKeys: Map<number, string>,
): { before: number[]; after: number[]; differing: number } {
  const newByIndex = new Map(newCell.scores.map((score) => [score.configIndex, score.test]));
  const before: number[] = [];
  const after: number[] = [];
  let differing = 0;
  for (const score of oldCell.scores) {
    const other = newByIndex.get(score.configIndex);
    if (other === undefined) continue;
    if (oldKeys.get(score.configIndex) !== newKeys.get(score.configIndex)) {
      differing++;
      continue;
    }
    before.push(score.test);
    after.push(other);
  }
  return { before, after, differing };
}

export function compareSummaries(
  oldSummary: ReportSummary,
  newSummary: ReportSummary,
  options: CompareOptions,
  sources: { old: string; new: string } = { old: 'old', new: 'new' },
): Comparison {
  const notes: string[] = [];
  if (oldSummary.study.specHash !== newSummary.study.specHash) {
    notes.push(
      `the two studies have different spec hashes (${oldSummary.study.specHash} vs ${newSummary.study.specHash}): configurations are paired only where index and hyperparameters both match`,
    );
  }
  const oldInfo = new Map(oldSummary.miniExperiments.map((info) => [info.id, info]));
  const newInfo = new Map(newSummary.miniExperiments.map((info) => [info.id, info]));
  const oldCells = new Map(oldSummary.cells.map((cell) => [`${cell.miniExperiment}\u0000${cell.activation}`, cell]));
  const newCells = new Map(newSummary.cells.map((cell) => [`${cell.miniExperiment}\u0000${cell.activation}`, cell]));
  const keys = [...new Set([...oldCells.keys(), ...newCells.keys()])];
  const order = (key: string): [number, number] => {
    const [mini, activation] = key.split('\u0000') as [string, string];
    const minis = [...newSummary.miniExperiments.map((m) => m.id), ...oldSummary.miniExperiments.map((m) => m.id)];
    const activations = [...newSummary.activations, ...oldSummary.activations];
    return [minis.indexOf(mini), activations.indexOf(activation)];
  };
  keys.sort((a, b) => {
    const [ma, aa] = order(a);
    const [mb, ab] = order(b);
    return ma - mb || aa - ab;
  });

  const notInformative = notInformativeMinis(oldSummary, newSummary);
  const flagged = new Set(notInformative.map((mini) => mini.miniExperiment));
  const metricMismatch = new Set<string>();
  /** activation → new − old of its paired configurations, one array per mini-experiment. */
  const strata = new Map<string, number[][]>();
  const cells: CellChange[] = keys.map((key) => {
    const before = oldCells.get(key);
    const after = newCells.get(key);
    const [miniExperiment, activation] = key.split('\u0000') as [string, string];
    const change: CellChange = {
      miniExperiment,
      activation,
      oldBest: before?.best ?? null,
      newBest: after?.best ?? null,
      deltaBest: delta(before?.best ?? null, after?.best ?? null),
      oldMean: before?.mean ?? null,
      newMean: after?.mean ?? null,
      deltaMean: delta(before?.mean ?? null, after?.mean ?? null),
      pairs: 0,
      n: 0,
      statistic: null,
      pValue: null,
      pHolm: null,
      verdict: 'not testable',
      dropBeyondThreshold: false,
      notInformative: flagged.has(miniExperiment),
    };
    change.dropBeyondThreshold = change.deltaMean !== null && change.deltaMean < -options.threshold;
    if (!before || !after) {
      change.verdict = before ? 'only in old' : 'only in new';
      return change;
    }
    const oldMini = oldInfo.get(miniExperiment)!;
    const newMini = newInfo.get(miniExperiment)!;
    if (oldMini.metric !== newMini.metric) {
      metricMismatch.add(`${miniExperiment} (${oldMini.metric} → ${newMini.metric})`);
      change.note = `scored on different metrics (${oldMini.metric} vs ${newMini.metric})`;
      change.dropBeyondThreshold = false;
      return change;
    }
    const {
      before: oldScores,
      after: newScores,
      differing,
    } = pairScores(before, after, configurationKeys(oldMini), configurationKeys(newMini));
    change.pairs = oldScores.length;
    if (oldScores.length > 0)
      strata.set(activation, [...(strata.get(activation) ?? []), newScores.map((score, i) => score - oldScores[i]!)]);
    const differingNote =
      differing > 0 ? `; ${differing} configuration(s) with the same index have different hyperparameters and are not paired` : '';
    if (oldScores.length < 2) {
      change.note = `${oldScores.length} paired configuration${oldScores.length === 1 ? '' : 's'}; a paired test needs at least 2${differingNote}`;
      if (oldScores.length === 1 && oldScores[0] === newScores[0]) change.verdict = 'unchanged';
      return change;
    }
    const result = wilcoxonSignedRank(newScores, oldScores);
    change.n = result.n;
    change.statistic = result.statistic;
    if (result.n === 0) {
      change.verdict = 'unchanged';
      change.note = `every paired configuration scores the same${differingNote}`;
      return change;
    }
    change.pValue = Number.isNaN(result.pValue) ? null : result.pValue;
    if (smallestPossiblePValue(result.n) >= options.alpha) {
      change.note = `only ${result.n} differing pairs: no outcome could reach p < ${options.alpha}${differingNote}`;
      return change;
    }
    change.verdict = 'no significant change';
    if (differingNote !== '') change.note = differingNote.slice(2);
    return change;
  });
  if (metricMismatch.size > 0)
    notes.push(`mini-experiments scored on different metrics are not compared: ${[...metricMismatch].join('; ')}`);

  // Holm over every cell that reached a test.
  const tested = cells.filter((cell) => cell.verdict === 'no significant change' && cell.pValue !== null);
  const adjusted = holmAdjust(tested.map((cell) => cell.pValue!));
  tested.forEach((cell, i) => {
    cell.pHolm = adjusted[i]!;
    if (cell.pHolm >= options.alpha) return;
    // V (ranks of positive new − old differences) above n(n+1)/4: the new scores are ahead.
    const newAhead = cell.statistic! > (cell.n * (cell.n + 1)) / 4;
    if (newAhead) cell.verdict = 'improvement';
    else if (cell.dropBeyondThreshold) cell.verdict = 'regression';
    else {
      cell.verdict = 'significant drop within threshold';
      const fell =
        cell.deltaMean === null
          ? 'the mean did not change'
          : cell.deltaMean < 0
            ? `the mean fell by ${formatScore(-cell.deltaMean)}`
            : `the mean rose by ${formatScore(cell.deltaMean)}`;
      cell.note = [
        `significant drop (p_holm ${formatP(cell.pHolm)}), but ${fell}, no more than the threshold ${options.threshold}`,
        cell.note,
      ]
        .filter(Boolean)
        .join('; ');
    }
  });

  const activations = [...new Set([...newSummary.activations, ...oldSummary.activations])];
  const pooled = pooledChanges(activations, strata, options);

  return {
    old: { name: oldSummary.study.name, specHash: oldSummary.study.specHash, source: sources.old },
    new: { name: newSummary.study.name, specHash: newSummary.study.specHash, source: sources.new },
    threshold: options.threshold,
    alpha: options.alpha,
    cells,
    regressions: cells.filter((cell) => cell.verdict === 'regression'),
    unconfirmedDrops: cells.filter((cell) => cell.dropBeyondThreshold && cell.verdict !== 'regression'),
    improvements: cells.filter((cell) => cell.verdict === 'improvement'),
    dropsWithinThreshold: cells.filter((cell) => cell.verdict === 'significant drop within threshold'),
    notInformative,
    pooled,
    pooledRegressions: pooled.filter((row) => row.verdict === 'regression'),
    notes,
  };
}

/** Per activation, the stratified test of new − old over its mini-experiments; Holm over the activations tested. */
function pooledChanges(activations: readonly string[], strata: ReadonlyMap<string, number[][]>, options: CompareOptions): PooledChange[] {
  const rows: PooledChange[] = activations.map((activation) => {
    const own = strata.get(activation) ?? [];
    const test = pooledTest(own);
    const row: PooledChange = {
      activation,
      miniExperiments: own.length,
      changedMiniExperiments: own.filter((stratum) => stratum.some((d) => d !== 0)).length,
      pairs: own.reduce((sum, stratum) => sum + stratum.length, 0),
      n: test.n,
      statistic: test.statistic,
      expected: test.expected,
      pValue: test.pValue,
      pHolm: null,
      method: test.method,
      meanDifference: test.meanDifference,
      medianDifference: test.medianDifference,
      verdict: 'not testable',
      dropBeyondThreshold: test.meanDifference !== null && test.meanDifference < -options.threshold,
    };
    if (row.pairs === 0) row.note = 'no paired configuration in any mini-experiment';
    else if (row.n === 0) {
      row.verdict = 'unchanged';
      row.note = 'every paired configuration scores the same';
    } else if (smallestPossiblePValue(row.n) >= options.alpha)
      row.note = `only ${row.n} differing pairs: no outcome could reach p < ${options.alpha}`;
    else row.verdict = 'no significant change';
    return row;
  });
  const tested = rows.filter((row) => row.verdict === 'no significant change' && row.pValue !== null);
  const adjusted = holmAdjust(tested.map((row) => row.pValue!));
  tested.forEach((row, i) => {
    row.pHolm = adjusted[i]!;
    if (row.pHolm >= options.alpha) return;
    if (row.statistic! > row.expected!) row.verdict = 'improvement';
    else if (row.dropBeyondThreshold) row.verdict = 'regression';
    else {
      row.verdict = 'significant drop within threshold';
      const moved =
        row.meanDifference! < 0
          ? `fell by ${formatScore(-row.meanDifference!)}`
          : row.meanDifference! > 0
            ? `rose by ${formatScore(row.meanDifference!)}`
            : 'did not change';
      row.note = `significant drop (p_holm ${formatP(row.pHolm)}), but the pooled mean ${moved}, no more than the threshold ${options.threshold}`;
    }
  });
  return rows;
}

function notInformativeMinis(oldSummary: ReportSummary, newSummary: ReportSummary): NotInformativeMini[] {
  const ids = [...new Set([...newSummary.miniExperiments.map((m) => m.id), ...oldSummary.miniExperiments.map((m) => m.id)])];
  const find = (summary: ReportSummary, id: string): MiniExperimentInfo | undefined => summary.miniExperiments.find((m) => m.id === id);
  const out: NotInformativeMini[] = [];
  for (const id of ids) {
    const before = find(oldSummary, id);
    const after = find(newSummary, id);
    const isFlagged = (info: MiniExperimentInfo | undefined): boolean => info?.baselineCheck?.informative === false;
    if (!isFlagged(before) && !isFlagged(after)) continue;
    const describe = (label: string, info: MiniExperimentInfo): string =>
      `${label}: ${info.baselineCheck!.belowBaseline.length} of ${info.baselineCheck!.scoredActivations} medians at or below ${describeBaseline(info)}`;
    const detail = [isFlagged(before) ? describe('old', before!) : '', isFlagged(after) ? describe('new', after!) : '']
      .filter(Boolean)
      .join('; ');
    out.push({ miniExperiment: id, old: isFlagged(before), new: isFlagged(after), detail });
  }
  return out;
}
