// The sentence classifier of E18 (docs/study.md §3): an MLP over fixed sentence vectors,
// L × [Dense → activation → Dropout] → Dense → softmax, with any registry activation. Also home to
// the pieces the other model builders share, chiefly the "Dense + activation" block that maxout
// replaces as a whole (initializers by name: mlp-initializers.ts).
import * as tfl from '@tensorflow/tfjs-layers';
import { activationLayer, replacesDense } from '../activation/layers/index.js';
import { loadedActivations } from '../activation/registry.js';
import { KernelInitializers } from './mlp-initializers.js';

export { KernelInitializers, STUDY_KERNEL_INITIALIZERS, canonicalKernelInitializer } from './mlp-initializers.js';

/** layer.apply on one symbolic tensor, typed as such: every layer used here has one input and one output. */
export function applyLayer(layer: tfl.layers.Layer, input: tfl.SymbolicTensor): tfl.SymbolicTensor {
  const output = layer.apply(input);
  if (!(output instanceof tfl.SymbolicTensor)) throw new Error(`layer '${layer.name}' did not return one symbolic tensor`);
  return output;
}

/** The registry's canonical name for an activation (aliases resolve); throws with suggestions on unknown names. */
export function canonicalActivation(name: string): string {
  return loadedActivations().get(name).name;
}

export interface DenseActivationOptions {
  units: number;
  activation: string;
  initializers: KernelInitializers;
  /** Prefix of the layer names: `${prefix}_dense`, `${prefix}_act`. */
  prefix: string;
}

/**
 * Dense(units) → activation, or for maxout-k its own layer in place of both: a maxout unit is the
 * max of k affine maps, so a Dense before it would only add a redundant linear map.
 */
export function denseWithActivation(input: tfl.SymbolicTensor, options: DenseActivationOptions): tfl.SymbolicTensor {
  const { units, activation, initializers, prefix } = options;
  if (replacesDense(activation)) {
    return applyLayer(activationLayer(activation, { units, kernelInitializer: initializers.next(), name: `${prefix}_maxout` }), input);
  }
  const dense = tfl.layers.dense({ units, kernelInitializer: initializers.next(), biasInitializer: 'zeros', name: `${prefix}_dense` });
  return applyLayer(activationLayer(activation, { name: `${prefix}_act` }), applyLayer(dense, input));
}

/**
 * Runs a model-building function with tfjs's "Orthogonal initializer … Slowness may result" warning
 * muted. Only tfjs's own Orthogonal warns (and it is broken here, see src/activation/layers/orthogonal-initializer.ts); the
 * builders use ActbenchOrthogonal, so this is for callers that still hand tfjs's class over.
 */
export function withoutOrthogonalWarning<T>(build: () => T): T {
  const original = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('Orthogonal initializer is being called on a matrix')) return;
    original(...args);
  };
  try {
    return build();
  } finally {
    console.warn = original;
  }
}

export function checkPositiveInteger(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${what} must be a positive integer, got ${value}`);
}

export function checkDropout(rate: number, what: string): void {
  if (!(rate >= 0 && rate < 1)) throw new RangeError(`${what} must be in [0, 1), got ${rate}`);
}

export interface MlpOptions {
  /** Width of the fixed sentence vectors. */
  inputDim: number;
  numClasses: number;
  /** Hidden layers (E18: 1–4); 0 gives softmax regression. */
  layers: number;
  /** Units per hidden layer (E18: 30–500). */
  units: number;
  /** Dropout rate after each hidden layer (E18: 0.1–0.75). */
  dropout: number;
  /** A registry activation name or alias. */
  activation: string;
  /** tfjs or Keras spelling of a kernel initializer (mlp-initializers.ts); default 'glorotUniform' (Keras's). */
  kernelInitializer?: string;
  /** Makes the initial weights reproducible. Dropout masks and fit()'s shuffling stay unseeded (tfjs draws them globally). */
  seed?: number;
}

/**
 * The E18 sentence MLP: input [batch, inputDim] → layers × [Dense(units) → activation →
 * Dropout(dropout)] → Dense(numClasses, softmax). Uncompiled; the caller picks optimizer and loss.
 * Needs the activation registry loaded (await loadActivations()).
 */
export function buildMlp(options: MlpOptions): tfl.LayersModel {
  checkPositiveInteger(options.inputDim, 'buildMlp: inputDim');
  checkPositiveInteger(options.numClasses, 'buildMlp: numClasses');
  if (!Number.isInteger(options.layers) || options.layers < 0)
    throw new RangeError(`buildMlp: layers must be a non-negative integer, got ${options.layers}`);
  checkPositiveInteger(options.units, 'buildMlp: units');
  checkDropout(options.dropout, 'buildMlp: dropout');
  const activation = canonicalActivation(options.activation);
  const initializers = new KernelInitializers(options.kernelInitializer ?? 'glorotUniform', options.seed);

  const input = tfl.input({ shape: [options.inputDim], name: 'sentence_vector' });
  let x = input;
  for (let layer = 1; layer <= options.layers; layer++) {
    x = denseWithActivation(x, { units: options.units, activation, initializers, prefix: `hidden${layer}` });
    if (options.dropout > 0) x = applyLayer(tfl.layers.dropout({ rate: options.dropout, name: `hidden${layer}_dropout` }), x);
  }
  const output = applyLayer(
    tfl.layers.dense({ units: options.numClasses, activation: 'softmax', kernelInitializer: initializers.next(), name: 'output' }),
    x,
  );
  return tfl.model({ inputs: input, outputs: output, name: 'mlp' });
}
