// Mean-field signal propagation through a deep, wide, fully connected network at initialisation
// (Poole et al. 2016, "Exponential expressivity in deep neural networks through transient chaos";
// Schoenholz et al. 2017, "Deep information propagation"; Hayou et al. 2019, "On the impact of the
// activation function on deep neural networks training").
//
// Weights are N(0, σ_w²/N), biases N(0, σ_b²). A pre-activation's variance q and the correlation c
// of two inputs' pre-activations then follow, layer to layer,
//   q ↦ V(q) = σ_w² E[φ(√q z)²] + σ_b²
//   c ↦ C(c) = (σ_w² E[φ(u₁)φ(u₂)] + σ_b²) / q*,  u₁ = √q* z₁,  u₂ = √q*(c z₁ + √(1−c²) z₂),
// with z, z₁, z₂ independent standard normals. Everything here is plain float64 arithmetic on a
// function φ given as a float64 reference; expectations use piecewise Gauss–Legendre quadrature
// cut at φ's kinks (gaussian-quadrature.ts).
import { angularRule, applyRule, normalRule, radialRule } from './gaussian-quadrature.js';

export interface MeanFieldFunction {
  /** φ in float64. */
  phi: (x: number) => number;
  /** Points where φ is not differentiable: derivatives near them are taken one-sided. */
  kinks?: readonly number[];
}

export interface MeanFieldOptions {
  sigmaW2: number;
  sigmaB2: number;
  /** Pre-activation variance the iteration of V starts from (default 1: unit-variance inputs). */
  q0?: number;
}

export type VarianceStatus =
  /** V has a fixed point q* > 0 that the iteration from q0 reaches. */
  | 'finite'
  /** The variance collapses: q → 0 (σ_b = 0, φ(0) = 0, and V(q) < q below q0). */
  | 'zero'
  /** q grows without bound (no fixed point above q0, e.g. ReLU with σ_w² > 2). */
  | 'diverges';

export interface MeanFieldCard {
  sigmaW2: number;
  sigmaB2: number;
  q0: number;
  varianceStatus: VarianceStatus;
  /** The fixed point of V reached from q0: 0 when the variance collapses, null when it diverges. */
  qStar: number | null;
  /** V′(q*), the slope of the variance map (the right-hand slope at q* = 0). */
  chiQ: number | null;
  /** ξ_q = −1/ln χ_q (Infinity when χ_q = 1). */
  xiQ: number | null;
  /** χ₁ = σ_w² E[φ′(√q* z)²] (at q* = 0: its limit q → 0⁺). */
  chi1: number | null;
  phase: 'ordered' | 'chaotic' | 'edge of chaos' | null;
  /** Stable fixed point of the correlation map; null when there is none (see notes). */
  cStar: number | null;
  /** Slope of the correlation map at c* (χ₁ at c* = 1 when q* > 0). */
  chiC: number | null;
  /** ξ_c = −1/ln χ_c (Infinity when χ_c = 1). */
  xiC: number | null;
  notes: string[];
}

/** Two numbers this close are taken as equal to 1 (χ = 1: the quadrature and the finite differences are good to ~1e-10). */
const UNIT_TOLERANCE = 1e-8;
/**
 * Limits q → 0⁺ are extrapolated from q = Q_LIMIT and 4·Q_LIMIT as 2f(q) − f(4q), which removes
 * an error proportional to √q: functions whose φ′ jumps at 0 (ELU: φ′ = eˣ on the left) have one,
 * and it would otherwise leave χ₁ 1e-6 away from its limit. Smooth functions' O(q) error stays O(q).
 */
const Q_LIMIT = 1e-12;

function limitAtZero(f: (q: number) => number): number {
  return 2 * f(Q_LIMIT) - f(4 * Q_LIMIT);
}

/** The fixed-point search gives up above Q_MAX (the variance diverges) and below Q_MIN·q0 (it collapses to 0). */
const Q_MAX = 1e12;
const Q_MIN = 1e-14;

