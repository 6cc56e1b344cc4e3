// σ_w² of the mean-field recursions (weights N(0, σ_w²/N)) for the kernel initializers the study
// uses, as tfjs-layers actually draws them with the arguments src/models/mlp-initializers.ts
// passes (none but the seed), for a square Dense layer of width N (fan-in = fan-out = N).
//
// Two tfjs-layers defaults differ from what "He → 2, Glorot → 1" suggests:
// - VarianceScaling with distribution 'normal' (heNormal, glorotNormal, leCunNormal,
//   varianceScaling) draws a truncated normal with stddev √(scale/fan) and does NOT correct for
//   the truncation (Keras ≥ 2.3 divides by 0.8796; tfjs does not). tfjs-core's truncatedNormal
//   redraws values beyond 2 stddev, so the variance is scale/fan × 0.7737: heNormal gives
//   σ_w² ≈ 1.547, not 2.
// - randomNormal/randomUniform/truncatedNormal have a fixed scale (stddev 0.05, ±0.05), so
//   σ_w² = N·Var(w) grows with the width.
import { erf } from './reference-math.js';

/** Variance of a standard normal truncated to [−2, 2]: 1 − 4φ(2)/(Φ(2) − Φ(−2)). */
export const TRUNCATED_NORMAL_VARIANCE = 1 - (4 * Math.exp(-2)) / Math.sqrt(2 * Math.PI) / erf(Math.SQRT2);

export interface WeightVariance {
  /** The tfjs-layers spelling ('heNormal'). */
  initializer: string;
  sigmaW2: number;
  /** Whether σ_w² depends on the width (fixed-scale initializers). */
  widthDependent: boolean;
  /** How σ_w² follows from tfjs-layers' defaults, for the card. */
  derivation: string;
}

interface Rule {
  name: string;
  variance: (width: number) => number;
  widthDependent: boolean;
  derivation: string;
}

const T = TRUNCATED_NORMAL_VARIANCE;
const t = T.toFixed(4);

// Keyed like mlp-initializers.ts: lower case without separators, Keras spellings included.
const RULES: Record<string, Rule> = {};
function rule(keys: string[], r: Rule): void {
  for (const key of keys) RULES[key] = r;
}
rule(['randomnormal', 'normal'], {
  name: 'randomNormal',
  variance: (n) => n * 0.05 ** 2,
  widthDependent: true,
  derivation: 'N(0, 0.05²): σ_w² = N·0.0025',
});
rule(['randomuniform', 'uniform'], {
  name: 'randomUniform',
  variance: (n) => (n * 0.05 ** 2) / 3,
  widthDependent: true,
  derivation: 'U(−0.05, 0.05): σ_w² = N·0.05²/3',
});
rule(['truncatednormal'], {
  name: 'truncatedNormal',
  variance: (n) => n * 0.05 ** 2 * T,
  widthDependent: true,
  derivation: `N(0, 0.05²) truncated at ±2 stddev: σ_w² = N·0.0025·${t}`,
});
rule(['variancescaling'], {
  name: 'varianceScaling',
  variance: () => T,
  widthDependent: false,
  derivation: `scale 1, fan-in, truncated normal (stddev not corrected): σ_w² = ${t}`,
});
rule(['orthogonal'], {
  name: 'orthogonal',
  variance: () => 1,
  widthDependent: false,
  derivation: 'gain 1, square: each row has unit norm, σ_w² = 1 (the mean-field recursions only see the row norms)',
});
rule(['lecununiform'], {
  name: 'leCunUniform',
  variance: () => 1,
  widthDependent: false,
  derivation: 'scale 1, fan-in, uniform: σ_w² = 1',
});
rule(['lecunnormal'], {
  name: 'leCunNormal',
  variance: () => T,
  widthDependent: false,
  derivation: `scale 1, fan-in, truncated normal (stddev not corrected): σ_w² = ${t}`,
});
rule(['glorotnormal', 'xaviernormal'], {
  name: 'glorotNormal',
  variance: () => T,
  widthDependent: false,
  derivation: `scale 1, fan-average, truncated normal (stddev not corrected): σ_w² = ${t}`,
});
rule(['glorotuniform', 'xavieruniform'], {
  name: 'glorotUniform',
  variance: () => 1,
  widthDependent: false,
  derivation: 'scale 1, fan-average, uniform: σ_w² = 1',
});
rule(['henormal'], {
  name: 'heNormal',
  variance: () => 2 * T,
  widthDependent: false,
  derivation: `scale 2, fan-in, truncated normal (stddev not corrected): σ_w² = 2·${t} = ${(2 * T).toFixed(4)}`,
});
rule(['heuniform'], { name: 'heUniform', variance: () => 2, widthDependent: false, derivation: 'scale 2, fan-in, uniform: σ_w² = 2' });

export const KNOWN_INITIALIZERS = [...new Set(Object.values(RULES).map((r) => r.name))];

/** σ_w² for a kernel initializer on a square layer of `width` units; throws on unknown names. */
export function initializerWeightVariance(name: string, width: number): WeightVariance {
  const r = RULES[name.toLowerCase().replace(/[-_\s]/g, '')];
  if (!r) throw new RangeError(`unknown kernel initializer '${name}'; use one of ${KNOWN_INITIALIZERS.join(', ')}`);
  if (!Number.isInteger(width) || width <= 0) throw new RangeError(`width must be a positive integer, got ${width}`);
  return {
    initializer: r.name,
    sigmaW2: r.variance(width),
    widthDependent: r.widthDependent,
    derivation: r.widthDependent ? `${r.derivation}, N = ${width}` : r.derivation,
  };
}
