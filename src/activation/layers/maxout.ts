// Maxout (Goodfellow et al. 2013), E18's maxout-k: a Dense layer with k affine pieces per unit whose
// outputs are max-pooled, so it replaces Dense+activation rather than following a Dense layer.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { ActivationLayerArgs } from '../types.js';
import {
  type BaseLayerArgs,
  type InitializerIdentifier,
  type Initializer,
  lastAxisSize,
  resolveInitializer,
  serializeInitializer,
  singleInput,
  singleInputShape,
} from './common.js';

export interface MaxoutArgs extends BaseLayerArgs {
  /** Output width (number of maxout units). */
  units: number;
  /** Affine pieces per unit (E18: 2, 3 or 4). */
  k: number;
  /** Same meaning as Dense's; default 'glorotUniform', computed over the whole [inputDim, units·k] kernel. */
  kernelInitializer?: InitializerIdentifier;
  /** Default 'zeros'. */
  biasInitializer?: InitializerIdentifier;
}

export class Maxout extends tfl.layers.Layer {
  static className = 'ActbenchMaxout';
  readonly units: number;
  readonly k: number;
  private readonly kernelInitializer: Initializer;
  private readonly biasInitializer: Initializer;
  // Columns are unit-major (column j·k + p is piece p of unit j), so one matMul computes every piece
  // and a reshape to [..., units, k] groups each unit's pieces for the max.
  private kernel?: tfl.LayerVariable;
  private bias?: tfl.LayerVariable;

  constructor(args: MaxoutArgs) {
    super(args);
    const where = `Maxout layer '${this.name}'`;
    if (!Number.isInteger(args.units) || args.units < 1) throw new Error(`${where}: units must be a positive integer, got ${args.units}`);
    if (!Number.isInteger(args.k) || args.k < 1) throw new Error(`${where}: k must be a positive integer, got ${args.k}`);
    this.units = args.units;
    this.k = args.k;
    this.kernelInitializer = resolveInitializer(args.kernelInitializer ?? 'glorotUniform', `${where} kernelInitializer`);
    this.biasInitializer = resolveInitializer(args.biasInitializer ?? 'zeros', `${where} biasInitializer`);
    // Each position along the non-last axes is handled independently, so a mask passes through unchanged.
    this.supportsMasking = true;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const inputDim = lastAxisSize(singleInputShape(inputShape, this.name), this.name, 2);
    this.kernel = this.addWeight('kernel', [inputDim, this.units * this.k], 'float32', this.kernelInitializer);
    this.bias = this.addWeight('bias', [this.units * this.k], 'float32', this.biasInitializer);
    // Later inputs must keep the last-axis size the weights were built for; tfjs-layers checks it with a clear message.
    this.inputSpec = [new tfl.InputSpec({ minNDim: 2, axes: { [-1]: inputDim } })];
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const shape = singleInputShape(inputShape, this.name);
    return [...shape.slice(0, -1), this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      if (!this.kernel || !this.bias) throw new Error(`Maxout layer '${this.name}' was called before it was built`);
      const x = singleInput(inputs, this.name);
      const inputDim = x.shape[x.shape.length - 1]!;
      const leading = x.shape.slice(0, -1);
      const pieces = tf.add(tf.matMul(tf.reshape(x, [-1, inputDim]), this.kernel.read()), this.bias.read());
      return tf.max(tf.reshape(pieces, [...leading, this.units, this.k]), -1);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      units: this.units,
      k: this.k,
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      biasInitializer: serializeInitializer(this.biasInitializer),
    };
  }
}
tf.serialization.registerClass(Maxout);

/** What the maxout-k registry entries share; each activations/maxout-K.ts declares one k. */
export const MAXOUT_PROPERTIES = {
  // max of affine maps of the whole input vector: convex and piecewise linear, so unbounded above,
  // and with learned weights neither bounded below, monotonic nor zero at zero.
  boundedAbove: false,
  boundedBelow: false,
  monotonic: false,
  smooth: false,
  zeroAtZero: false,
  saturating: false,
} as const;

/** The registry's createLayer for maxout-k: the Dense width arrives as units. */
export function maxoutLayerFactory(k: number): (args: ActivationLayerArgs) => Maxout {
  return ({ units, name, kernelInitializer }) => {
    if (units === undefined) throw new Error(`maxout-${k} replaces a Dense layer and needs its width: createLayer({ units })`);
    return new Maxout({
      units,
      k,
      ...(name !== undefined ? { name } : {}),
      ...(kernelInitializer !== undefined ? { kernelInitializer } : {}),
    });
  };
}
