// The recommendation (issue 16 item 7): what to pick under four constraints, computed from the
// summary's other sections, each with the numbers it rests on and what limits it.
//
// - small budget (k = 1–3): the expected best-of-k curves at k = 1, 2 and 3 (best-of-k.ts);
// - large budget (k = n): the curves at their last point (dev's pick among all configurations);
// - stability: the stability-profile areas (profiles.ts), beside the variance shares;
// - per unit of compute: the time to the target dev score and the Pareto fronts (cost.ts).
//
// The budget and compute leaders are ranked within each mini-experiment and the ranks averaged
// over mini-experiments, since their metrics and scales differ; only activations ranked in the most
// mini-experiments are compared (one ranked in fewer would be ranked on easier ground). A choice is
// called clear only when the leader is first in more than half of the mini-experiments AND its
// lead is beyond the noise there in more than half (its bootstrap band clears the runner-up's; for
// compute, it is on the Pareto front); for stability, when its area is more than CLOSE_AREA ahead.
// Otherwise the sentence says "no clear choice" and why. The Bayesian equivalence verdict against
// the reference and the head-to-head win rate are quoted beside, as caveats, never as the rule.
import { averageRanks, median } from './stats/index.js';
import type { BestOfKCurve, BestOfKPoint, Recommendation, RecommendationScenario, ReportSummary } from './types.js';

/** Profile areas closer than this say little (the headline's threshold too). */
export const CLOSE_AREA = 0.01;
/** The small budget's k. */
export const SMALL_BUDGET_KS: readonly number[] = [1, 2, 3];

export const RECOMMENDATION_METHODS: readonly string[] = [
  `Recommendation: small budget = rank the activations within each mini-experiment by expected best-of-k test score at k = ${SMALL_BUDGET_KS.join(', ')} (at n where n is smaller), average the ranks over those k and then over the mini-experiments; large budget = the same at k = n (dev's pick among all scored configurations); per unit of compute = the same on the seconds by which half of a cell's runs reach the target dev score (never: ranked last); stability = the largest stability-profile area. Only activations ranked in the most mini-experiments are compared.`,
  `A choice is clear only when the leader is first in more than half of the mini-experiments and, in more than half, beyond noise: its 95% bootstrap band at the deciding k (3, or n) lies above the runner-up's (budgets), or it is on the Pareto front of median score and median run seconds (compute); for stability, when its area leads by more than ${CLOSE_AREA}. Otherwise "no clear choice". The pooled Bayesian equivalence verdict against the reference and the head-to-head win rate are quoted as caveats.`,
];

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const rank2 = (value: number): string => value.toFixed(2);
const percent = (value: number): string => `${(value * 100).toFixed(0)}%`;
const seconds = (value: number | null): string =>
  value === null ? '—' : value >= 100 ? `${value.toFixed(0)} s` : value >= 10 ? `${value.toFixed(1)} s` : `${value.toFixed(2)} s`;

/** Ranks (1 = best) of per-mini-experiment values, averaged per activation over the mini-experiments. */
interface RankedLeader {
  leader: string;
  averageRank: number;
  /** The runner-up by average rank, when there is one. */
  second: { name: string; averageRank: number } | null;
  /** Activations compared (ranked in `miniExperiments` mini-experiments each). */
  compared: number;
  miniExperiments: number;
  /** Tied for the best average rank with the leader. */
  tied: string[];
}

/**
 * perMini: mini-experiment → activation → value (higher is better when `higherIsBetter`).
 * Ranks within each, averaged per activation; the leader among those ranked in the most.
 */
export function rankLeader(
  perMini: ReadonlyMap<string, ReadonlyMap<string, number>>,
  order: readonly string[],
  higherIsBetter: boolean,
): RankedLeader | null {
  const ranks = new Map<string, number[]>();
  for (const values of perMini.values()) {
    if (values.size < 2) continue;
    const names = [...values.keys()];
    const ranked = averageRanks(
      names.map((name) => values.get(name)!),
      higherIsBetter,
    );
    names.forEach((name, i) => ranks.set(name, [...(ranks.get(name) ?? []), ranked[i]!]));
  }
  if (ranks.size === 0) return null;
  const widest = Math.max(...[...ranks.values()].map((own) => own.length));
  const entries = [...ranks.entries()]
    .filter(([, own]) => own.length === widest)
    .map(([name, own]) => ({ name, averageRank: own.reduce((a, b) => a + b, 0) / own.length }))
    .sort((a, b) => a.averageRank - b.averageRank || order.indexOf(a.name) - order.indexOf(b.name));
  const best = entries[0]!;
  const tied = entries.filter((entry) => Math.abs(entry.averageRank - best.averageRank) < 1e-12).map((entry) => entry.name);
  const second = entries[1] ?? null;
  return { leader: best.name, averageRank: best.averageRank, second, compared: entries.length, miniExperiments: widest, tied };
}

