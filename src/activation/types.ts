// The shape of an activation plugin: plain data describing the function, plus its implementations.
import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { SimdKernelRef } from '../backend/kernels/wasm-modules.js';

export interface ActivationProperties {
  boundedAbove: boolean;
  boundedBelow: boolean;
  monotonic: boolean;
  /** Continuously differentiable everywhere. */
  smooth: boolean;
  zeroAtZero: boolean;
  /** Tends to a finite value on at least one side (vanishing gradient there). */
  saturating: boolean;
}

export type ActivationFamily =
  | 'sigmoidal'
  | 'rectifier'
  | 'exponential'
  | 'self-gated'
  | 'periodic'
  | 'polynomial'
  | 'linear'
  | 'maxout'
  | 'hard'
  // Found by Ramachandran et al.'s automated search (2017).
  | 'searched';

export interface ActivationInfo {
  /** Lowercase, hyphenated, unique across names and aliases. */
  name: string;
  aliases: string[];
  /** Plain-text formula, e.g. 'tanh(x) if x > 0 else 0.25·tanh(x)'. */
  formula: string;
  family: ActivationFamily;
  properties: ActivationProperties;
  /** The paper (or library) the function comes from. */
  source: string;
  /** True for the 21 functions of Eger et al. 2018. */
  inStudy: boolean;
}

/**
 * A fused implementation in scalar form: the kernel factory stamps one forward and one backward
 * loop around these, so each function costs one pass over memory in each direction.
 * They need to be right for finite x only (the kernel supplies the limits at ±∞ from the
 * reference) and must propagate NaN. Write them without data-dependent branches on the sign of x
 * (random signs mispredict): `x * +(x > 0)` rather than `x > 0 ? x : 0`.
 */
export interface FusedScalar {
  forward: (x: number) => number;
  /** f'(x); y = f(x) as computed by forward, so the derivative can reuse it. */
  derivative: (x: number, y: number) => number;
}

export interface ElementwiseActivation extends ActivationInfo {
  kind: 'elementwise';
  /** float64 reference, used by tests and by `eval --reference`; gives the limits at ±∞ (NaN where none). */
  reference: (x: number) => number;
  /** Points where f is not differentiable; gradient checks stay clear of them. */
  kinks?: number[];
  /** Composition of tf ops with built-in gradients: works on every backend. */
  composite: (x: tf.Tensor) => tf.Tensor;
  fused?: FusedScalar;
  /** The same fused computation as a WASM SIMD kernel, four lanes at a time (src/backend/kernels/simd/activations.c). */
  simd?: SimdKernelRef;
}

/** Hyperparameters a layer-shaped activation needs from the model builder. */
export interface ActivationLayerArgs {
  /** Output width of the Dense layer the activation follows or (maxout) replaces. */
  units?: number;
  name?: string;
  /**
   * Initializer of a kernel the layer owns (maxout's, which takes Dense's place), so a study's
   * initializer choice reaches it: a tfjs-layers name ('glorotUniform') or an initializer instance.
   */
  kernelInitializer?: string | tf.serialization.Serializable;
}

export interface LayerActivation extends ActivationInfo {
  kind: 'layer';
  /** True when the layer replaces Dense+activation (maxout) instead of following a Dense layer. */
  replacesDense: boolean;
  /** A tfjs-layers layer, registered for serialization so models save and load with it. */
  createLayer: (args: ActivationLayerArgs) => tfl.layers.Layer;
  /**
   * The function at its initial parameters, when that is elementwise (prelu at a = 0, swish-beta at β = 1);
   * absent for maxout, which mixes units.
   */
  atInit?: { reference: (x: number) => number; composite: (x: tf.Tensor) => tf.Tensor };
}

export type Activation = ElementwiseActivation | LayerActivation;
