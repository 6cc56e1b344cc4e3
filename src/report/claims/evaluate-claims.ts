// Checks a claims file against a report summary. Order alone cannot decide a claim: 20
// configurations and a handful of mini-experiments leave ranks noisy, so every claim is also
// evaluated on bootstrap resamples of the study, and its verdict says how often it held there
// (rank and frequency claims) or where the interval of its statistic lies (differences and
// correlations). "Inconclusive" is the honest answer whenever neither side reaches the file's
// confidence.
//
// The resampling follows the design: configurations are drawn with replacement within each
// mini-experiment, the same draws for every activation (the configurations are shared, the paired
// design), with repeats kept averaged as the summary holds them; claims about the ranking over
// mini-experiments also draw the mini-experiments themselves with replacement, since E18's claims
// are about tasks in general, not about these particular ones.
import { seededRandom } from '../../util/random.js';
import { quantile } from '../stats/descriptive.js';
import { spearmanCorrelation } from '../stats/correlation.js';
import { averageRanks as rankValues } from '../stats/ranks.js';
import type { Measure, ReportSummary } from '../types.js';
import type {
  Claim,
  ClaimResult,
  PaperStudy,
  ScaleRow,
  ClaimScope,
  ClaimSide,
  ClaimsFile,
  ClaimsSummary,
  ClaimVerdict,
  DifferenceClaim,
  InteractionClaim,
  RankingsDifferClaim,
  RankPositionClaim,
  Top3FrequencyClaim,
} from './claim-types.js';

export const CLAIM_RESAMPLES = 2000;
const CLAIM_SEED = 18;

/**
 * One mini-experiment's scores: its configurations (sorted configIndex values), and per activation
 * the dev and test score at each configuration's position (NaN where it has none). Draws are
 * positions, so a resample reads typed arrays: the claims run thousands of them.
 */
interface ScoreGrid {
  id: string;
  configurations: number[];
  byActivation: Map<string, { dev: Float64Array; test: Float64Array }>;
}

function scoreGrids(summary: ReportSummary): Map<string, ScoreGrid> {
  const grids = new Map<string, ScoreGrid>();
  for (const mini of summary.miniExperiments) {
    const cells = summary.cells.filter((cell) => cell.miniExperiment === mini.id);
    const configurations = [...new Set(cells.flatMap((cell) => cell.scores.map((score) => score.configIndex)))].sort((a, b) => a - b);
    const position = new Map(configurations.map((configIndex, i) => [configIndex, i]));
    const byActivation = new Map<string, { dev: Float64Array; test: Float64Array }>();
    for (const cell of cells) {
      const dev = new Float64Array(configurations.length).fill(NaN);
      const test = new Float64Array(configurations.length).fill(NaN);
      for (const score of cell.scores) {
        dev[position.get(score.configIndex)!] = score.dev;
        test[position.get(score.configIndex)!] = score.test;
      }
      byActivation.set(cell.activation, { dev, test });
    }
    grids.set(mini.id, { id: mini.id, configurations, byActivation });
  }
  return grids;
}

/**
 * Best (test score of the highest-dev configuration, the first such on ties, as the summary's
 * cells) and mean over the drawn positions an activation scored; null when it scored none.
 */
function measures(
  { dev, test }: { dev: Float64Array; test: Float64Array },
  draws: readonly number[],
): { best: number | null; mean: number | null } {
  let sum = 0;
  let count = 0;
  let bestDev = -Infinity;
  let bestTest = NaN;
  let bestPosition = Infinity;
  for (const position of draws) {
    const score = test[position]!;
    if (Number.isNaN(score)) continue;
    sum += score;
    count++;
    const devScore = dev[position]!;
    if (devScore > bestDev || (devScore === bestDev && position < bestPosition)) {
      bestDev = devScore;
      bestTest = score;
      bestPosition = position;
    }
  }
  return count > 0 ? { best: bestTest, mean: sum / count } : { best: null, mean: null };
}

type SampleMeasures = Map<string, { best: number | null; mean: number | null }>[];
const measuredSamples = new WeakMap<Sample, SampleMeasures>();

/** Per mini-experiment of a sample, each activation's best and mean under the sample's draws (kept per sample: several claims read it). */
function sampleMeasures(sample: Sample): SampleMeasures {
  let measured = measuredSamples.get(sample);
  if (!measured) {
    measured = sample.grids.map(
      (grid, i) => new Map([...grid.byActivation].map(([activation, scores]) => [activation, measures(scores, sample.draws[i]!)])),
    );
    measuredSamples.set(sample, measured);
  }
  return measured;
}