/** The leader's pooled Bayesian verdict against the reference, as a clause. */
function equivalenceClause(summary: ReportSummary, activation: string): string {
  if (activation === summary.reference) return `it is the reference ${summary.reference}`;
  const row = summary.equivalence?.pooled.find((r) => r.activation === activation);
  if (!row || row.verdict === 'not testable' || row.pEquivalent === null) return `no equivalence test against ${summary.reference}`;
  const probabilities = `P(better) ${percent(row.pBetter!)}, P(equivalent) ${percent(row.pEquivalent)}, P(worse) ${percent(row.pWorse!)}, ${plural(row.pairs, 'pair')}`;
  return `against ${summary.reference} the pooled Bayesian signed-rank test says ${row.verdict} within ±${summary.equivalence!.rope} (${probabilities})`;
}

/** The activation's head-to-head win rate against all the others together, as a clause. */
function winClause(summary: ReportSummary, activation: string): string {
  const rates = summary.winRates;
  const a = rates?.activations.indexOf(activation) ?? -1;
  if (!rates || a < 0) return 'no head-to-head runs';
  const wins = rates.wins[a]!.reduce((s, v) => s + v, 0);
  const losses = rates.losses[a]!.reduce((s, v) => s + v, 0);
  if (wins + losses === 0) return 'no head-to-head runs that differ';
  // The same definition as winRate's for one pair (ties left out), over all opponents at once.
  const rate = wins / (wins + losses);
  return `its runs beat the others’ on the same configuration, repeat and split ${percent(rate)} of ${wins + losses} times`;
}

const none = (scenario: RecommendationScenario, label: string, why: string): Recommendation => ({
  scenario,
  choice: null,
  clear: false,
  sentence: `${label}: nothing to recommend — ${why}.`,
  evidence: {},
});

const pointAt = (curve: BestOfKCurve, k: number): BestOfKPoint => curve.curve[Math.min(k, curve.n) - 1]!;

