// Rankings of the activations within each mini-experiment, on best and on mean, and E18's top-3
// counts over all mini-experiments (its Table 5). Only cells with a score are ranked; a missing
// cell (excluded by the task, never run, or failed in every configuration) has no rank and does
// not push the others down.
//
// Two rank notions, each where it fits. Average ranks (ties share the mean of the ranks they
// span) are what the average-rank columns and Friedman's test need. Top-3 and winner counts use
// competition ranks instead: an activation is in the top three when fewer than three others score
// strictly higher, so two activations tied for third both count, as a reader of a
// "how often in the top three" table expects (average ranks would give both 3.5 and neither).
import { averageRanks } from './stats/index.js';
import type { Cell, Measure, Ranking, Top3Row } from './types.js';

export const RANKING_METHODS: readonly string[] = [
  'Ranks are per mini-experiment over the activations with a score there (1 = best); ties share the mean of the ranks they span; average rank is over the mini-experiments where the activation has a score.',
  'Top-3 and win counts: an activation is in the top three of a mini-experiment when fewer than three activations score strictly higher (a tie for third counts for each), and wins when none does.',
];

function measureOf(cell: Cell, measure: Measure): number | null {
  return measure === 'best' ? cell.best : cell.mean;
}

/** activation → score, for the cells of one mini-experiment that have a score on `measure`. */
function scoresOf(cells: readonly Cell[], measure: Measure): Map<string, number> {
  const scores = new Map<string, number>();
  for (const cell of cells) {
    const value = measureOf(cell, measure);
    if (value !== null) scores.set(cell.activation, value);
  }
  return scores;
}

/** How many of `scores` are strictly higher than `value`. */
function strictlyHigher(value: number, scores: Iterable<number>): number {
  let count = 0;
  for (const other of scores) if (other > value) count++;
  return count;
}

export function rankActivations(
  miniExperiments: readonly string[],
  activations: readonly string[],
  cells: readonly Cell[],
  measure: Measure,
): Ranking {
  const ranks: Ranking['ranks'] = {};
  const winners: Ranking['winners'] = {};
  for (const miniExperiment of miniExperiments) {
    const scores = scoresOf(
      cells.filter((cell) => cell.miniExperiment === miniExperiment),
      measure,
    );
    const names = [...scores.keys()];
    const values = names.map((name) => scores.get(name)!);
    const rankValues = averageRanks(values, true);
    ranks[miniExperiment] = Object.fromEntries(names.map((name, i) => [name, rankValues[i]!]));
    winners[miniExperiment] = names.filter((name) => strictlyHigher(scores.get(name)!, values) === 0);
  }
  const averageRank: Ranking['averageRank'] = {};
  for (const activation of activations) {
    const own = miniExperiments.map((mini) => ranks[mini]![activation]).filter((rank): rank is number => rank !== undefined);
    averageRank[activation] = {
      rank: own.length > 0 ? own.reduce((sum, rank) => sum + rank, 0) / own.length : null,
      miniExperiments: own.length,
    };
  }
  return { measure, ranks, winners, averageRank };
}

export function top3Counts(
  miniExperiments: readonly string[],
  activations: readonly string[],
  cells: readonly Cell[],
  rankings: Record<Measure, Ranking>,
): Top3Row[] {
  const count = (activation: string, measure: Measure, places: number): number => {
    let total = 0;
    for (const miniExperiment of miniExperiments) {
      const scores = scoresOf(
        cells.filter((cell) => cell.miniExperiment === miniExperiment),
        measure,
      );
      const own = scores.get(activation);
      if (own !== undefined && strictlyHigher(own, scores.values()) < places) total++;
    }
    return total;
  };
  return activations.map((activation) => ({
    activation,
    top3Best: count(activation, 'best', 3),
    top3Mean: count(activation, 'mean', 3),
    winsBest: count(activation, 'best', 1),
    winsMean: count(activation, 'mean', 1),
    ranked: Math.max(
      rankings.best.averageRank[activation]?.miniExperiments ?? 0,
      rankings.mean.averageRank[activation]?.miniExperiments ?? 0,
    ),
    averageRankBest: rankings.best.averageRank[activation]?.rank ?? null,
    averageRankMean: rankings.mean.averageRank[activation]?.rank ?? null,
  }));
}
