// What the taggers' recurrent cells share: an activation slot that applies any elementwise registry
// activation inside a cell (where tfjs-layers' own cells accept only their fixed activation
// strings), and initializer resolution that also knows 'identity', which E18 sampled for the
// recurrent kernel.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { ActivationLayer } from '../activation/layers/activation-layer.js';
import { type Initializer, type InitializerIdentifier, resolveInitializer, serializeInitializer } from '../activation/layers/common.js';
import { type Variant, implementation, loadedActivations } from '../activation/registry.js';
import type { ElementwiseActivation } from '../activation/types.js';
import type { SimdKernelRef } from '../backend/kernels/wasm-modules.js';
import { fusableCall, fusedRecurrence, type FusedWeights, type SequenceOp } from '../backend/kernels/fused-recurrence.js';
import { recurrentSupports } from '../backend/kernels/recurrent-ops.js';
import { ActbenchOrthogonal } from '../activation/layers/orthogonal-initializer.js';

export type { Initializer, InitializerIdentifier };

/**
 * The error for maxout, prelu and swish-beta: each is a layer with its own weights (or one that
 * replaces Dense), so no cell can apply it to a pre-activation as a plain function. E18's taggers
 * used 17 elementwise functions for the same reason.
 */
export class LayerActivationInCellError extends Error {
  override name = 'LayerActivationInCellError';
}

/** Throws LayerActivationInCellError when a registry name denotes a layer-shaped activation. */
export function assertElementwise(activation: string | ElementwiseActivation, context: string): void {
  if (typeof activation !== 'string') return;
  let registry: ReturnType<typeof loadedActivations>;
  try {
    registry = loadedActivations();
  } catch {
    // ActivationLayer explains the missing registry with the layer's context.
    return;
  }
  if (!registry.has(activation)) return;
  const found = registry.get(activation);
  if (found.kind === 'layer') {
    throw new LayerActivationInCellError(
      `${context}: '${found.name}' is a layer-shaped activation (own weights or a Dense replacement), which a recurrent cell cannot apply elementwise; the taggers take elementwise activations only (E18 used 17 functions there, without maxout and prelu)`,
    );
  }
}

/**
 * One activation slot of a cell. It delegates to ActivationLayer for name resolution (aliases,
 * unregistered activation objects, variant fallback) without becoming a sub-layer: it has no
 * weights, and the cell serialises it as a name.
 */
export class CellActivation {
  readonly #layer: ActivationLayer;
  readonly #forced: Variant | undefined;

  constructor(activation: string | ElementwiseActivation, variant: Variant | undefined, context: string) {
    assertElementwise(activation, context);
    this.#layer = new ActivationLayer({ activation, ...(variant !== undefined ? { variant } : {}) });
    this.#forced = variant;
  }

  /**
   * The SIMD formula the fused recurrent kernels apply in this activation's place, or undefined
   * where they cannot: no formula they know, or another implementation forced.
   */
  get recurrentKernel(): SimdKernelRef | undefined {
    const ref = this.#layer.activation.simd;
    return (this.#forced === undefined || this.#forced === 'simd') && recurrentSupports(ref) ? ref : undefined;
  }

  get name(): string {
    return this.#layer.activation.name;
  }

  get activation(): ElementwiseActivation {
    return this.#layer.activation;
  }

  /** Picked per call, like ActivationLayer, so a model built on one backend runs right on another. */
  apply(x: tf.Tensor): tf.Tensor {
    return implementation(this.#layer.activation, this.#layer.variantOn(tf.getBackend()))(x);
  }
}

/**
 * resolveInitializer, with 'identity' (tfjs-layers registers it only under its class name) and
 * orthogonal mapped to ActbenchOrthogonal, because tfjs-layers' own Orthogonal throws in the
 * tfjs-core Node bundle (see src/activation/layers/orthogonal-initializer.ts).
 */
export function cellInitializer(identifier: InitializerIdentifier, where: string): Initializer {
  if (typeof identifier === 'string') {
    const key = identifier.toLowerCase().replace(/[-_\s]/g, '');
    if (key === 'identity') return tfl.initializers.identity({ gain: 1 }) as Initializer;
    if (key === 'orthogonal') return new ActbenchOrthogonal({});
  } else if (!(identifier instanceof tf.serialization.Serializable) && identifier['className'] === 'Orthogonal') {
    const config = (identifier['config'] ?? {}) as { seed?: number; gain?: number };
    return new ActbenchOrthogonal({
      ...(config.seed != null ? { seed: config.seed } : {}),
      ...(config.gain != null ? { gain: config.gain } : {}),
    });
  }
  return resolveInitializer(identifier, where);
}

export { serializeInitializer };

/** The [input, ...states] list tfjs-layers' RNN hands each cell step. */
export function stepInputs(inputs: tf.Tensor | tf.Tensor[], expected: number, cellName: string): tf.Tensor[] {
  if (!Array.isArray(inputs) || inputs.length !== expected) {
    throw new Error(`cell '${cellName}' expects ${expected} tensors (input and states), got ${Array.isArray(inputs) ? inputs.length : 1}`);
  }
  return inputs;
}

export function inputDimOf(inputShape: tfl.Shape | tfl.Shape[], cellName: string): number {
  const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
  const dim = shape[shape.length - 1];
  if (typeof dim !== 'number')
    throw new Error(`cell '${cellName}': the input's last axis must have a known size, got [${shape.join(', ')}]`);
  return dim;
}

/** How a cell runs as one fused sequence op: its weights and the op. */
export interface CellFusion {
  weights: FusedWeights;
  sequence: SequenceOp;
}

/**
 * An RNN layer's call, fused where the call and the cell allow it (`fusion` null: the cell cannot),
 * else tfjs-layers' step-by-step loop (`stepwise`, the layer's super.call).
 */
export function callRecurrent(
  layer: tfl.RNN,
  fusion: CellFusion | null,
  inputs: tf.Tensor | tf.Tensor[],
  kwargs: Record<string, unknown>,
  stepwise: () => tf.Tensor | tf.Tensor[],
): tf.Tensor | tf.Tensor[] {
  if (!fusion || !fusableCall(layer, kwargs)) return stepwise();
  return fusedRecurrence(layer, inputs, kwargs, fusion.weights, fusion.sequence);
}