function budget(summary: ReportSummary, scenario: 'small budget' | 'large budget'): Recommendation {
  const small = scenario === 'small budget';
  const label = small
    ? `With a small search budget (k = ${SMALL_BUDGET_KS[0]}–${SMALL_BUDGET_KS.at(-1)} configurations)`
    : 'With a large search budget (k = n, every configuration tried)';
  const curves = summary.bestOfK ?? [];
  const byMini = new Map<string, BestOfKCurve[]>();
  for (const curve of curves) byMini.set(curve.miniExperiment, [...(byMini.get(curve.miniExperiment) ?? []), curve]);
  // The value ranked: the mean of the curve over the small ks (a rank per k, averaged), or its last point.
  const perK = small ? SMALL_BUDGET_KS : [Infinity];
  const rankSums = new Map<string, Map<string, number>>();
  for (const [mini, list] of byMini) {
    if (list.length < 2) continue;
    const sums = new Map<string, number>();
    for (const k of perK) {
      const ranked = averageRanks(list.map((curve) => pointAt(curve, k).mean));
      list.forEach((curve, i) => sums.set(curve.activation, (sums.get(curve.activation) ?? 0) + ranked[i]! / perK.length));
    }
    // rankLeader re-ranks these within the mini-experiment (a monotone map: the order and ties
    // stay); lower average rank is better, so negated for its "higher is better".
    rankSums.set(mini, new Map([...sums].map(([name, r]) => [name, -r])));
  }
  const ranked = rankLeader(rankSums, summary.activations, true);
  if (ranked === null) return none(scenario, label, 'no mini-experiment has best-of-k curves for two activations');
  const leader = ranked.leader;
  const decidingK = small ? SMALL_BUDGET_KS.at(-1)! : Infinity;
  let first = 0;
  let separated = 0;
  let present = 0;
  const ns: number[] = [];
  for (const list of byMini.values()) {
    const own = list.find((curve) => curve.activation === leader);
    if (!own || list.length < 2) continue;
    present++;
    ns.push(own.n);
    const mine = pointAt(own, decidingK);
    const others = list.filter((curve) => curve !== own).map((curve) => pointAt(curve, decidingK));
    const runnerUp = others.reduce((a, b) => (b.mean > a.mean ? b : a));
    if (mine.mean > runnerUp.mean) {
      first++;
      if (mine.low !== null && runnerUp.high !== null && mine.low > runnerUp.high) separated++;
    }
  }
  const clear = ranked.tied.length === 1 && first * 2 > present && separated * 2 > present;
  const kText = small ? `at k = ${decidingK}` : 'at k = n';
  const nText =
    ns.length === 0
      ? ''
      : Math.min(...ns) === Math.max(...ns)
        ? `n = ${ns[0]} configurations each`
        : `n = ${Math.min(...ns)}–${Math.max(...ns)} configurations`;
  const standing = `${leader} has the best average rank of expected best-of-k test score (${rank2(ranked.averageRank)} over ${plural(ranked.miniExperiments, 'mini-experiment')}, ${ranked.compared} activations compared${ranked.second ? `; next ${ranked.second.name} ${rank2(ranked.second.averageRank)}` : ''})`;
  const lead = `it is first ${kText} in ${first} of ${present} and its 95% bootstrap band there clears the runner-up’s in ${separated} of ${present} (${nText})`;
  const caveats = `${winClause(summary, leader)}; ${equivalenceClause(summary, leader)}`;
  const crossings = small ? '' : crossingClause(summary, leader);
  const tiedText =
    ranked.tied.length > 1 ? `${ranked.tied.join(' and ')} tie for the best average rank (${rank2(ranked.averageRank)}); ` : '';
  const sentence = clear
    ? `${label}, pick ${leader}: ${standing}; ${lead}${crossings}. Caveat: ${caveats}; the bands are over configurations, not seeds.`
    : `${label}, no clear choice: ${tiedText}${standing}, but ${lead}${crossings}. Caveat: ${caveats}.`;
  return {
    scenario,
    choice: leader,
    clear,
    sentence,
    evidence: {
      averageRank: ranked.averageRank,
      miniExperiments: ranked.miniExperiments,
      compared: ranked.compared,
      first,
      separated,
      present,
      runnerUp: ranked.second?.name ?? null,
      runnerUpRank: ranked.second?.averageRank ?? null,
    },
  };
}

/** The crossings that involve the leader, as a clause. */
function crossingClause(summary: ReportSummary, leader: string): string {
  const crossings = summary.bestOfKCrossings ?? [];
  const overtakes = crossings.filter((c) => c.a === leader);
  const overtaken = crossings.filter((c) => c.b === leader);
  if (overtakes.length === 0 && overtaken.length === 0) return '; no best-of-k crossing involves it';
  const describe = (list: typeof crossings, other: (c: (typeof crossings)[number]) => string): string =>
    list
      .slice(0, 3)
      .map((c) => `${other(c)} from k ≥ ${c.fromK} on ${c.miniExperiment}`)
      .join(', ') + (list.length > 3 ? ` and ${list.length - 3} more` : '');
  return `; its curve overtakes ${overtakes.length === 0 ? 'no other' : describe(overtakes, (c) => c.b)}, and is overtaken by ${overtaken.length === 0 ? 'none' : describe(overtaken, (c) => c.a)} (point estimates)`;
}

function stability(summary: ReportSummary): Recommendation {
  const label = 'For stability (good scores without tuning)';
  const rows = (summary.profiles?.rows ?? [])
    .filter((row) => row.area !== null)
    .sort((a, b) => b.area! - a.area! || summary.activations.indexOf(a.activation) - summary.activations.indexOf(b.activation));
  if (rows.length < 2) return none('stability', label, 'fewer than two activations have a stability profile');
  const [top, next] = [rows[0]!, rows[1]!];
  const gap = top.area! - next.area!;
  const clear = gap > CLOSE_AREA;
  const shares = (summary.variance ?? []).flatMap((row) =>
    row.shares === null || row.shares.activation === null || row.shares.configuration === null ? [] : [row.shares],
  );
  const varianceText =
    shares.length === 0
      ? 'no variance shares to weigh it against'
      : `over ${plural(shares.length, 'mini-experiment')} the configuration explains a median ${percent(median(shares.map((s) => s.configuration!)))} of the score variance and the activation ${percent(median(shares.map((s) => s.activation!)))}, so ${median(shares.map((s) => s.configuration!)) > median(shares.map((s) => s.activation!)) ? 'the hyperparameters matter more than this choice' : 'this choice matters at least as much as the hyperparameters'}`;
  const numbers = `${top.activation} has the largest stability-profile area, ${top.area!.toFixed(3)} over ${plural(top.cells, '(mini-experiment, configuration) cell')}${top.failures > 0 ? ` (${top.failures} unscored)` : ''}, ${gap.toFixed(3)} ahead of ${next.activation} (${next.area!.toFixed(3)})`;
  const sentence = clear
    ? `${label}, pick ${top.activation}: ${numbers}. Caveat: ${varianceText}; ${equivalenceClause(summary, top.activation)}.`
    : `${label}, no clear choice: ${numbers}, within ${CLOSE_AREA}. Caveat: ${varianceText}.`;
  return {
    scenario: 'stability',
    choice: top.activation,
    clear,
    sentence,
    evidence: { area: top.area, cells: top.cells, failures: top.failures, runnerUp: next.activation, runnerUpArea: next.area, gap },
  };
}

