// What a study says, in plain sentences computed from its summary, each with the numbers it rests
// on: the winners on best and on mean and whether the gap to the runner-up is significant, the
// activation with the smallest spread, the runs lost, the baseline check, and what the tests
// cannot decide. Nothing here is written per study: every sentence is a template over the tables,
// and says "within noise" or "not tested" where the statistics do.
import { averageRanks, median } from './stats/index.js';
import { formatDelta, formatP, formatScore } from './format.js';
import { smallestPossiblePValue } from './significance.js';
import { equivalenceSentence } from './equivalence.js';
import { profileSentence } from './profiles.js';
import type { Cell, Measure, MiniExperimentInfo, PooledReferenceComparison, ReferenceComparison, ReportSummary } from './types.js';

const MEASURE_LABEL: Record<Measure, string> = {
  best: 'On best (test score of the best-dev configuration)',
  mean: 'On mean over configurations (E18’s stability measure)',
};

const rank = (value: number): string => value.toFixed(2);
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const pText = (p: number | null): string => {
  const text = formatP(p);
  return text.startsWith('<') ? `p < ${text.slice(1)}` : `p = ${text}`;
};

/** "a", "a and b", "a, b and c". */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)!}`;
}

/** Names with their ranks, best first; ties broken by more mini-experiments, then study order. */
function ordered(
  entries: { name: string; rank: number; miniExperiments: number }[],
): { name: string; rank: number; miniExperiments: number }[] {
  return [...entries].sort((a, b) => a.rank - b.rank || b.miniExperiments - a.miniExperiments);
}

/** The leaders (several when tied) and the first activation behind them. */
function leaders<T extends { rank: number }>(sorted: readonly T[]): { first: T[]; runnerUp: T | undefined } {
  const first = sorted.filter((entry) => entry.rank === sorted[0]!.rank);
  return { first, runnerUp: sorted[first.length] };
}

function winnerSentence(summary: ReportSummary, measure: Measure): string {
  const label = MEASURE_LABEL[measure];
  const friedman = summary.friedman[measure];
  const ranking = summary.rankings[measure];
  const overall = ordered(
    Object.entries(ranking.averageRank)
      .filter(([, entry]) => entry.rank !== null)
      .map(([name, entry]) => ({ name, rank: entry.rank!, miniExperiments: entry.miniExperiments })),
  );
  if (overall.length === 0) return `${label}, no activation has a score.`;

  if (friedman.skipped === undefined && friedman.criticalDifference !== null && friedman.activations.length >= 2) {
    const tested = ordered(
      friedman.activations.map((name) => ({ name, rank: friedman.averageRanks[name]!, miniExperiments: friedman.blocks })),
    );
    const { first, runnerUp } = leaders(tested);
    const scope =
      friedman.excluded.length > 0
        ? `among the ${friedman.activations.length} activations with a score in every mini-experiment`
        : `among all ${friedman.activations.length} activations`;
    const cd = friedman.criticalDifference;
    const friedmanSignificant = friedman.pValue !== null && friedman.pValue < friedman.alpha;
    const friedmanText = `Friedman ${pText(friedman.pValue)}`;
    let sentence: string;
    if (first.length > 1) {
      sentence = `${label}, ${listText(first.map((e) => e.name))} tie for first ${scope} (mean rank ${rank(first[0]!.rank)} over ${plural(friedman.blocks, 'mini-experiment')}; ${friedmanText}).`;
    } else {
      const gap = runnerUp!.rank - first[0]!.rank;
      const verdict = !friedmanSignificant
        ? `within noise: Friedman’s test finds no significant difference among them (${pText(friedman.pValue)} ≥ α = ${friedman.alpha})`
        : gap < cd
          ? `within the Nemenyi critical difference (${rank(cd)}), so the gap is not significant (${friedmanText})`
          : `beyond the Nemenyi critical difference (${rank(cd)}), so the gap is significant at α = ${friedman.alpha} (${friedmanText})`;
      sentence = `${label}, ${first[0]!.name} ranks first ${scope} (mean rank ${rank(first[0]!.rank)} over ${plural(friedman.blocks, 'mini-experiment')}); the runner-up ${runnerUp!.name} is ${rank(gap)} ranks behind — ${verdict}.`;
    }
    const leader = overall[0]!;
    if (friedman.excluded.length > 0 && !first.some((e) => e.name === leader.name)) {
      sentence += ` Ranked only where each has a score, ${leader.name} leads instead (average rank ${rank(leader.rank)} over ${plural(leader.miniExperiments, 'mini-experiment')}; untested, as it lacks a score in some mini-experiment).`;
    }
    return sentence;
  }

  const { first, runnerUp } = leaders(overall);
  const why = `not tested: Friedman’s test ${friedman.skipped ?? 'was not run'}`;
  const where = (e: { miniExperiments: number }): string => plural(e.miniExperiments, 'mini-experiment');
  if (first.length > 1)
    return `${label}, ${listText(first.map((e) => e.name))} tie for the best average rank (${rank(first[0]!.rank)} over ${where(first[0]!)}); ${why}.`;
  if (runnerUp === undefined)
    return `${label}, only ${first[0]!.name} has a score (average rank ${rank(first[0]!.rank)} over ${where(first[0]!)}).`;
  return `${label}, ${first[0]!.name} has the best average rank (${rank(first[0]!.rank)} over ${where(first[0]!)}); the runner-up ${runnerUp.name} is ${rank(runnerUp.rank - first[0]!.rank)} ranks behind (${rank(runnerUp.rank)} over ${where(runnerUp)}) — ${why}.`;
}

function spreadSentence(summary: ReportSummary): string {
  // Rank the sds within each mini-experiment (smallest = 1), average per activation.
  const ranks = new Map<string, number[]>();
  const sds = new Map<string, number[]>();
  for (const mini of summary.miniExperiments) {
    const cells = summary.cells.filter((cell): cell is Cell & { sd: number } => cell.miniExperiment === mini.id && cell.sd !== null);
    if (cells.length < 2) continue;
    const ranked = averageRanks(
      cells.map((cell) => cell.sd),
      false,
    );
    cells.forEach((cell, i) => {
      ranks.set(cell.activation, [...(ranks.get(cell.activation) ?? []), ranked[i]!]);
      sds.set(cell.activation, [...(sds.get(cell.activation) ?? []), cell.sd]);
    });
  }
  if (ranks.size === 0) {
    return 'Spread over configurations is not measured: no mini-experiment has two activations with two or more scored configurations each.';
  }
  // Only activations measured in as many mini-experiments as any: a rank from fewer is not comparable.
  const widest = Math.max(...[...ranks.values()].map((own) => own.length));
  const comparable = [...ranks.entries()].filter(([, own]) => own.length === widest);
  const entries = ordered(
    comparable.map(([name, own]) => ({ name, rank: own.reduce((a, b) => a + b, 0) / own.length, miniExperiments: own.length })),
  );
  const { first } = leaders(entries);
  const most = first[0]!;
  const medianSd = (name: string): string => formatScore(median(sds.get(name)!));
  const who = first.length > 1 ? `${listText(first.map((e) => e.name))} (tied)` : most.name;
  const scope =
    comparable.length < ranks.size ? ` among the ${comparable.length} activations with an sd in ${plural(widest, 'mini-experiment')}` : '';
  return `Most stable by spread: ${who} ${first.length > 1 ? 'have' : 'has'} the smallest standard deviation of configuration scores${scope} (average sd rank ${rank(most.rank)} over ${plural(most.miniExperiments, 'mini-experiment')}, median sd ${listText(first.map((e) => medianSd(e.name)))}); the sd covers scored configurations only, so read it beside the diverged and failed counts.`;
}

function lostRunsSentence(summary: ReportSummary): string {
  const byActivation = new Map<string, { total: number; lost: number; diverged: number; failed: number; timeout: number }>();
  const byMini = new Map<string, { total: number; lost: number }>();
  for (const cell of summary.cells) {
    const lost = cell.runs.diverged + cell.runs.failed + cell.runs.timeout;
    const own = byActivation.get(cell.activation) ?? { total: 0, lost: 0, diverged: 0, failed: 0, timeout: 0 };
    byActivation.set(cell.activation, {
      total: own.total + cell.runs.total,
      lost: own.lost + lost,
      diverged: own.diverged + cell.runs.diverged,
      failed: own.failed + cell.runs.failed,
      timeout: own.timeout + cell.runs.timeout,
    });
    const mini = byMini.get(cell.miniExperiment) ?? { total: 0, lost: 0 };
    byMini.set(cell.miniExperiment, { total: mini.total + cell.runs.total, lost: mini.lost + lost });
  }
  const all = [...byActivation.values()].reduce(
    (a, b) => ({
      total: a.total + b.total,
      lost: a.lost + b.lost,
      diverged: a.diverged + b.diverged,
      failed: a.failed + b.failed,
      timeout: a.timeout + b.timeout,
    }),
    {
      total: 0,
      lost: 0,
      diverged: 0,
      failed: 0,
      timeout: 0,
    },
  );
  if (all.lost === 0) return `No run diverged, failed or timed out (${plural(all.total, 'run')}).`;
  /** "2 of 5 runs diverged", or "10 of 16 runs: 4 diverged, 4 failed, 2 timed out". */
  const kinds = (counts: { total: number; lost: number; diverged: number; failed: number; timeout: number }): string => {
    const named = [
      counts.diverged > 0 ? `${counts.diverged} diverged` : '',
      counts.failed > 0 ? `${counts.failed} failed` : '',
      counts.timeout > 0 ? `${counts.timeout} timed out` : '',
    ].filter(Boolean);
    const of = `${counts.lost} of ${plural(counts.total, 'run')}`;
    return named.length === 1 ? `${of} ${named[0]!.replace(/^\d+ /, '')}` : `${of}: ${named.join(', ')}`;
  };
  // Groups of equal loss, largest first: the first group, and the second when the first is one activation.
  const groups = new Map<number, string[]>();
  for (const [name, counts] of byActivation) if (counts.lost > 0) groups.set(counts.lost, [...(groups.get(counts.lost) ?? []), name]);
  const sortedGroups = [...groups.entries()].sort((a, b) => b[0] - a[0]);
  const shown = sortedGroups.slice(0, sortedGroups[0]![1].length === 1 ? 2 : 1);
  const describeGroup = ([, names]: [number, string[]]): string => {
    if (names.length > 4) {
      const { lost } = byActivation.get(names[0]!)!;
      return `${names.length} other activations with ${lost} each`;
    }
    return names.map((name) => `${name} (${kinds(byActivation.get(name)!)})`).join(', ');
  };
  const worstMini = [...byMini.entries()].sort((a, b) => b[1].lost - a[1].lost)[0]!;
  const miniText =
    worstMini[1].lost > all.lost / 2
      ? `; most of them in ${worstMini[0]} (${worstMini[1].lost} of its ${worstMini[1].total} runs)`
      : `; the most in ${worstMini[0]} (${worstMini[1].lost} of its ${worstMini[1].total} runs)`;
  return `Diverged, failed or timed out: ${kinds(all)}; most often ${listText(shown.map(describeGroup))}${miniText}.`;
}

/** "3 of 16 on sequence-tagging/brown-pos, 1 of 21 on …": the medians at or below the baseline where there are any. */
function perMiniCounts(minis: readonly MiniExperimentInfo[]): string {
  return minis
    .filter((mini) => mini.baselineCheck!.belowBaseline.length > 0)
    .map((mini) => `${mini.baselineCheck!.belowBaseline.length} of ${mini.baselineCheck!.scoredActivations} on ${mini.id}`)
    .join(', ');
}

function baselineSentence(summary: ReportSummary): string {
  const minis = summary.miniExperiments;
  const withoutBaseline = minis.filter((mini) => mini.baseline === null || mini.baseline.value === null).map((mini) => mini.id);
  const notInformative = minis.filter((mini) => mini.baselineCheck?.informative === false);
  const informative = minis.filter((mini) => mini.baselineCheck?.informative === true);
  const parts: string[] = [];
  const belowIn = informative.flatMap((mini) => mini.baselineCheck!.belowBaseline.map((activation) => `${activation} on ${mini.id}`));
  const scored = informative.reduce((sum, mini) => sum + mini.baselineCheck!.scoredActivations, 0);
  const exceptions =
    belowIn.length === 0
      ? ''
      : belowIn.length <= 4
        ? ` (except ${listText(belowIn)})`
        : ` (except ${belowIn.length} of the ${scored} activation medians: ${perMiniCounts(informative)})`;
  if (notInformative.length === 0 && informative.length === minis.length) {
    const all =
      minis.length === 1
        ? 'the one mini-experiment beats its'
        : minis.length === 2
          ? 'both mini-experiments beat their'
          : `all ${minis.length} mini-experiments beat their`;
    const who = belowIn.length === 0 ? 'every activation’s median configuration does' : 'most activations’ median configurations do';
    parts.push(`Baseline check: ${all} trivial baseline — ${who}${exceptions}.`);
  } else {
    if (informative.length > 0)
      parts.push(
        `Baseline check: ${informative.length} of ${plural(minis.length, 'mini-experiment')} beat their trivial baseline with most activations${exceptions}.`,
      );
    else
      parts.push(
        `Baseline check: none of the ${plural(minis.length, 'mini-experiment')} beats its trivial baseline with most activations.`,
      );
    if (notInformative.length > 0) {
      const listed = notInformative.map(
        (mini) =>
          `${mini.id} (${mini.baselineCheck!.belowBaseline.length} of ${mini.baselineCheck!.scoredActivations} medians at or below ${mini.metric} ${formatScore(mini.baseline!.value)})`,
      );
      parts.push(`Not informative: ${listText(listed)} — their rankings say little about the activations.`);
    }
    if (withoutBaseline.length > 0) parts.push(`No baseline recorded for ${listText(withoutBaseline)}.`);
  }
  return parts.join(' ');
}

/** The fewest pairs that differ for which the exact signed-rank test can reach p < α. */
function pairsNeeded(alpha: number): number {
  let n = 1;
  while (smallestPossiblePValue(n) >= alpha && n < 1000) n++;
  return n;
}

function referenceSentence(summary: ReportSummary): string {
  const reference = summary.reference;
  if (!summary.activations.includes(reference)) return `Nothing is tested against a reference: ${reference} is not in this study.`;
  const rows = summary.referenceComparisons;
  if (rows.length === 0) return `Nothing is tested against ${reference}: no other activation shares a mini-experiment with it.`;
  const by = (verdict: ReferenceComparison['verdict']): ReferenceComparison[] => rows.filter((row) => row.verdict === verdict);
  const better = by('better');
  const worse = by('worse');
  const nsd = by('no significant difference');
  const untestable = by('not testable');
  const needed = pairsNeeded(summary.alpha);
  const method = `paired Wilcoxon over shared configurations, Holm-adjusted, α = ${summary.alpha}`;
  if (untestable.length === rows.length) {
    const most = Math.max(...rows.map((row) => row.sharedConfigurations));
    return `Inconclusive against ${reference}: none of the ${plural(rows.length, 'comparison')} is testable (${method}) — a paired test needs at least ${needed} shared configurations that score differently, and no activation shares more than ${plural(most, 'scored configuration')} with ${reference} in any mini-experiment.`;
  }
  const named = (list: ReferenceComparison[]): string =>
    list.length > 0 && list.length <= 4
      ? ` (${listText(list.map((row) => `${row.activation} on ${row.miniExperiment}, p_holm ${formatP(row.pHolm)}`))})`
      : '';
  const parts = [
    `Against ${reference} (${method}), of ${plural(rows.length, 'comparison')} ${better.length} ${better.length === 1 ? 'is' : 'are'} significantly better${named(better)}`,
    `${worse.length} significantly worse${named(worse)}`,
  ];
  const inconclusive: string[] = [];
  if (nsd.length > 0) inconclusive.push(`${nsd.length} ${nsd.length === 1 ? 'shows' : 'show'} no significant difference`);
  if (untestable.length > 0)
    inconclusive.push(
      `${untestable.length} ${untestable.length === 1 ? 'is' : 'are'} not testable (fewer than ${needed} differing shared configurations, or ${reference} unscored)`,
    );
  return `${parts.join('; ')}${inconclusive.length > 0 ? `; inconclusive: ${listText(inconclusive)}` : ''}.`;
}

/**
 * The pooled comparisons with the reference (over all mini-experiments): who scores above and
 * below it, with the median difference and Holm p, and how many are within noise or untestable.
 * Null when the summary has none (older summaries, or no reference in the study).
 */
function pooledSentence(summary: ReportSummary): string | null {
  const rows = summary.pooledReferenceComparisons ?? [];
  if (rows.length === 0) return null;
  const reference = summary.reference;
  const needed = pairsNeeded(summary.alpha);
  const testable = rows.filter((row) => row.pHolm !== null);
  const untestable = rows.filter((row) => row.pHolm === null);
  const untestableText = `${plural(untestable.length, 'activation')} not testable (fewer than ${needed} paired configurations that score differently from ${reference})`;
  if (testable.length === 0) {
    const most = Math.max(...rows.map((row) => row.pairs));
    return `Inconclusive over all mini-experiments against ${reference}: no activation is testable — a pooled test needs at least ${needed} paired configurations that score differently, and none has more than ${plural(most, 'paired configuration')} with ${reference} in all mini-experiments together.`;
  }
  const minis = new Set(testable.map((row) => row.miniExperiments));
  const pairs = new Set(testable.map((row) => row.pairs));
  const scope =
    minis.size === 1 && pairs.size === 1
      ? `Over ${minis.has(summary.miniExperiments.length) && summary.miniExperiments.length > 1 ? 'all ' : ''}${plural([...minis][0]!, 'mini-experiment')} (${plural([...pairs][0]!, 'paired configuration')} per activation)`
      : `Over all mini-experiments (up to ${plural(Math.max(...minis), 'mini-experiment')} and ${plural(Math.max(...pairs), 'paired configuration')} per activation)`;
  const method = `stratified paired Wilcoxon, ranks within each mini-experiment, Holm-adjusted over ${plural(testable.length, 'activation')}, α = ${summary.alpha}`;
  const detail = (row: PooledReferenceComparison): string =>
    `${row.activation} (median ${formatDelta(row.medianDifference)}, ${row.ahead} of ${row.pairs} pairs above, Holm ${pText(row.pHolm)})`;
  const group = (list: PooledReferenceComparison[]): string =>
    list.length <= 4 ? listText(list.map(detail)) : `${list.length} activations (${listText(list.map((row) => row.activation))})`;
  const byP = (list: PooledReferenceComparison[]): PooledReferenceComparison[] => [...list].sort((a, b) => a.pHolm! - b.pHolm!);
  const better = byP(testable.filter((row) => row.verdict === 'better'));
  const worse = byP(testable.filter((row) => row.verdict === 'worse'));
  const noise = testable.filter((row) => row.verdict === 'no significant difference');
  const inconclusive = [
    ...(noise.length > 0
      ? [`${plural(noise.length, 'activation')} ${noise.length === 1 ? 'is' : 'are'} within noise of ${reference}`]
      : []),
    ...(untestable.length > 0 ? [untestableText] : []),
  ];
  if (better.length === 0 && worse.length === 0) {
    const closest = byP(testable)[0]!;
    return `${scope}, no activation differs significantly from ${reference} (${method}): ${listText(inconclusive)}; the smallest Holm p is ${formatP(closest.pHolm)} (${closest.activation}, median ${formatDelta(closest.medianDifference)}).`;
  }
  const found = [
    ...(better.length > 0 ? [`${group(better)} ${better.length === 1 ? 'scores' : 'score'} above ${reference}`] : []),
    ...(worse.length > 0
      ? [`${group(worse)} ${worse.length === 1 ? 'scores' : 'score'} below ${better.length > 0 ? 'it' : reference}`]
      : []),
  ];
  return `${scope}, ${found.join('; ')} (${method})${inconclusive.length > 0 ? `; inconclusive: ${listText(inconclusive)}` : ''}.`;
}

/** The headline of a summary: every sentence computed from its other fields. */
export function headlineSentences(summary: ReportSummary): string[] {
  const pooled = pooledSentence(summary);
  const equivalence = equivalenceSentence(summary.equivalence, summary.reference);
  const profiles = profileSentence(summary);
  return [
    winnerSentence(summary, 'best'),
    winnerSentence(summary, 'mean'),
    spreadSentence(summary),
    lostRunsSentence(summary),
    baselineSentence(summary),
    ...(pooled === null ? [] : [pooled]),
    referenceSentence(summary),
    ...(equivalence === null ? [] : [equivalence]),
    ...(profiles === null ? [] : [profiles]),
  ];
}