/**
 * φ′ by central differences with a step proportional to the scale of x (|x|, or `scale` near 0),
 * so the error is ~1e-10 relative at any q; one-sided second-order differences within two steps
 * of a declared kink, on the side x is on, so the kink's jump never enters.
 */
export function numericDerivative(fn: MeanFieldFunction): (x: number, scale: number) => number {
  const kinks = fn.kinks ?? [];
  const { phi } = fn;
  return (x, scale) => {
    const h = 1e-5 * Math.max(Math.abs(x), scale);
    const near = kinks.find((k) => Math.abs(x - k) < 2 * h);
    if (near === undefined) return (phi(x + h) - phi(x - h)) / (2 * h);
    const s = x >= near ? 1 : -1;
    return (s * (-3 * phi(x) + 4 * phi(x + s * h) - phi(x + 2 * s * h))) / (2 * h);
  };
}

/** Expectations of φ and φ′ under the Gaussians of the recursions (gaussian-quadrature.ts). */
class Integrator {
  readonly #phi: (x: number) => number;
  readonly #dphi: (x: number, scale: number) => number;
  readonly #kinks: readonly number[];

  constructor(fn: MeanFieldFunction) {
    this.#phi = fn.phi;
    this.#dphi = numericDerivative(fn);
    this.#kinks = fn.kinks ?? [];
  }

