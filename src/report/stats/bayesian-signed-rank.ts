// The Bayesian signed-rank test with a region of practical equivalence (Benavoli, Corani, Demšar
// & Zaffalon 2017, "Time for a change", JMLR 18(77); the Dirichlet-process signed-rank test of
// Benavoli et al., ICML 2014), as baycomp's SignedRankTest computes it: the paired differences
// d_1..d_n plus a pseudo-observation z_0 = 0 of prior weight s (0.5); a posterior sample of
// weights w ~ Dirichlet(s, 1, …, 1); per sample the probability mass of pairs (i, j), every
// ordered pair including i = j, whose sum d_i + d_j is below −2·rope (left), above +2·rope
// (right) or in between (rope), a sum exactly on a bound counting half to each side; the
// posterior probability of a region is the share of samples in which that region has the most
// mass (the first of equal ones, as argmax). Our own code: same model, no code taken.
import { seededRandom } from '../../util/random.js';

export interface RopeProbabilities {
  /** P(the differences lie left of the rope: the second of the pair better by more than rope). */
  left: number;
  rope: number;
  right: number;
}

export interface BayesianSignedRankOptions {
  /** Half-width of the region of practical equivalence, in the differences' units (≥ 0). */
  rope: number;
  /** Weight of the pseudo-observation z_0 = 0 (default 0.5, baycomp's). */
  prior?: number;
  /** Posterior samples (default 50,000). */
  samples?: number;
  /** Seed of the generator (default 1): the same input gives the same probabilities. */
  seed?: number;
  /**
   * Stop early once the verdict at this posterior probability is settled: after every
   * DECISION_BATCH samples, when each region's 99.9% Wilson interval lies wholly below it or wholly
   * at or above it. Most comparisons of a large study are one-sided, and a paper-scale report runs
   * hundreds of them, so this keeps it within its time budget; undecided ones still draw `samples`.
   */
  decideAt?: number;
}

/** Samples between checks of decideAt, and the fewest ever drawn with it. */
export const DECISION_BATCH = 1000;
const WILSON_Z = 3.29;

/** Whether count/k is, at 99.9% (Wilson score interval), wholly below or wholly at or above `threshold`. */
function settled(count: number, k: number, threshold: number): boolean {
  const p = count / k;
  const z2 = WILSON_Z * WILSON_Z;
  const centre = (p + z2 / (2 * k)) / (1 + z2 / k);
  const half = (WILSON_Z * Math.sqrt((p * (1 - p)) / k + z2 / (4 * k * k))) / (1 + z2 / k);
  return centre + half < threshold || centre - half >= threshold;
}

export const DEFAULT_PRIOR_WEIGHT = 0.5;
/**
 * Posterior draws per test. baycomp draws 50,000; 10,000 keep a summary of a paper-scale ledger
 * (hundreds of cells) within seconds, with a Monte-Carlo standard error of at most 0.005 on each
 * probability (√(0.25/10,000)), about 0.002 near the 0.95 a verdict needs.
 */
export const DEFAULT_POSTERIOR_SAMPLES = 10_000;

