// The activation card: an activation's mean-field quantities at one initialisation, and its edge
// of chaos, as plain data (mean-field.ts does the mathematics; this picks φ and σ_w²).
import { initializerWeightVariance, type WeightVariance } from './initializer-variance.js';
import { edgeOfChaos, meanFieldCard, type EdgeOfChaos, type MeanFieldCard, type MeanFieldFunction } from './mean-field.js';
import type { Activation } from './types.js';

/** Width assumed for initializers whose σ_w² depends on it (randomNormal, randomUniform). */
export const DEFAULT_CARD_WIDTH = 256;
export const DEFAULT_CARD_INITIALIZER = 'glorotUniform';

export interface CardOptions {
  /** Kernel initializer (tfjs or Keras spelling); default glorotUniform, the MLP builder's default. */
  initializer?: string;
  /** Layer width for width-dependent initializers (default 256). */
  width?: number;
  /** σ_w², overriding the initializer's. */
  weightVariance?: number;
  /** σ_b² (default 0: the models' biases start at zero). */
  biasVariance?: number;
  /** Compute the edge-of-chaos curve too (default true; the slow part). */
  edge?: boolean;
}

export interface ActivationCard {
  activation: string;
  formula: string;
  /** What φ the card uses, where that needs saying (layers at their initial parameters). */
  assumption: string | null;
  /** Set when there is no card (maxout mixes units: no single-unit φ). */
  unavailable: string | null;
  initialisation: { initializer: string | null; width: number | null; sigmaW2: number; sigmaB2: number; derivation: string };
  meanField: MeanFieldCard | null;
  edgeOfChaos: EdgeOfChaos | null;
}

/** φ for the mean-field recursions, or why there is none. */
export function meanFieldFunction(activation: Activation): { fn: MeanFieldFunction; assumption: string | null } | { unavailable: string } {
  if (activation.kind === 'elementwise') return { fn: { phi: activation.reference, kinks: activation.kinks ?? [] }, assumption: null };
  if (activation.atInit) {
    // prelu's slope starts at 0 (relu), swish-beta's β at 1 (swish): at initialisation, which is
    // what the recursions describe, the layer is that elementwise function. The kink at 0 is
    // declared for safety; it costs nothing where φ is smooth.
    return {
      fn: { phi: activation.atInit.reference, kinks: [0] },
      assumption: `a layer with trainable parameters: the card is for the function at its initial parameters (${activation.formula})`,
    };
  }
  return { unavailable: `${activation.name} is a layer that mixes units (${activation.formula}): the single-unit recursions do not apply` };
}

function initialisation(options: CardOptions): ActivationCard['initialisation'] {
  const sigmaB2 = options.biasVariance ?? 0;
  const biasNote = options.biasVariance === undefined ? 'σ_b² = 0 (zeros bias initializer)' : `σ_b² = ${sigmaB2} (given)`;
  if (options.weightVariance !== undefined && options.initializer === undefined) {
    return {
      initializer: null,
      width: null,
      sigmaW2: options.weightVariance,
      sigmaB2,
      derivation: `σ_w² = ${options.weightVariance} (given); ${biasNote}`,
    };
  }
  const width = options.width ?? DEFAULT_CARD_WIDTH;
  const init: WeightVariance = initializerWeightVariance(options.initializer ?? DEFAULT_CARD_INITIALIZER, width);
  const sigmaW2 = options.weightVariance ?? init.sigmaW2;
  const weightNote =
    options.weightVariance !== undefined
      ? `σ_w² = ${sigmaW2} (given, overriding ${init.initializer})`
      : `${init.initializer}: ${init.derivation}`;
  return {
    initializer: init.initializer,
    width: init.widthDependent ? width : null,
    sigmaW2,
    sigmaB2,
    derivation: `${weightNote}; ${biasNote}`,
  };
}

export function activationCard(activation: Activation, options: CardOptions = {}): ActivationCard {
  const init = initialisation(options);
  const picked = meanFieldFunction(activation);
  const base = { activation: activation.name, formula: activation.formula, initialisation: init };
  if ('unavailable' in picked) return { ...base, assumption: null, unavailable: picked.unavailable, meanField: null, edgeOfChaos: null };
  const meanField = meanFieldCard(picked.fn, { sigmaW2: init.sigmaW2, sigmaB2: init.sigmaB2 });
  const edge = options.edge === false ? null : edgeOfChaos(picked.fn);
  return { ...base, assumption: picked.assumption, unavailable: null, meanField, edgeOfChaos: edge };
}
