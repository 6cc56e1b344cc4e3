// Stability profiles and win rates (issue 16, items 2 and 6).
//
// Profiles (Dolan–Moré performance profiles, as AlgoPerf scores them): for each (mini-experiment,
// configuration) where at least two activations have a test score, best = the highest test score
// (repeats averaged) over the activations; activation a is within τ there when best − score_a ≤ τ.
// An activation the mini-experiment admits (it has runs there) but with no score on that
// configuration (diverged in the first epoch, failed, timed out, never run) counts as never within
// τ: a failure, as Dolan–Moré count an unsolved problem. An activation with no runs on the
// mini-experiment at all (maxout on the taggers) is left out of its cells, neither within nor failed.
// The curve is the fraction of an activation's cells within τ over TAU_GRID; its area is the
// trapezoid integral over the grid divided by the grid's width, so it lies in [0, 1].
//
// Win rates: for each ordered pair (a, b), over the (mini-experiment, configuration, repeat, split)
// units where both runs have a test score, wins (a strictly higher), losses and ties; the rate is
// wins / (wins + losses), ties reported apart.
import type { LedgerRecord } from '../study/types.js';
import { runScore } from './cells.js';
import type { Cell, MiniExperimentInfo, ReportSummary, StabilityProfiles, WinRates } from './types.js';

/** τ from 0 to 0.2 in steps of 0.005 (score units: accuracy or F1 in [0, 1]). */
export const TAU_GRID: readonly number[] = Array.from({ length: 41 }, (_, i) => Math.round(i * 5) / 1000);
/** Differences this small are ties: averaged scores carry float round-off (0.8 − 0.75 > 0.05). */
const EPSILON = 1e-9;

export const PROFILE_METHODS: readonly string[] = [
  `Stability profile (Dolan–Moré): over every (mini-experiment, configuration) where at least two activations have a test score (repeats averaged), the fraction of those cells in which an activation scores within τ of the best activation there, for τ = 0 … 0.2 in steps of 0.005 (score units); an activation with runs on the mini-experiment but no score on that configuration counts as never within τ (a failure); one with no runs on the mini-experiment at all (the task excludes it) is left out of its cells. Area = the trapezoid area under the curve over that grid, divided by 0.2, so 1 means always the best.`,
  'Win rate of a over b: over the (mini-experiment, configuration, repeat, split) units where both have a scored run, wins / (wins + losses) on test score; ties (equal scores) are counted apart.',
];

/** Trapezoid area under fractions over grid, divided by the grid's width (fractions[0] when the grid is a single point). */
export function normalisedArea(grid: readonly number[], fractions: readonly number[]): number {
  if (grid.length < 2) return fractions[0] ?? 0;
  let area = 0;
  for (let i = 1; i < grid.length; i++) area += ((grid[i]! - grid[i - 1]!) * (fractions[i]! + fractions[i - 1]!)) / 2;
  return area / (grid[grid.length - 1]! - grid[0]!);
}

export function stabilityProfiles(
  activations: readonly string[],
  miniExperiments: readonly Pick<MiniExperimentInfo, 'id' | 'configurations'>[],
  cells: readonly Pick<Cell, 'miniExperiment' | 'activation' | 'scores'>[],
  tauGrid: readonly number[] = TAU_GRID,
): StabilityProfiles {
  // Per activation, the gap (best − score) on each of its cells; Infinity for a failure.
  const gaps = new Map<string, number[]>(activations.map((a) => [a, []]));
  for (const mini of miniExperiments) {
    const admitted = cells.filter((cell) => cell.miniExperiment === mini.id && activations.includes(cell.activation));
    const configIndices = new Set<number>(mini.configurations.map((c) => c.configIndex));
    for (const cell of admitted) for (const score of cell.scores) configIndices.add(score.configIndex);
    for (const configIndex of [...configIndices].sort((a, b) => a - b)) {
      const tests = admitted.map((cell) => cell.scores.find((s) => s.configIndex === configIndex)?.test ?? null);
      const scored = tests.filter((t): t is number => t !== null && Number.isFinite(t));
      if (scored.length < 2) continue;
      const best = Math.max(...scored);
      admitted.forEach((cell, i) => {
        const t = tests[i];
        gaps.get(cell.activation)!.push(t === null || t === undefined || !Number.isFinite(t) ? Infinity : best - t);
      });
    }
  }
  return {
    tauGrid: [...tauGrid],
    rows: activations.map((activation) => {
      const g = gaps.get(activation)!;
      const fractions = tauGrid.map((tau) => (g.length === 0 ? 0 : g.filter((gap) => gap <= tau + EPSILON).length / g.length));
      return {
        activation,
        cells: g.length,
        failures: g.filter((gap) => gap === Infinity).length,
        fractions,
        area: g.length === 0 ? null : normalisedArea(tauGrid, fractions),
      };
    }),
  };
}