/** Per mini-experiment, activation → score on `measure`, for the activations with one. */
function scoresOn(perMini: ReturnType<typeof sampleMeasures>, measure: Measure): Map<string, number>[] {
  return perMini.map((byActivation) => {
    const scores = new Map<string, number>();
    for (const [activation, values] of byActivation) if (values[measure] !== null) scores.set(activation, values[measure]!);
    return scores;
  });
}

/**
 * Top-3 finishes and average ranks as the report's rankings define them (src/report/rankings.ts):
 * top 3 when fewer than three score strictly higher; ranks averaged over ties, then over the
 * mini-experiments where the activation has a score. Written out here over plain maps, since
 * they run once per resample.
 */
function top3Finishes(perMini: Map<string, number>[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const scores of perMini) {
    const values = [...scores.values()];
    for (const [activation, own] of scores) {
      if (!counts.has(activation)) counts.set(activation, 0);
      let higher = 0;
      for (const value of values) if (value > own) higher++;
      if (higher < 3) counts.set(activation, counts.get(activation)! + 1);
    }
  }
  return counts;
}

function averageRanks(sample: Sample, measure: Measure): Map<string, number> {
  const sums = new Map<string, { total: number; count: number }>();
  for (const scores of scoresOn(sampleMeasures(sample), measure)) {
    const names = [...scores.keys()];
    const ranks = rankValues(
      names.map((name) => scores.get(name)!),
      true,
    );
    names.forEach((name, i) => {
      const entry = sums.get(name) ?? { total: 0, count: 0 };
      entry.total += ranks[i]!;
      entry.count++;
      sums.set(name, entry);
    });
  }
  return new Map([...sums].map(([name, { total, count }]) => [name, total / count]));
}

function drawWithReplacement<T>(items: readonly T[], random: () => number): T[] {
  return items.map(() => items[Math.floor(random() * items.length)]!);
}

/** A study as a list of mini-experiments with their configuration draws: the observed one, or a resample. */
interface Sample {
  grids: ScoreGrid[];
  draws: number[][];
  /** Unique names (a mini-experiment drawn twice appears twice). */
  names: string[];
}

function observed(grids: readonly ScoreGrid[]): Sample {
  return {
    grids: [...grids],
    draws: grids.map((grid) => grid.configurations.map((_, position) => position)),
    names: grids.map((grid) => grid.id),
  };
}

function resample(grids: readonly ScoreGrid[], random: () => number, drawMiniExperiments: boolean): Sample {
  const chosen = drawMiniExperiments ? drawWithReplacement(grids, random) : [...grids];
  return {
    grids: chosen,
    draws: chosen.map((grid) => Array.from(grid.configurations, () => Math.floor(random() * grid.configurations.length))),
    names: chosen.map((grid, i) => `${grid.id}#${i}`),
  };
}

/** Activations in the claim that the study does not have, or in none of the scoped mini-experiments. */
function missing(activations: readonly string[], grids: readonly ScoreGrid[]): string[] {
  return activations.filter((activation) => !grids.some((grid) => grid.byActivation.has(activation)));
}

function scopedGrids(summary: ReportSummary, grids: Map<string, ScoreGrid>, scope: ClaimScope | undefined): ScoreGrid[] {
  const tasks = scope?.tasks;
  return summary.miniExperiments.filter((mini) => !tasks || tasks.includes(mini.task)).map((mini) => grids.get(mini.id)!);
}

/** Fewer than `within` of `values` are strictly better than `own` (higher when higherIsBetter). */
function within(own: number, values: Iterable<number>, count: number, higherIsBetter: boolean): boolean {
  let better = 0;
  for (const value of values) if (higherIsBetter ? value > own : value < own) better++;
  return better < count;
}

/** A claim's outcome, before its id and words are attached. */
type Evaluation = Omit<ClaimResult, 'id' | 'text' | 'source' | 'kind'>;

const notEvaluable = (reason: string, miniExperiments = 0): Evaluation => ({
  verdict: 'not evaluable',
  statistic: reason,
  probability: null,
  estimate: null,
  interval: null,
  miniExperiments,
});

