// Shared plumbing for the layer-shaped activations: initializer (de)serialisation and input-shape
// checks. tfjs-layers keeps its own helpers for these private, so the layers here carry their own.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { ActbenchOrthogonal } from './orthogonal-initializer.js';

export type Initializer = ReturnType<typeof tfl.initializers.zeros>;

/** What a caller may pass for an initializer: a tfjs-layers name ('glorotUniform', 'zeros'), an instance, or its saved form. */
export type InitializerIdentifier = string | tf.serialization.Serializable | tf.serialization.ConfigDict;

/** Constructor arguments every tfjs-layers layer accepts (name, trainable, inputShape, ...). */
export type BaseLayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;

// tfjs-layers' own string identifiers; anything else is taken as a registered class name.
const INITIALIZER_BY_NAME: Record<string, () => Initializer> = {
  zeros: () => tfl.initializers.zeros(),
  ones: () => tfl.initializers.ones(),
  glorotUniform: () => tfl.initializers.glorotUniform({}),
  glorotNormal: () => tfl.initializers.glorotNormal({}),
  heUniform: () => tfl.initializers.heUniform({}),
  heNormal: () => tfl.initializers.heNormal({}),
  leCunUniform: () => tfl.initializers.leCunUniform({}),
  leCunNormal: () => tfl.initializers.leCunNormal({}),
  // tfjs's own orthogonal initializer throws in its Node bundle; ours computes the same matrix.
  orthogonal: () => new ActbenchOrthogonal({}),
  randomUniform: () => tfl.initializers.randomUniform({}),
  randomNormal: () => tfl.initializers.randomNormal({}),
  truncatedNormal: () => tfl.initializers.truncatedNormal({}),
  varianceScaling: () => tfl.initializers.varianceScaling({}),
};

function isInitializer(value: unknown): value is Initializer {
  return value instanceof tf.serialization.Serializable && typeof (value as { apply?: unknown }).apply === 'function';
}

/** Turns any InitializerIdentifier into an instance; `where` names the layer and argument for errors. */
export function resolveInitializer(identifier: InitializerIdentifier, where: string): Initializer {
  if (isInitializer(identifier)) return identifier;
  if (typeof identifier === 'string') {
    // Keras spellings ('glorot_uniform', 'lecun_normal') too, since E18's configurations use them.
    const camel = identifier.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase()).replace(/^lecun/, 'leCun');
    const make = INITIALIZER_BY_NAME[camel];
    if (make) return make();
    return resolveInitializer({ className: identifier, config: {} }, where);
  }
  if (identifier instanceof tf.serialization.Serializable)
    throw new Error(`${where}: '${identifier.getClassName()}' is not an initializer`);
  const className = identifier['className'];
  const config = identifier['config'];
  if (typeof className !== 'string' || config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new Error(`${where}: expected an initializer name, instance or {className, config}, got ${JSON.stringify(identifier)}`);
  }
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[className];
  if (!entry) {
    throw new Error(`${where}: unknown initializer '${className}'; use one of ${Object.keys(INITIALIZER_BY_NAME).join(', ')}`);
  }
  const [cls, fromConfig] = entry;
  const made = fromConfig(cls, config);
  if (!isInitializer(made)) throw new Error(`${where}: '${className}' is not an initializer`);
  return made;
}

/** The {className, config} form tfjs-layers writes for initializers, so saved configs look like Dense's. */
export function serializeInitializer(initializer: Initializer): tf.serialization.ConfigDict {
  return { className: initializer.getClassName(), config: initializer.getConfig() };
}

/** The single input shape of a one-input layer; tfjs-layers may hand a list of one. */
export function singleInputShape(inputShape: tfl.Shape | tfl.Shape[], layerName: string): tfl.Shape {
  const nested = Array.isArray(inputShape[0]);
  if (!nested) return inputShape as tfl.Shape;
  const shapes = inputShape as tfl.Shape[];
  if (shapes.length !== 1 || !shapes[0]) throw new Error(`layer '${layerName}' expects exactly one input, got ${shapes.length}`);
  return shapes[0];
}

/** The size of the last axis, which every layer here works along; it must be known when the layer is built. */
export function lastAxisSize(shape: tfl.Shape, layerName: string, minRank: number): number {
  if (shape.length < minRank) throw new Error(`layer '${layerName}' expects input of rank >= ${minRank}, got shape [${shape.join(', ')}]`);
  const size = shape[shape.length - 1];
  if (size === null || size === undefined)
    throw new Error(`layer '${layerName}': the last axis of the input must have a known size, got shape [${shape.join(', ')}]`);
  return size;
}

/** The one tensor a one-input layer's call() receives. */
export function singleInput(inputs: tf.Tensor | tf.Tensor[], layerName: string): tf.Tensor {
  if (!Array.isArray(inputs)) return inputs;
  if (inputs.length !== 1 || !inputs[0]) throw new Error(`layer '${layerName}' expects exactly one input tensor, got ${inputs.length}`);
  return inputs[0];
}