function compute(summary: ReportSummary): Recommendation {
  const label = 'Per unit of compute';
  const targets = summary.cost?.timeToTarget ?? [];
  const perMini = new Map<string, Map<string, number>>();
  for (const mini of targets) {
    if (mini.target === null) continue;
    // Never reaching half is ranked last (Infinity ties among themselves).
    perMini.set(
      mini.miniExperiment,
      new Map(mini.rows.filter((row) => row.runs > 0).map((row) => [row.activation, row.halfSeconds ?? Infinity])),
    );
  }
  const ranked = rankLeader(perMini, summary.activations, false);
  if (ranked === null) return none('compute', label, 'no mini-experiment has time-to-target curves for two activations');
  const leader = ranked.leader;
  let first = 0;
  let present = 0;
  let onFront = 0;
  const halves: number[] = [];
  const fractions: number[] = [];
  for (const mini of targets) {
    const rows = perMini.get(mini.miniExperiment);
    const own = rows?.get(leader);
    if (!rows || own === undefined || rows.size < 2) continue;
    present++;
    if ([...rows].every(([name, value]) => name === leader || own < value)) first++;
    if (Number.isFinite(own)) halves.push(own);
    const row = mini.rows.find((r) => r.activation === leader);
    if (row?.fraction !== null && row?.fraction !== undefined) fractions.push(row.fraction);
    if (
      summary.cost!.perCell.some(
        (cell) => cell.miniExperiment === mini.miniExperiment && cell.activation === leader && cell.pareto === true,
      )
    )
      onFront++;
  }
  const clear = ranked.tied.length === 1 && first * 2 > present && onFront * 2 > present;
  const derived = summary.cost!.perCell.reduce((sum, cell) => sum + cell.derivedTimes, 0);
  const numbers = `half of ${leader}’s runs reach the target dev score soonest (average rank ${rank2(ranked.averageRank)} over ${plural(ranked.miniExperiments, 'mini-experiment')}, ${ranked.compared} activations compared${ranked.second ? `; next ${ranked.second.name} ${rank2(ranked.second.averageRank)}` : ''}; first in ${first} of ${present}; median half-time ${seconds(halves.length === 0 ? null : median(halves))} over the ${halves.length} where half of its runs reach it, and in the median mini-experiment ${fractions.length === 0 ? '—' : percent(median(fractions))} of its runs reach it at all), and it is on the Pareto front of median test score and median run seconds in ${onFront} of ${present}`;
  const caveat = `wall times depend on the machine and its load (quartiles in the cost table)${derived > 0 ? `, ${plural(derived, 'run')} without per-epoch times had them derived as seconds / epochs` : ''}; the target is the median best dev score, reached on dev`;
  const sentence = clear
    ? `${label}, pick ${leader}: ${numbers}. Caveat: ${caveat}.`
    : `${label}, no clear choice: ${numbers}. Caveat: ${caveat}.`;
  return {
    scenario: 'compute',
    choice: leader,
    clear,
    sentence,
    evidence: {
      averageRank: ranked.averageRank,
      miniExperiments: ranked.miniExperiments,
      compared: ranked.compared,
      first,
      present,
      onFront,
      runnerUp: ranked.second?.name ?? null,
    },
  };
}

/** The four recommendations, in the order the report shows them. */
export function recommendations(summary: ReportSummary): Recommendation[] {
  return [budget(summary, 'small budget'), budget(summary, 'large budget'), stability(summary), compute(summary)];
}