  /** E[g(√q z)] for g = φ² or φ′². */
  #expectation(q: number, g: (x: number, s: number) => number): number {
    const s = Math.sqrt(q);
    return applyRule(normalRule(s, this.#kinks), (z) => g(s * z, s));
  }

  /** E[φ(√q z)²]. */
  secondMoment(q: number): number {
    return this.#expectation(q, (x) => {
      const y = this.#phi(x);
      return y * y;
    });
  }

  /** E[φ′(√q z)²]. */
  derivativeSecondMoment(q: number): number {
    return this.#expectation(q, (x, s) => {
      const d = this.#dphi(x, s);
      return d * d;
    });
  }

  /**
   * E[g(u₁)g(u₂)] for g = φ or φ′, u₁ = √q z₁, u₂ = √q(c z₁ + √(1−c²) z₂). In polar coordinates
   * z = r(cos θ, sin θ) this is u₁ = √q r cos θ, u₂ = √q r cos(θ − α) with c = cos α: the kinks
   * of g at 0 are the rays θ = ±π/2 and α ± π/2, where the angular rule is cut, and kinks
   * elsewhere are radii, where the radial rule is cut. c = ±1 is one-dimensional.
   */
  crossMoment(q: number, c: number, derivative: boolean): number {
    const s = Math.sqrt(q);
    const g = derivative ? (x: number) => this.#dphi(x, s) : this.#phi;
    if (c >= 1 || c <= -1) {
      const sign = c >= 1 ? 1 : -1;
      return applyRule(normalRule(s, this.#kinks), (z) => g(s * z) * g(sign * s * z));
    }
    const alpha = Math.acos(c);
    const angles = angularRule([Math.PI / 2, -Math.PI / 2, alpha + Math.PI / 2, alpha - Math.PI / 2], s);
    let sum = 0;
    for (let i = 0; i < angles.points.length; i++) {
      const theta = angles.points[i]!;
      const a1 = Math.cos(theta);
      const a2 = Math.cos(theta - alpha);
      const radial = radialRule(s, [a1, a2], this.#kinks);
      sum += angles.weights[i]! * applyRule(radial, (r) => g(s * r * a1) * g(s * r * a2));
    }
    return sum;
  }
}

/** E[φ(√q z)²] (z ~ N(0, 1)). */
export function phiSecondMoment(fn: MeanFieldFunction, q: number): number {
  return new Integrator(fn).secondMoment(q);
}

/** E[φ′(√q z)²], φ′ by numericDerivative. */
export function derivativeSecondMoment(fn: MeanFieldFunction, q: number): number {
  return new Integrator(fn).derivativeSecondMoment(q);
}

/** E[φ(u₁)φ(u₂)] (or of φ′ with `derivative`), u₁ = √q z₁, u₂ = √q(c z₁ + √(1−c²) z₂). */
export function crossMoment(fn: MeanFieldFunction, q: number, c: number, derivative = false): number {
  return new Integrator(fn).crossMoment(q, c, derivative);
}

/** The variance map V(q) = σ_w² E[φ(√q z)²] + σ_b². */
export function varianceMap(fn: MeanFieldFunction, q: number, options: MeanFieldOptions): number {
  return options.sigmaW2 * new Integrator(fn).secondMoment(q) + options.sigmaB2;
}

/**
 * A root of f in [a, b], where f(a) and f(b) have opposite signs, to `tolerance` relative, by the
 * Illinois variant of regula falsi: bracketing like bisection, but some ten evaluations of f
 * instead of fifty (each is a quadrature, and the edge-of-chaos scan needs thousands).
 */
function findRoot(f: (x: number) => number, a: number, b: number, fa: number, fb: number, tolerance: number): number {
  let side = 0;
  let c = a;
  for (let i = 0; i < 200; i++) {
    c = (a * fb - b * fa) / (fb - fa);
    if (!(c > Math.min(a, b) && c < Math.max(a, b))) c = 0.5 * (a + b);
    if (Math.abs(b - a) <= tolerance * Math.max(Math.abs(a), Math.abs(b), 1e-300)) break;
    const fc = f(c);
    if (fc === 0) return c;
    if (fc > 0 === fb > 0) {
      b = c;
      fb = fc;
      if (side === -1) fa /= 2;
      side = -1;
    } else {
      a = c;
      fa = fc;
      if (side === 1) fb /= 2;
      side = 1;
    }
  }
  return c;
}

interface VarianceFixedPoint {
  status: VarianceStatus;
  qStar: number | null;
}

/**
 * The fixed point of V that iterating V from q0 reaches. For the maps met here (V increasing in
 * q) the iteration moves monotonically towards the nearest fixed point in the direction of
 * V(q0) − q0, so that root is found directly, by bracketing on a geometric grid and regula falsi:
 * near χ_q = 1 plain iteration converges too slowly (like 1/depth) to be run to the end.
 */
function varianceFixedPoint(integrator: Integrator, sigmaW2: number, sigmaB2: number, q0: number, tolerance = 1e-14): VarianceFixedPoint {
  const gap = (q: number): number => sigmaW2 * integrator.secondMoment(q) + sigmaB2 - q;
  const g0 = gap(q0);
  // V(q0) = q0 to rounding: every q may be fixed (ReLU at σ_w² = 2, σ_b = 0), and q stays at q0.
  if (Math.abs(g0) <= 1e-12 * q0) return { status: 'finite', qStar: q0 };
  // Steps of ×4: a bracket could hold three roots (then one of them is found), which needs a
  // wiggle in V that no activation here has.
  if (g0 > 0) {
    let lo = q0;
    let gLo = g0;
    for (let q = 4 * q0; q <= Q_MAX; q *= 4) {
      const g = gap(q);
      if (!Number.isFinite(g)) break;
      if (g <= 0) return { status: 'finite', qStar: g === 0 ? q : findRoot(gap, lo, q, gLo, g, tolerance) };
      lo = q;
      gLo = g;
    }
    return { status: 'diverges', qStar: null };
  }
  let hi = q0;
  let gHi = g0;
  for (let q = q0 / 4; q >= Q_MIN * Math.min(q0, 1); q /= 4) {
    const g = gap(q);
    if (g >= 0) return { status: 'finite', qStar: g === 0 ? q : findRoot(gap, q, hi, g, gHi, tolerance) };
    hi = q;
    gHi = g;
  }
  // V(q) < q all the way down: with σ_b² + σ_w² φ(0)² = V(0) = 0 the variance collapses to 0;
  // otherwise the fixed point lies below the grid, at a q indistinguishable from 0 here.
  return { status: 'zero', qStar: 0 };
}

/**
 * ξ = −1/ln|χ|: perturbations shrink by |χ| a layer near a stable fixed point. Infinity at |χ| = 1
 * (approach slower than exponential); null for |χ| > 1, a fixed point that repels.
 */
function depthScale(chi: number): number | null {
  const rate = Math.abs(chi);
  if (Math.abs(rate - 1) <= UNIT_TOLERANCE) return Infinity;
  return rate > 1 ? null : -1 / Math.log(rate);
}

/** χ₁ alone (cheap: one-dimensional integrals), for the edge-of-chaos search. */
function chi1At(
  integrator: Integrator,
  sigmaW2: number,
  sigmaB2: number,
  q0: number,
  tolerance?: number,
): { status: VarianceStatus; qStar: number | null; chi1: number | null } {
  const { status, qStar } = varianceFixedPoint(integrator, sigmaW2, sigmaB2, q0, tolerance);
  if (qStar === null) return { status, qStar, chi1: null };
  const chi1 = sigmaW2 * (qStar > 0 ? integrator.derivativeSecondMoment(qStar) : limitAtZero((q) => integrator.derivativeSecondMoment(q)));
  return { status, qStar, chi1 };
}

/**
 * The mean-field card: q*, χ_q, ξ_q, χ₁, c*, χ_c, ξ_c of a deep network with activation φ.
 *
 * At q* = 0 (the signal dies out; σ_b = 0) the correlation map's q* denominator is 0, so the map
 * is taken as its limit along the collapsing layers, c ↦ (σ_w² E[φ(u₁)φ(u₂)] + σ_b²)/V(q) as
 * q → 0⁺, and its slope χ_c = σ_w² q E[φ′(u₁)φ′(u₂)]/V(q) (which equals σ_w² E[φ′(u₁)φ′(u₂)]
 * when q = q* > 0): for tanh the map tends to the identity (correlations are neither lost nor
 * gained), for ReLU to the normalised arc-cosine map, whose fixed point c = 1 has slope 1.
 */
export function meanFieldCard(fn: MeanFieldFunction, options: MeanFieldOptions): MeanFieldCard {
  const { sigmaW2, sigmaB2 } = options;
  const q0 = options.q0 ?? 1;
  if (!(sigmaW2 >= 0) || !(sigmaB2 >= 0) || !Number.isFinite(sigmaW2) || !Number.isFinite(sigmaB2)) {
    throw new RangeError(`mean field: σ_w² and σ_b² must be finite and ≥ 0, got ${sigmaW2}, ${sigmaB2}`);
  }
  if (!(q0 > 0) || !Number.isFinite(q0)) throw new RangeError(`mean field: q0 must be finite and > 0, got ${q0}`);
  const integrator = new Integrator(fn);
  const notes: string[] = [];
  const base = { sigmaW2, sigmaB2, q0 };
  const { status, qStar } = varianceFixedPoint(integrator, sigmaW2, sigmaB2, q0);
  if (qStar === null) {
    notes.push(`no finite fixed point: the variance grows without bound from q0 = ${q0}, so χ₁, c* and the depth scales are undefined`);
    return {
      ...base,
      varianceStatus: status,
      qStar,
      chiQ: null,
      xiQ: null,
      chi1: null,
      phase: null,
      cStar: null,
      chiC: null,
      xiC: null,
      notes,
    };
  }
  // Where the variance collapses, quantities at q* are the limits q → 0⁺ (see limitAtZero).
  const atQStar = (f: (q: number) => number): number => (qStar > 0 ? f(qStar) : limitAtZero(f));
  const V = (x: number): number => sigmaW2 * integrator.secondMoment(x) + sigmaB2;
  // Slope of V by differencing V itself (not through φ″), so kinked φ work: V is smooth in q.
  // At q* = 0 (so σ_b = 0 and V(0) = 0) the right-hand slope is lim V(q)/q.
  const chiQ = qStar > 0 ? (V(qStar * (1 + 1e-4)) - V(qStar * (1 - 1e-4))) / (2e-4 * qStar) : limitAtZero((q) => V(q) / q);
  const chi1 = sigmaW2 * atQStar((q) => integrator.derivativeSecondMoment(q));
  const phase = Math.abs(chi1 - 1) <= UNIT_TOLERANCE ? 'edge of chaos' : chi1 < 1 ? 'ordered' : 'chaotic';
  if (qStar === 0) notes.push('q* = 0: the signal dies out with depth; χ₁, c* and χ_c are the limits q → 0⁺');
  if (qStar > 0 && Math.abs(V(q0) - q0) <= 1e-12 * q0 && Math.abs(chiQ - 1) <= UNIT_TOLERANCE) {
    notes.push('V(q) = q for every q: the variance stays where it starts (q* is q0)');
  }

  // The (normalised) correlation map and its slope; C(1) = 1 by construction.
  const C = (c: number): number => atQStar((q) => (sigmaW2 * integrator.crossMoment(q, c, false) + sigmaB2) / V(q));
  const slope = (c: number): number => atQStar((q) => (sigmaW2 * q * integrator.crossMoment(q, c, true)) / V(q));
  const chiAtOne = slope(1);
  let cStar: number | null;
  let chiC: number | null;
  if (qStar === 0 && [-0.5, 0, 0.5].every((c) => Math.abs(C(c) - c) <= 1e-6)) {
    cStar = null;
    chiC = 1;
    notes.push('the correlation map tends to the identity as q → 0: correlations keep their input values, there is no attracting c*');
  } else if (chiAtOne <= 1 + UNIT_TOLERANCE) {
    // c = 1 is stable: inputs become perfectly correlated with depth (ordered phase).
    cStar = 1;
    chiC = chiAtOne;
  } else {
    // c = 1 is unstable: the stable fixed point lies below it, where C(c) − c turns from ≥ 0
    // (C(0) ≥ 0 always: σ_w² E[φ]² + σ_b² ≥ 0) to < 0 (just below 1, since the slope there is > 1).
    const gap = (c: number): number => C(c) - c;
    const hi = 1 - 1e-6;
    const gHi = gap(hi);
    const g0 = gap(0);
    if (g0 === 0 || Math.abs(g0) <= 1e-14) cStar = 0;
    else if (gHi < 0 && g0 > 0) cStar = bisectUnit(gap, 0, hi);
    else cStar = null;
    chiC = cStar === null ? null : slope(cStar);
    if (cStar === null) notes.push('c = 1 is unstable and no stable c* was found in [0, 1)');
  }
  return {
    ...base,
    varianceStatus: status,
    qStar,
    chiQ,
    xiQ: depthScale(chiQ),
    chi1,
    phase,
    cStar,
    chiC,
    xiC: chiC === null ? null : depthScale(chiC),
    notes,
  };
}

/** Bisection on [lo, hi] ⊂ [0, 1) where f(lo) > 0 > f(hi), to 1e-12 absolute. */
function bisectUnit(f: (c: number) => number, lo: number, hi: number): number {
  for (let i = 0; i < 60 && hi - lo > 1e-12; i++) {
    const mid = 0.5 * (lo + hi);
    if (f(mid) > 0) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

export interface EdgeOfChaosPoint {
  sigmaB2: number;
  /** σ_w² with χ₁ = 1 at this σ_b², the smallest such. */
  sigmaW2: number;
  /** q* there (0 where the variance collapses, as for ReLU at σ_b = 0). */
  qStar: number;
}

export interface EdgeOfChaos {
  /** One point per σ_b² of the grid that has one. */
  points: EdgeOfChaosPoint[];
  /** The σ_b² of the grid where none exists, with why. */
  missing: { sigmaB2: number; reason: string }[];
}

/**
 * σ_b² where the edge of chaos is sought: fine near 0, where most initialisations are, and up to
 * 2 because some functions have an edge only at large biases (swish: from σ_b² ≈ 0.55 on, where
 * q* is large enough for E[φ′²] to exceed 1/2).
 */
export const DEFAULT_SIGMA_B2_GRID: readonly number[] = [0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 1.5, 2];

export interface EdgeOfChaosOptions {
  /** Default: DEFAULT_SIGMA_B2_GRID. */
  sigmaB2Grid?: readonly number[];
  /** Largest σ_w² searched (default 64). */
  maxSigmaW2?: number;
  q0?: number;
}

/** q* beyond this at the edge means χ₁ → 1 only as the variance runs off (ReLU at σ_b > 0): no edge there. */
const EDGE_Q_LIMIT = 1e6;

/**
 * The edge-of-chaos curve (Hayou et al. 2019): for each σ_b², the smallest σ_w² at which χ₁ = 1
 * with a finite fixed point q*. Scanned on a geometric σ_w² grid for the first step from χ₁ < 1
 * to χ₁ ≥ 1 or to a diverging variance, then bisected; a step into divergence counts only where
 * χ₁ really reaches 1 with q* bounded (it does for ReLU at σ_b = 0, where q* = 0 up to σ_w² = 2;
 * at σ_b > 0, q* = σ_b²/(1 − σ_w²/2) runs off first, so ReLU's edge is the single point (2, 0)).
 */
export function edgeOfChaos(fn: MeanFieldFunction, options: EdgeOfChaosOptions = {}): EdgeOfChaos {
  const grid = options.sigmaB2Grid ?? DEFAULT_SIGMA_B2_GRID;
  const maxSigmaW2 = options.maxSigmaW2 ?? 64;
  const q0 = options.q0 ?? 1;
  const integrator = new Integrator(fn);
  const points: EdgeOfChaosPoint[] = [];
  const missing: { sigmaB2: number; reason: string }[] = [];
  for (const sigmaB2 of grid) {
    // q* to 1e-10 is plenty to tell χ₁ from 1 at the 1e-8 the bisection below resolves.
    const chi1 = (sigmaW2: number): number | null => chi1At(integrator, sigmaW2, sigmaB2, q0, 1e-10).chi1;
    const below = (sigmaW2: number): boolean => {
      const value = chi1(sigmaW2);
      return value !== null && value < 1;
    };
    let bracket: [number, number] | undefined;
    let previous = 0.05;
    let previousChi = chi1(previous);
    if (previousChi === null || previousChi >= 1) {
      missing.push({ sigmaB2, reason: `χ₁ ≥ 1 or no finite q* already at σ_w² = ${previous}` });
      continue;
    }
    // Steps of 10 % while χ₁ < 0.9, of 3 % closer to 1; bisection does the rest. χ₁ need not be
    // monotonic in σ_w², so a window where it exceeds 1 narrower than a step could be missed.
    for (let s = previous * 1.03; s <= maxSigmaW2 * 1.0001; s *= previousChi < 0.9 ? 1.1 : 1.03) {
      const value = chi1(s);
      if (value === null || value >= 1) {
        bracket = [previous, s];
        break;
      }
      previous = s;
      previousChi = value;
    }
    if (bracket === undefined) {
      missing.push({ sigmaB2, reason: `χ₁ < 1 for every σ_w² up to ${maxSigmaW2}` });
      continue;
    }
    let [lo, hi] = bracket;
    for (let i = 0; i < 100 && hi - lo > 1e-10 * hi; i++) {
      const mid = 0.5 * (lo + hi);
      if (below(mid)) lo = mid;
      else hi = mid;
    }
    const atEdge = chi1At(integrator, lo, sigmaB2, q0);
    if (atEdge.qStar === null || atEdge.chi1 === null || atEdge.qStar > EDGE_Q_LIMIT || Math.abs(atEdge.chi1 - 1) > 1e-6) {
      const why =
        atEdge.qStar !== null && atEdge.qStar > EDGE_Q_LIMIT
          ? 'q* runs off to infinity as χ₁ approaches 1'
          : `χ₁ stays below 1 up to σ_w² ≈ ${lo.toPrecision(6)}, where q* jumps or the variance diverges`;
      missing.push({ sigmaB2, reason: why });
      continue;
    }
    points.push({ sigmaB2, sigmaW2: 0.5 * (lo + hi), qStar: atEdge.qStar });
  }
  return { points, missing };
}
