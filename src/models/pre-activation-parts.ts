// The pieces R17's three CIFAR networks share (resnet164.ts, wide-resnet.ts, densenet.ts): all
// three are "pre-activation" networks, where every convolution reads BN → activation of its input
// and the network ends in BN → activation → global average pool → softmax. The activation goes
// wherever the originals put a ReLU; convolutions carry no bias, since a batch norm follows each
// one's output before anything else reads it (the originals' PyTorch ports do the same; the
// papers' parameter counts are within 0.1% either way).
import * as tfl from '@tensorflow/tfjs-layers';
import { activationLayer } from '../activation/layers/index.js';
import { batchNorm, maxoutPieces } from './image-layers.js';
import { KernelInitializers } from './mlp-initializers.js';
import { applyLayer, canonicalActivation, checkPositiveInteger } from './mlp.js';

export interface CifarNetworkOptions {
  /** [height, width, channels] of the (normalised, NHWC) input images; 32×32×3 for CIFAR. */
  inputShape: [number, number, number];
  numClasses: number;
  /** A registry activation name or alias; maxout-k is refused (see refuseMaxout). */
  activation: string;
  /** Kernel initializer of every convolution and the classifier (default 'heNormal', as all three papers). */
  kernelInitializer?: string;
  /** Makes the initial weights reproducible. */
  seed?: number;
}

export interface NetworkContext {
  activation: string;
  initializers: KernelInitializers;
}

/**
 * Checks the common options and returns the build context and the input. Maxout is refused for
 * the reason resnet.ts gives: in these networks the activation reads a batch-normalised sum or
 * concatenation, with no affine map of its own to widen k-fold.
 */
export function startNetwork(where: string, options: CifarNetworkOptions): { context: NetworkContext; input: tfl.SymbolicTensor } {
  const [height, width, channels] = options.inputShape;
  for (const [value, what] of [
    [height, 'height'],
    [width, 'width'],
    [channels, 'channels'],
  ] as const)
    checkPositiveInteger(value, `${where}: inputShape ${what}`);
  checkPositiveInteger(options.numClasses, `${where}: numClasses`);
  const activation = canonicalActivation(options.activation);
  if (maxoutPieces(activation) !== undefined) {
    throw new Error(
      `${where}: '${activation}' cannot stand here: the activation after a batch norm has no affine map of its own for maxout's k pieces`,
    );
  }
  return {
    context: { activation, initializers: new KernelInitializers(options.kernelInitializer ?? 'heNormal', options.seed) },
    input: tfl.input({ shape: [height, width, channels], name: 'image' }),
  };
}

/** A bias-free 'same' convolution. */
export function conv(
  context: NetworkContext,
  x: tfl.SymbolicTensor,
  filters: number,
  kernelSize: number,
  strides: number,
  name: string,
): tfl.SymbolicTensor {
  return applyLayer(
    tfl.layers.conv2d({
      filters,
      kernelSize,
      strides,
      padding: 'same',
      useBias: false,
      kernelInitializer: context.initializers.next(),
      name,
    }),
    x,
  );
}

/** Batch norm, then the activation: the pre-activation every convolution of these networks reads. */
export function normAct(context: NetworkContext, x: tfl.SymbolicTensor, prefix: string): tfl.SymbolicTensor {
  return applyLayer(activationLayer(context.activation, { name: `${prefix}_act` }), applyLayer(batchNorm(`${prefix}_bn`), x));
}

/** Final BN → activation → global average pool → dense softmax, and the model. */
export function classifierHead(
  context: NetworkContext,
  input: tfl.SymbolicTensor,
  x: tfl.SymbolicTensor,
  numClasses: number,
  name: string,
): tfl.LayersModel {
  const pooled = applyLayer(tfl.layers.globalAveragePooling2d({ name: 'pool' }), normAct(context, x, 'final'));
  const output = applyLayer(
    tfl.layers.dense({ units: numClasses, activation: 'softmax', kernelInitializer: context.initializers.next(), name: 'output' }),
    pooled,
  );
  return tfl.model({ inputs: input, outputs: output, name });
}

/** One symbolic tensor from a layer applied to several inputs (add, concatenate). */
export function merge(layer: tfl.layers.Layer, inputs: tfl.SymbolicTensor[]): tfl.SymbolicTensor {
  const output = layer.apply(inputs);
  if (!(output instanceof tfl.SymbolicTensor)) throw new Error(`layer '${layer.name}' did not return one symbolic tensor`);
  return output;
}