const percent = (p: number): string => `${(100 * p).toFixed(1)}%`;
const points = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(2)}`;

function verdictOfProbability(probability: number, confidence: number): ClaimVerdict {
  if (probability >= confidence) return 'supported';
  if (probability <= 1 - confidence) return 'contradicted';
  return 'inconclusive';
}

/** The probability that `holds` is true over the resamples, and its value on the study itself. */
/**
 * The resamples of a set of mini-experiments: drawn once from the fixed seed and shared by every
 * claim over the same set, so claims on one study see the same resamples and each is measured once.
 */
const resampleCache = new Map<string, { grids: readonly ScoreGrid[]; samples: Sample[] }>();

function resamplesOf(grids: readonly ScoreGrid[], resamples: number, drawMiniExperiments: boolean): Sample[] {
  const key = `${drawMiniExperiments}\u0000${resamples}\u0000${grids.map((grid) => grid.id).join('\u0000')}`;
  const cached = resampleCache.get(key);
  if (cached && cached.grids.length === grids.length && cached.grids.every((grid, i) => grid === grids[i])) return cached.samples;
  const random = seededRandom(CLAIM_SEED);
  const samples = Array.from({ length: resamples }, () => resample(grids, random, drawMiniExperiments));
  // One study at a time: a new one replaces what an earlier call kept.
  if (cached === undefined && resampleCache.size > 8) resampleCache.clear();
  resampleCache.set(key, { grids, samples });
  return samples;
}

function bootstrapProbability(
  grids: readonly ScoreGrid[],
  holds: (sample: Sample) => boolean,
  resamples: number,
  drawMiniExperiments: boolean,
): { observed: boolean; probability: number } {
  let count = 0;
  for (const sample of resamplesOf(grids, resamples, drawMiniExperiments)) if (holds(sample)) count++;
  return { observed: holds(observed(grids)), probability: count / resamples };
}

function bootstrapInterval(
  grids: readonly ScoreGrid[],
  statistic: (sample: Sample) => number | null,
  resamples: number,
  confidence: number,
  drawMiniExperiments: boolean,
): { estimate: number | null; interval: { low: number; high: number } | null } {
  const values: number[] = [];
  for (const sample of resamplesOf(grids, resamples, drawMiniExperiments)) {
    const value = statistic(sample);
    if (value !== null && Number.isFinite(value)) values.push(value);
  }
  const estimate = statistic(observed(grids));
  // Percentile interval; resamples where the statistic is undefined are left out (said nowhere
  // else, so they must be rare: a correlation needs two ranked activations, a difference a score).
  if (values.length < resamples / 2) return { estimate, interval: null };
  const tail = (1 - confidence) / 2;
  return { estimate, interval: { low: quantile(values, tail), high: quantile(values, 1 - tail) } };
}

/** Activations with a score in any of the grids. */
function activationCount(grids: readonly ScoreGrid[]): number {
  return new Set(grids.flatMap((grid) => [...grid.byActivation.keys()])).size;
}

/**
 * A claim about places is empty when there are no more activations than places: with three
 * activations every one finishes in the top three.
 */
function tooFewActivations(grids: readonly ScoreGrid[], places: number): Evaluation | null {
  const count = activationCount(grids);
  return count <= places
    ? notEvaluable(`only ${count} activation${count === 1 ? '' : 's'} in the study: every one is within ${places} places`, grids.length)
    : null;
}

function evaluateTop3(claim: Top3FrequencyClaim, grids: ScoreGrid[], confidence: number, resamples: number): Evaluation {
  const absent = missing(claim.activations, grids);
  if (absent.length > 0) return notEvaluable(`not in the study: ${absent.join(', ')}`, grids.length);
  const vacuous = tooFewActivations(grids, Math.max(3, claim.within));
  if (vacuous) return vacuous;
  const counts = (sample: Sample) => top3Finishes(scoresOn(sampleMeasures(sample), claim.measure));
  const holds = (sample: Sample) => {
    const byActivation = counts(sample);
    return claim.activations.every((activation) => within(byActivation.get(activation) ?? 0, byActivation.values(), claim.within, true));
  };
  const { observed: holdsHere, probability } = bootstrapProbability(grids, holds, resamples, true);
  const here = counts(observed(grids));
  const ordered = [...here.entries()].sort((a, b) => b[1] - a[1]);
  const leaders = ordered
    .slice(0, Math.max(claim.within, 3))
    .map(([name, count]) => `${name} ${count}`)
    .join(', ');
  const own = claim.activations.map((activation) => `${activation} ${here.get(activation) ?? 0}`).join(', ');
  return {
    verdict: verdictOfProbability(probability, confidence),
    statistic: `top-3 finishes on ${claim.measure} over ${grids.length} mini-experiments: ${own} (most: ${leaders}); ${holdsHere ? 'holds' : 'does not hold'} here, holds in ${percent(probability)} of resamples`,
    probability,
    estimate: null,
    interval: null,
    miniExperiments: grids.length,
  };
}

function evaluateRankPosition(claim: RankPositionClaim, grids: ScoreGrid[], confidence: number, resamples: number): Evaluation {
  const absent = missing([claim.activation], grids);
  if (absent.length > 0) return notEvaluable(`not in the study: ${absent.join(', ')}`, grids.length);
  const vacuous = tooFewActivations(grids, claim.within);
  if (vacuous) return vacuous;
  const top = claim.position === 'top';
  // Rank 1 is best. At the top, fewer than `within` activations may rank strictly lower; at the
  // bottom, fewer than `within` strictly higher.
  const holds = (sample: Sample) => {
    const ranks = averageRanks(sample, claim.measure);
    const own = ranks.get(claim.activation);
    return own !== undefined && within(own, ranks.values(), claim.within, !top);
  };
  const { observed: holdsHere, probability } = bootstrapProbability(grids, holds, resamples, true);
  const ranks = averageRanks(observed(grids), claim.measure);
  const ordered = [...ranks.entries()].sort((a, b) => (top ? a[1] - b[1] : b[1] - a[1]));
  const place = ordered.findIndex(([name]) => name === claim.activation) + 1;
  const own = ranks.get(claim.activation);
  return {
    verdict: verdictOfProbability(probability, confidence),
    statistic:
      `average rank on ${claim.measure} over ${grids.length} mini-experiments: ${claim.activation} ${own?.toFixed(2) ?? 'unranked'}, ` +
      `${place > 0 ? `${ordinal(place)} ${top ? 'best' : 'worst'} of ${ranks.size}` : 'unranked'}; ${holdsHere ? 'holds' : 'does not hold'} here, holds in ${percent(probability)} of resamples`,
    probability,
    estimate: null,
    interval: null,
    miniExperiments: grids.length,
  };
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

function evaluateRankingsDiffer(claim: RankingsDifferClaim, grids: ScoreGrid[], confidence: number, resamples: number): Evaluation {
  if (grids.length === 0) return notEvaluable('no mini-experiment in scope');
  const correlation = (sample: Sample): number | null => {
    const best = averageRanks(sample, 'best');
    const mean = averageRanks(sample, 'mean');
    const names = [...best.keys()].filter((name) => mean.has(name));
    if (names.length < 3) return null;
    return spearmanCorrelation(
      names.map((name) => best.get(name)!),
      names.map((name) => mean.get(name)!),
    );
  };
  const { estimate, interval } = bootstrapInterval(grids, correlation, resamples, confidence, true);
  if (estimate === null || interval === null)
    return notEvaluable('fewer than three activations ranked on both best and mean', grids.length);
  const verdict: ClaimVerdict = interval.high < claim.below ? 'supported' : interval.low >= claim.below ? 'contradicted' : 'inconclusive';
  return {
    verdict,
    statistic: `Spearman ρ between the average ranks on best and on mean: ${estimate.toFixed(2)}, ${percent(confidence)} interval [${interval.low.toFixed(2)}, ${interval.high.toFixed(2)}]; the claim needs ρ < ${claim.below}`,
    probability: null,
    estimate,
    interval,
    miniExperiments: grids.length,
  };
}

/** The one mini-experiment matching a side: its task, and every setting the side names. */
function sideGrid(summary: ReportSummary, grids: Map<string, ScoreGrid>, side: ClaimSide): ScoreGrid[] {
  const specs = summary.study.spec?.miniExperiments ?? [];
  return summary.miniExperiments
    .filter((mini) => {
      if (mini.task !== side.task) return false;
      const settings = specs.find((spec) => spec.id === mini.id)?.settings ?? {};
      return Object.entries(side.settings ?? {}).every(([key, value]) => settings[key] === value);
    })
    .map((mini) => grids.get(mini.id)!);
}

const describeSide = (side: ClaimSide): string =>
  `${side.activation} in ${side.task}${
    side.settings
      ? ` (${Object.entries(side.settings)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(', ')})`
      : ''
  }`;

/**
 * A contrast of sides, Σ sign·measure: a − b for a difference, (a − b) − (c − d) for an
 * interaction. Each side is the one mini-experiment matching it; sides in the same
 * mini-experiment share its configuration draws (paired), different ones are drawn independently.
 */
function evaluateContrast(
  claim: DifferenceClaim | InteractionClaim,
  terms: { side: ClaimSide; sign: 1 | -1 }[],
  describe: string,
  summary: ReportSummary,
  grids: Map<string, ScoreGrid>,
  confidence: number,
  resamples: number,
): Evaluation {
  const matched: ScoreGrid[] = [];
  for (const { side } of terms) {
    const matches = sideGrid(summary, grids, side);
    if (matches.length !== 1)
      return notEvaluable(
        `${describeSide(side)}: ${matches.length === 0 ? 'no mini-experiment matches' : `${matches.length} mini-experiments match; name more settings`}`,
      );
    if (!matches[0]!.byActivation.has(side.activation)) return notEvaluable(`${describeSide(side)}: not in the study`, 1);
    matched.push(matches[0]!);
  }
  const involved = [...new Set(matched)];
  const contrast = (sample: Sample): number | null => {
    let total = 0;
    for (const [i, { side, sign }] of terms.entries()) {
      const grid = matched[i]!;
      const value = measures(grid.byActivation.get(side.activation)!, sample.draws[sample.grids.indexOf(grid)]!)[claim.measure];
      if (value === null) return null;
      total += sign * value;
    }
    return total;
  };
  const { estimate, interval } = bootstrapInterval(involved, contrast, resamples, confidence, false);
  if (estimate === null || interval === null) return notEvaluable('a side has no scored configuration', involved.length);
  let verdict: ClaimVerdict = interval.high < 0 ? 'contradicted' : interval.low > 0 ? 'supported' : 'inconclusive';
  let size = '';
  if (claim.expected !== undefined) {
    const tolerance = claim.tolerance ?? Math.abs(claim.expected) / 2;
    const [low, high] = [claim.expected - tolerance, claim.expected + tolerance];
    const overlaps = interval.low <= high && interval.high >= low;
    size = `; claimed ${points(claim.expected)} ± ${(100 * tolerance).toFixed(2)} points, ${overlaps ? 'within' : 'outside'} the interval`;
    // The right direction at a clearly different size does not support "by about x".
    if (verdict === 'supported' && !overlaps) verdict = 'contradicted';
  }
  return {
    verdict,
    statistic: `${claim.measure} of ${describe}: ${points(estimate)} points, ${percent(confidence)} interval [${points(interval.low)}, ${points(interval.high)}]${size}`,
    probability: null,
    estimate,
    interval,
    miniExperiments: involved.length,
  };
}

function evaluateClaim(
  claim: Claim,
  summary: ReportSummary,
  grids: Map<string, ScoreGrid>,
  confidence: number,
  resamples: number,
): Evaluation {
  if (claim.kind === 'difference') {
    return evaluateContrast(
      claim,
      [
        { side: claim.a, sign: 1 },
        { side: claim.b, sign: -1 },
      ],
      `${describeSide(claim.a)} minus ${describeSide(claim.b)}`,
      summary,
      grids,
      confidence,
      resamples,
    );
  }
  if (claim.kind === 'interaction') {
    const terms = [
      { side: claim.a, sign: 1 as const },
      { side: claim.b, sign: -1 as const },
      { side: claim.c, sign: -1 as const },
      { side: claim.d, sign: 1 as const },
    ];
    const describe = `(${describeSide(claim.a)} minus ${describeSide(claim.b)}) minus (${describeSide(claim.c)} minus ${describeSide(claim.d)})`;
    return evaluateContrast(claim, terms, describe, summary, grids, confidence, resamples);
  }
  const scoped = scopedGrids(summary, grids, claim.scope).filter((grid) => grid.configurations.length > 0);
  if (scoped.length === 0)
    return notEvaluable(`no scored mini-experiment${claim.scope?.tasks ? ` of ${claim.scope.tasks.join(', ')}` : ''}`);
  switch (claim.kind) {
    case 'top3-frequency':
      return evaluateTop3(claim, scoped, confidence, resamples);
    case 'rank-position':
      return evaluateRankPosition(claim, scoped, confidence, resamples);
    case 'rankings-differ':
      return evaluateRankingsDiffer(claim, scoped, confidence, resamples);
  }
}

const count = (n: number): string => n.toLocaleString('en-US');

function duration(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  return minutes < 120 ? `${minutes} min` : `${(minutes / 60).toFixed(1)} h`;
}

/** Which family of update rules the study's sampled optimizers follow (keras2-* or tfjs's bare names). */
function optimizerRules(summary: ReportSummary): string {
  const names = new Set(
    summary.miniExperiments
      .flatMap((mini) => mini.configurations.map((config) => config.hparams['optimizer']))
      .filter((name): name is string => typeof name === 'string'),
  );
  const keras = [...names].filter((name) => name.startsWith('keras2-')).length;
  const other = names.size - keras;
  if (names.size === 0) return 'unknown (no optimizer in the configurations)';
  if (other === 0) return `keras2 (${[...names].sort().join(', ')})`;
  if (keras === 0) return `tfjs (${[...names].sort().join(', ')})`;
  return `mixed: ${keras} Keras 2, ${other} tfjs (${[...names].sort().join(', ')})`;
}

/** The study's scale and substitutions beside the paper's, from the summary alone. */
export function scaleBesidePaper(paper: PaperStudy, summary: ReportSummary): ScaleRow[] {
  const spec = summary.study.spec;
  const { environment } = summary;
  const span =
    environment.firstFinishedAt && environment.lastFinishedAt
      ? (Date.parse(environment.lastFinishedAt) - Date.parse(environment.firstFinishedAt)) / 1000
      : null;
  const datasets = [...new Set(summary.miniExperiments.map((mini) => mini.dataset))].sort();
  const shared = paper.datasets.filter((name) => datasets.includes(name));
  const rules = optimizerRules(summary);
  return [
    { aspect: 'activations', paper: String(paper.activations), study: String(summary.activations.length) },
    {
      aspect: 'configurations per mini-experiment',
      paper: String(paper.configurations),
      study: spec ? String(spec.configurations) : 'unknown (no spec)',
    },
    { aspect: 'repeats (seeds) per configuration', paper: String(paper.repeats), study: spec ? String(spec.repeats) : 'unknown (no spec)' },
    { aspect: 'mini-experiments', paper: String(paper.miniExperiments), study: String(summary.miniExperiments.length) },
    { aspect: 'training runs', paper: count(paper.runs), study: count(environment.records) },
    {
      aspect: 'wall time',
      paper: 'not reported',
      study:
        span === null
          ? 'unknown'
          : `${duration(span)} from the first to the last run's end (pauses included), ${duration(environment.trainingSeconds)} of run time summed over workers`,
    },
    { aspect: 'backend', paper: paper.backend, study: environment.backends.join(', ') || 'unknown' },
    {
      aspect: 'datasets',
      paper: paper.datasets.join(', '),
      study: `${datasets.join(', ')}${shared.length === 0 ? ' (none of the paper’s)' : ` (${shared.length} of the paper’s ${paper.datasets.length})`}`,
    },
    { aspect: 'optimizer rules', paper: paper.optimizerRules, study: rules },
    ...paper.substitutions.map((line) => ({ aspect: 'substitution', paper: '', study: line })),
  ];
}

export function evaluateClaims(file: ClaimsFile, fileName: string, summary: ReportSummary, resamples = CLAIM_RESAMPLES): ClaimsSummary {
  const grids = scoreGrids(summary);
  const results: ClaimResult[] = file.claims.map((claim) => ({
    id: claim.id,
    text: claim.text,
    source: claim.source ?? null,
    kind: claim.kind,
    ...evaluateClaim(claim, summary, grids, file.confidence, resamples),
  }));
  return {
    title: file.title,
    ...(file.paper ? { scale: scaleBesidePaper(file.paper, summary) } : {}),
    file: fileName,
    confidence: file.confidence,
    resamples,
    method:
      `Each claim is checked on the study and on ${resamples} bootstrap resamples: configurations drawn with replacement within each mini-experiment (the same draws for every activation), ` +
      `and for claims over the ranking the mini-experiments drawn with replacement too. A rank or frequency claim is supported when it holds in at least ${percent(file.confidence)} of resamples, ` +
      `contradicted when it holds in at most ${percent(1 - file.confidence)}; a difference or correlation by where its ${percent(file.confidence)} percentile interval lies; otherwise inconclusive.`,
    results,
  };
}
