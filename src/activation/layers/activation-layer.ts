// A layer applying any elementwise registry activation by name, so models built with our activations
// save and reload by name; and activationLayer(), the one call a model builder needs for ANY
// registry activation, elementwise or layer-shaped.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  type ActivationRegistry,
  type Variant,
  VARIANTS,
  availableVariants,
  chooseVariant,
  implementation,
  loadedActivations,
} from '../registry.js';
import type { Activation, ActivationLayerArgs, ElementwiseActivation } from '../types.js';
import { type BaseLayerArgs, singleInput, singleInputShape } from './common.js';

export interface ActivationLayerConfig extends BaseLayerArgs {
  /** A registry name or alias, or an activation object (which need not be in the registry). */
  activation: string | ElementwiseActivation;
  /**
   * Forces one implementation; by default the registry's choice for the backend at call time.
   * 'fused' falls back to composite on backends without fused kernels: both compute the same
   * function, and a saved model must reload on any backend.
   */
  variant?: Variant;
}

// Activations handed over as objects rather than registry names, remembered by name so that a
// model built with one (a test's, a user's experiment) also reloads in the same process.
const unregistered = new Map<string, ElementwiseActivation>();

function registryOrExplain(context: string): ActivationRegistry {
  try {
    return loadedActivations();
  } catch {
    throw new Error(
      `${context}: the activation registry is not loaded; await loadActivations() before building or loading a model with activation layers`,
    );
  }
}

function tryLoaded(): ActivationRegistry | undefined {
  try {
    return loadedActivations();
  } catch {
    return undefined;
  }
}

function resolveElementwise(activation: string | ElementwiseActivation, context: string): ElementwiseActivation {
  if (typeof activation !== 'string') {
    const registered = tryLoaded()?.all.find((a) => a.name === activation.name);
    if (registered === activation) return activation;
    if (registered)
      throw new Error(`${context}: an activation object named '${activation.name}' differs from the registry's activation of that name`);
    unregistered.set(activation.name, activation);
    return activation;
  }
  const remembered = unregistered.get(activation);
  if (remembered) return remembered;
  const found = registryOrExplain(context).get(activation);
  if (found.kind !== 'elementwise') {
    throw new Error(
      `${context}: '${found.name}' is a layer activation, not elementwise; use activationLayer('${found.name}') to get its own layer`,
    );
  }
  return found;
}

export class ActivationLayer extends tfl.layers.Layer {
  static className = 'ActbenchActivation';
  readonly activation: ElementwiseActivation;
  readonly variant: Variant | undefined;

  constructor(args: ActivationLayerConfig) {
    super(args);
    const requested = typeof args.activation === 'string' ? args.activation : args.activation.name;
    const context = `ActbenchActivation layer '${this.name}' (activation '${requested}')`;
    if (args.variant !== undefined && !(VARIANTS as readonly string[]).includes(args.variant)) {
      throw new Error(`${context}: variant must be one of ${VARIANTS.join(', ')}, got '${String(args.variant)}'`);
    }
    this.activation = resolveElementwise(args.activation, context);
    this.variant = args.variant;
    this.supportsMasking = true;
  }

  /** The implementation call() uses on the given backend. */
  variantOn(backendName: string): Variant {
    // A saved variant this backend cannot run (a fused one on tfjs-node) falls back to composite,
    // so a model saved on one backend still loads on another.
    if (this.variant !== undefined)
      return availableVariants(this.activation, backendName).includes(this.variant) ? this.variant : 'composite';
    return chooseVariant(this.activation, backendName);
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return singleInputShape(inputShape, this.name);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => implementation(this.activation, this.variantOn(tf.getBackend()))(singleInput(inputs, this.name)));
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = { ...super.getConfig(), activation: this.activation.name };
    if (this.variant !== undefined) config['variant'] = this.variant;
    return config;
  }
}
tf.serialization.registerClass(ActivationLayer);

export interface ActivationLayerOptions {
  /** Output width; required by activations that replace Dense (maxout). */
  units?: number;
  name?: string;
  /** Elementwise activations only; see ActivationLayerConfig.variant. */
  variant?: Variant;
  /** Kernel initializer for layers that own a kernel (maxout); ignored by the others. */
  kernelInitializer?: ActivationLayerArgs['kernelInitializer'];
  /** Defaults to the loaded registry (await loadActivations() first). */
  registry?: ActivationRegistry;
}

function lookup(nameOrAlias: string, registry: ActivationRegistry | undefined): Activation {
  return (registry ?? registryOrExplain(`activation '${nameOrAlias}'`)).get(nameOrAlias);
}

/**
 * The layer for any registry activation. For elementwise ones and for prelu / swish-beta it goes
 * after a Dense (or conv, or RNN) layer; when replacesDense(name) is true (maxout) it IS the dense
 * layer: build `activationLayer(name, {units})` in place of Dense(units)+activation, never after one.
 */
export function activationLayer(nameOrAlias: string, options: ActivationLayerOptions = {}): tfl.layers.Layer {
  const activation = lookup(nameOrAlias, options.registry);
  if (activation.kind === 'elementwise') {
    return new ActivationLayer({
      activation,
      ...(options.variant ? { variant: options.variant } : {}),
      ...(options.name ? { name: options.name } : {}),
    });
  }
  if (activation.replacesDense && options.units === undefined) {
    throw new Error(`activation '${activation.name}' replaces the Dense layer, so activationLayer() needs options.units (the Dense width)`);
  }
  return activation.createLayer({
    ...(options.units !== undefined ? { units: options.units } : {}),
    ...(options.name ? { name: options.name } : {}),
    ...(options.kernelInitializer !== undefined ? { kernelInitializer: options.kernelInitializer } : {}),
  });
}

/** True when the activation's layer takes the place of Dense+activation (maxout), false for all others. */
export function replacesDense(nameOrAlias: string, registry?: ActivationRegistry): boolean {
  const activation = lookup(nameOrAlias, registry);
  return activation.kind === 'layer' && activation.replacesDense;
}