/** A standard normal variate (Marsaglia's polar method). */
function normal(random: () => number): number {
  for (;;) {
    const u = 2 * random() - 1;
    const v = 2 * random() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/** A Gamma(shape, 1) variate: Marsaglia & Tsang (2000), with the U^{1/shape} boost below 1. */
export function gammaVariate(shape: number, random: () => number): number {
  if (!(shape > 0)) throw new RangeError(`gamma shape must be > 0, got ${shape}`);
  if (shape === 1) return -Math.log(1 - random());
  if (shape < 1) return gammaVariate(shape + 1, random) * (1 - random()) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - random();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * The region masses of one weight vector, straight from the definition (O(n²)): `values` are
 * z_0..z_n, `weights` their weights (summing to 1). For tests and small inputs.
 */
export function regionMassesByEnumeration(values: readonly number[], weights: readonly number[], rope: number): RopeProbabilities {
  let left = 0;
  let right = 0;
  const bound = 2 * rope;
  for (let i = 0; i < values.length; i++) {
    for (let j = 0; j < values.length; j++) {
      const sum = values[i]! + values[j]!;
      const w = weights[i]! * weights[j]!;
      if (sum > bound) right += w;
      else if (sum === bound) right += 0.5 * w;
      if (-sum > bound) left += w;
      else if (-sum === bound) left += 0.5 * w;
    }
  }
  return { left, rope: 1 - left - right, right };
}

/**
 * Precomputed suffix boundaries so that one weight vector's masses cost O(n): with the values
 * sorted, the j with v_i + v_j > t (or ≥ t) form a suffix, those with v_i + v_j < −t (≤ −t) a prefix.
 */
function boundaries(sorted: readonly number[], bound: number) {
  const m = sorted.length;
  const firstAbove = new Int32Array(m); // first j with s_i + s_j > bound
  const firstAtOrAbove = new Int32Array(m); // first j with s_i + s_j ≥ bound
  const endBelow = new Int32Array(m); // j < endBelow: s_i + s_j < −bound
  const endAtOrBelow = new Int32Array(m); // j < endAtOrBelow: s_i + s_j ≤ −bound
  const lowerBound = (pred: (x: number) => boolean): number => {
    // first index where pred holds (pred monotone false→true over sorted)
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pred(sorted[mid]!)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  for (let i = 0; i < m; i++) {
    const s = sorted[i]!;
    firstAbove[i] = lowerBound((x) => s + x > bound);
    firstAtOrAbove[i] = lowerBound((x) => s + x >= bound);
    endBelow[i] = lowerBound((x) => s + x >= -bound);
    endAtOrBelow[i] = lowerBound((x) => s + x > -bound);
  }
  return { firstAbove, firstAtOrAbove, endBelow, endAtOrBelow };
}

/** Left and right masses of sorted values' weights `w` (prefix sums `prefix`), in O(n). */
function sortedMasses(
  w: ArrayLike<number>,
  prefix: ArrayLike<number>,
  bounds: ReturnType<typeof boundaries>,
): { left: number; right: number } {
  const { firstAbove, firstAtOrAbove, endBelow, endAtOrBelow } = bounds;
  const m = w.length;
  const all = prefix[m]!;
  let left = 0;
  let right = 0;
  for (let i = 0; i < m; i++) {
    right += w[i]! * 0.5 * (all - prefix[firstAbove[i]!]! + all - prefix[firstAtOrAbove[i]!]!);
    left += w[i]! * 0.5 * (prefix[endBelow[i]!]! + prefix[endAtOrBelow[i]!]!);
  }
  return { left, right };
}

/**
 * Posterior probabilities that `differences` (a − b, higher better for a) lie right of the rope
 * (a better), in it (practically equivalent), or left of it (b better). Empty input: the prior
 * alone (z_0 = 0 inside the rope), so rope = 1 when rope > 0.
 */
export function bayesianSignedRank(differences: readonly number[], options: BayesianSignedRankOptions): RopeProbabilities {
  const rope = options.rope;
  if (!(rope >= 0) || !Number.isFinite(rope)) throw new RangeError(`rope must be a finite number ≥ 0, got ${rope}`);
  const prior = options.prior ?? DEFAULT_PRIOR_WEIGHT;
  if (!(prior > 0)) throw new RangeError(`prior weight must be > 0, got ${prior}`);
  const samples = options.samples ?? DEFAULT_POSTERIOR_SAMPLES;
  const random = seededRandom(options.seed ?? 1);
  // z_0 = 0 with weight `prior`, then the differences; sorted, remembering which is z_0.
  const entries = [{ value: 0, shape: prior }, ...differences.map((value) => ({ value, shape: 1 }))].sort((a, b) => a.value - b.value);
  const sorted = entries.map((entry) => entry.value);
  const shapes = entries.map((entry) => entry.shape);
  const m = sorted.length;
  const bounds = boundaries(sorted, 2 * rope);
  const w = new Float64Array(m);
  const prefix = new Float64Array(m + 1); // prefix[k] = Σ_{j<k} w_j
  const wins = [0, 0, 0];
  let drawn = 0;
  for (let sample = 0; sample < samples; sample++) {
    let total = 0;
    for (let i = 0; i < m; i++) {
      const g = gammaVariate(shapes[i]!, random);
      w[i] = g;
      total += g;
    }
    prefix[0] = 0;
    for (let i = 0; i < m; i++) {
      w[i] = w[i]! / total;
      prefix[i + 1] = prefix[i]! + w[i]!;
    }
    const { left, right } = sortedMasses(w, prefix, bounds);
    const inRope = 1 - left - right;
    // argmax, the first of equal ones: left, rope, right
    let winner = 0;
    let most = left;
    if (inRope > most) {
      winner = 1;
      most = inRope;
    }
    if (right > most) winner = 2;
    wins[winner]!++;
    drawn = sample + 1;
    const decideAt = options.decideAt;
    if (decideAt !== undefined && drawn % DECISION_BATCH === 0 && drawn < samples && wins.every((count) => settled(count, drawn, decideAt)))
      break;
  }
  return { left: wins[0]! / drawn, rope: wins[1]! / drawn, right: wins[2]! / drawn };
}

/** One pass of the sampler's mass computation for a given weight vector (exposed for tests). */
export function regionMassesFast(values: readonly number[], weights: readonly number[], rope: number): RopeProbabilities {
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const sorted = order.map((i) => values[i]!);
  const w = order.map((i) => weights[i]!);
  const m = sorted.length;
  const prefix = [0];
  for (let i = 0; i < m; i++) prefix.push(prefix[i]! + w[i]!);
  const { left, right } = sortedMasses(w, prefix, boundaries(sorted, 2 * rope));
  return { left, rope: 1 - left - right, right };
}
