// Layers and layer factories the image models (small-cnn.ts, resnet.ts) share: batch norm with
// the CIFAR recipes' settings, convolutional maxout's channel-group max, the parameter-free
// "option A" shortcut of the CIFAR ResNets, and the activation step after a convolution.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { activationLayer, Maxout } from '../activation/layers/index.js';
import { lastAxisSize, singleInput, singleInputShape, type BaseLayerArgs } from '../activation/layers/common.js';
import { BatchNorm } from './batch-norm.js';
import type { KernelInitializers } from './mlp-initializers.js';
import { applyLayer } from './mlp.js';

/**
 * Batch norm over channels (NHWC), batch-norm.ts's. Momentum 0.9 and ε 1e-5 are PyTorch's
 * defaults, which the CIFAR ResNet recipes were tuned with; Keras's 0.99 makes the moving
 * statistics lag for the first epochs, so short runs would score dev/test with stale statistics.
 */
export function batchNorm(name: string): tfl.layers.Layer {
  return new BatchNorm({ momentum: 0.9, epsilon: 1e-5, name });
}

export interface ChannelMaxoutArgs extends BaseLayerArgs {
  /** Pieces per output channel. */
  k: number;
}

/**
 * Convolutional maxout (Goodfellow et al. 2013): the convolution before it produces k·C channels,
 * and output channel j is the max of input channels j·k … j·k + k − 1 (the grouping the dense
 * Maxout layer uses for its columns). Parameter-free; the k affine pieces are the convolution's.
 */
export class ChannelMaxout extends tfl.layers.Layer {
  static className = 'ActbenchChannelMaxout';
  readonly k: number;

  constructor(args: ChannelMaxoutArgs) {
    super(args);
    if (!Number.isInteger(args.k) || args.k < 1)
      throw new Error(`ChannelMaxout layer '${this.name}': k must be a positive integer, got ${args.k}`);
    this.k = args.k;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const channels = lastAxisSize(singleInputShape(inputShape, this.name), this.name, 2);
    if (channels % this.k !== 0)
      throw new Error(`ChannelMaxout layer '${this.name}': ${channels} input channels are not a multiple of k = ${this.k}`);
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const shape = singleInputShape(inputShape, this.name);
    const channels = lastAxisSize(shape, this.name, 2);
    return [...shape.slice(0, -1), channels / this.k];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = singleInput(inputs, this.name);
      const channels = x.shape[x.shape.length - 1]!;
      return tf.max(tf.reshape(x, [...x.shape.slice(0, -1), channels / this.k, this.k]), -1);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), k: this.k };
  }
}
tf.serialization.registerClass(ChannelMaxout);

export interface ZeroPadShortcutArgs extends BaseLayerArgs {
  /** Spatial subsampling step (the block's stride). */
  stride: number;
  /** Channels of the output; the extra ones over the input's are zeros, split evenly before and after. */
  channels: number;
}

/**
 * He et al. 2016's shortcut option A for a block that changes shape: take every stride-th pixel
 * (what a 1×1 convolution with that stride sees, so ⌈H/stride⌉ rows like the block's 'same'
 * convolution) and pad the channels with zeros. No parameters, which is why ResNet-20 has 0.27M.
 */
export class ZeroPadShortcut extends tfl.layers.Layer {
  static className = 'ActbenchZeroPadShortcut';
  readonly stride: number;
  readonly channels: number;

  constructor(args: ZeroPadShortcutArgs) {
    super(args);
    const where = `ZeroPadShortcut layer '${this.name}'`;
    if (!Number.isInteger(args.stride) || args.stride < 1)
      throw new Error(`${where}: stride must be a positive integer, got ${args.stride}`);
    if (!Number.isInteger(args.channels) || args.channels < 1)
      throw new Error(`${where}: channels must be a positive integer, got ${args.channels}`);
    this.stride = args.stride;
    this.channels = args.channels;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = singleInputShape(inputShape, this.name);
    if (shape.length !== 4) throw new Error(`ZeroPadShortcut layer '${this.name}' expects NHWC input, got shape [${shape.join(', ')}]`);
    const inputChannels = lastAxisSize(shape, this.name, 4);
    if (inputChannels > this.channels)
      throw new Error(`ZeroPadShortcut layer '${this.name}': cannot pad ${inputChannels} channels down to ${this.channels}`);
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [batch, height, width] = singleInputShape(inputShape, this.name);
    const step = (size: number | null | undefined) => (size === null || size === undefined ? null : Math.ceil(size / this.stride));
    return [batch ?? null, step(height), step(width), this.channels];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = singleInput(inputs, this.name) as tf.Tensor4D;
      // A 1×1 pool with this stride picks exactly the pixels x[:, ::s, ::s] and has a gradient on
      // every backend (tfjs has none for stridedSlice).
      const sampled = this.stride === 1 ? x : tf.avgPool(x, 1, this.stride, 'valid');
      const extra = this.channels - x.shape[3];
      const before = Math.floor(extra / 2);
      return extra === 0
        ? sampled
        : tf.pad(sampled, [
            [0, 0],
            [0, 0],
            [0, 0],
            [before, extra - before],
          ]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), stride: this.stride, channels: this.channels };
  }
}
tf.serialization.registerClass(ZeroPadShortcut);

/**
 * Pieces per unit when the activation is maxout-k (its registry layer says k), else undefined.
 * The layer is only constructed, never built, so this costs no weights.
 */
export function maxoutPieces(activation: string): number | undefined {
  const layer = activationLayer(activation, { units: 1 });
  return layer instanceof Maxout ? layer.k : undefined;
}

export interface ConvBlockOptions {
  filters: number;
  kernelSize: number;
  strides?: number;
  activation: string;
  /** Batch norm between the convolution and the activation (the convolution then has no bias). */
  batchNorm: boolean;
  initializers: KernelInitializers;
  /** Layer names: `${prefix}_conv`, `${prefix}_bn`, `${prefix}_act` or `${prefix}_maxout`. */
  prefix: string;
}

/**
 * Conv2D('same') → [batch norm] → activation. For maxout-k the convolution has k·filters channels
 * and a ChannelMaxout takes the place of the activation, so the block still outputs `filters`
 * channels; every other registry activation follows as its own layer (PReLU: one slope per channel).
 */
export function convBlock(input: tfl.SymbolicTensor, options: ConvBlockOptions): tfl.SymbolicTensor {
  const pieces = maxoutPieces(options.activation);
  const conv = tfl.layers.conv2d({
    filters: options.filters * (pieces ?? 1),
    kernelSize: options.kernelSize,
    strides: options.strides ?? 1,
    padding: 'same',
    useBias: !options.batchNorm,
    kernelInitializer: options.initializers.next(),
    biasInitializer: 'zeros',
    name: `${options.prefix}_conv`,
  });
  let x = applyLayer(conv, input);
  if (options.batchNorm) x = applyLayer(batchNorm(`${options.prefix}_bn`), x);
  return pieces === undefined
    ? applyLayer(activationLayer(options.activation, { name: `${options.prefix}_act` }), x)
    : applyLayer(new ChannelMaxout({ k: pieces, name: `${options.prefix}_maxout` }), x);
}