/** Win/loss/tie counts per ordered pair over the runs both activations scored on the same unit. */
export function winRates(
  activations: readonly string[],
  records: readonly LedgerRecord[],
  metricOf: (miniExperiment: string) => string,
): WinRates {
  const index = new Map(activations.map((a, i) => [a, i]));
  // unit → activation index → test score
  const units = new Map<string, Map<number, number>>();
  for (const record of records) {
    const i = index.get(record.activation);
    if (i === undefined) continue;
    const score = runScore(record, metricOf(record.miniExperiment));
    if (score === null) continue;
    const key = `${record.miniExperiment}\u0000${record.configIndex}\u0000${record.repeat}\u0000${record.splitIndex ?? ''}`;
    const unit = units.get(key) ?? new Map<number, number>();
    if (!unit.has(i)) unit.set(i, score.test);
    units.set(key, unit);
  }
  const n = activations.length;
  const zeros = (): number[][] => Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const wins = zeros();
  const losses = zeros();
  const ties = zeros();
  for (const unit of units.values()) {
    for (const [a, sa] of unit) {
      for (const [b, sb] of unit) {
        if (a === b) continue;
        if (Math.abs(sa - sb) <= EPSILON) ties[a]![b]!++;
        else if (sa > sb) wins[a]![b]!++;
        else losses[a]![b]!++;
      }
    }
  }
  return { activations: [...activations], wins, losses, ties };
}

/** wins / (wins + losses) of row over column; null on the diagonal and where they never differ. */
export function winRate(rates: WinRates, a: number, b: number): number | null {
  if (a === b) return null;
  const w = rates.wins[a]?.[b] ?? 0;
  const l = rates.losses[a]?.[b] ?? 0;
  return w + l === 0 ? null : w / (w + l);
}

/** Areas within this of the largest are named beside it in the headline: closer than that says little. */
const CLOSE_AREA = 0.01;

/**
 * The headline's sentence: the activation with the largest profile area, those close to it, and the
 * smallest (with its unscored cells). Null without profiles or with fewer than two activations in them.
 */
export function profileSentence(summary: Pick<ReportSummary, 'profiles'>): string | null {
  const profiles = summary.profiles;
  if (!profiles || profiles.tauGrid.length === 0) return null;
  const rows = profiles.rows.filter((row) => row.area !== null).sort((a, b) => b.area! - a.area!);
  if (rows.length < 2) return null;
  const top = rows[0]!;
  const bottom = rows[rows.length - 1]!;
  const close = rows.slice(1).filter((row) => top.area! - row.area! <= CLOSE_AREA);
  const shown = close.slice(0, 3).map((row) => `${row.activation} ${row.area!.toFixed(3)}`);
  const closeText =
    close.length === 0 ? '' : `, with ${shown.join(', ')}${close.length > 3 ? ` and ${close.length - 3} more` : ''} within ${CLOSE_AREA}`;
  const failures = bottom.failures > 0 ? ` (no score on ${bottom.failures} of its ${bottom.cells} cells)` : '';
  const lo = profiles.tauGrid[0]!;
  const hi = profiles.tauGrid[profiles.tauGrid.length - 1]!;
  return `Stability profiles (the fraction of (mini-experiment, configuration) cells where an activation is within τ of the best one there, area over τ = ${lo}…${hi}, 1 = always the best): largest ${top.activation} ${top.area!.toFixed(3)}${closeText}; smallest ${bottom.activation} ${bottom.area!.toFixed(3)}${failures}.`;
}
