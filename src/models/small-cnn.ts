// A small image classifier for quick runs (MNIST-sized inputs train in seconds per epoch on a
// CPU backend): a few [Conv 3×3 → batch norm → activation → 2×2 max-pool] blocks with doubling
// widths, then Dense → activation → Dropout → softmax, with any registry activation in both places.
// Maxout: convolutional maxout in the conv blocks (k× the channels, max over groups of k; see
// image-layers.ts) and the registry's Maxout layer in place of the Dense layer.
import * as tfl from '@tensorflow/tfjs-layers';
import { convBlock } from './image-layers.js';
import { KernelInitializers } from './mlp-initializers.js';
import { applyLayer, canonicalActivation, checkDropout, checkPositiveInteger, denseWithActivation } from './mlp.js';

export const MAX_SMALL_CNN_BLOCKS = 3;

export interface SmallCnnOptions {
  /** [height, width, channels] of the (normalised, NHWC) input images. */
  inputShape: [number, number, number];
  numClasses: number;
  /** A registry activation name or alias. */
  activation: string;
  /** Conv blocks, 1–3; each halves the image (default 2). */
  blocks?: number;
  /** Channels of the first block; each later block doubles them (default 32). */
  filters?: number;
  /** Width of the dense layer (default 128). */
  denseUnits?: number;
  /** Dropout after the dense layer (default 0.25). */
  dropout?: number;
  /** Batch norm before each conv block's activation (default true). */
  batchNorm?: boolean;
  /** Kernel initializer of every conv and dense layer, tfjs or Keras spelling (default 'heNormal'). */
  kernelInitializer?: string;
  /** Makes the initial weights reproducible. */
  seed?: number;
}

/**
 * input [h, w, c] → blocks × [Conv2D(filters·2^b, 3×3, same) → BN → activation → MaxPool 2×2] →
 * Flatten → Dense(denseUnits) → activation → Dropout → Dense(numClasses, softmax). Uncompiled.
 * Needs the activation registry loaded (await loadActivations()).
 */
export function buildSmallCnn(options: SmallCnnOptions): tfl.LayersModel {
  const where = 'buildSmallCnn';
  const [height, width, channels] = options.inputShape;
  for (const [value, what] of [
    [height, 'height'],
    [width, 'width'],
    [channels, 'channels'],
  ] as const)
    checkPositiveInteger(value, `${where}: inputShape ${what}`);
  checkPositiveInteger(options.numClasses, `${where}: numClasses`);
  const blocks = options.blocks ?? 2;
  checkPositiveInteger(blocks, `${where}: blocks`);
  if (blocks > MAX_SMALL_CNN_BLOCKS) throw new RangeError(`${where}: blocks must be 1–${MAX_SMALL_CNN_BLOCKS}, got ${blocks}`);
  if (Math.min(height, width) < 2 ** blocks)
    throw new RangeError(
      `${where}: ${blocks} blocks halve the image ${blocks} times, so it needs at least ${2 ** blocks}×${2 ** blocks} pixels, got ${height}×${width}`,
    );
  const filters = options.filters ?? 32;
  checkPositiveInteger(filters, `${where}: filters`);
  const denseUnits = options.denseUnits ?? 128;
  checkPositiveInteger(denseUnits, `${where}: denseUnits`);
  const dropout = options.dropout ?? 0.25;
  checkDropout(dropout, `${where}: dropout`);
  const activation = canonicalActivation(options.activation);
  const initializers = new KernelInitializers(options.kernelInitializer ?? 'heNormal', options.seed);

  const input = tfl.input({ shape: [height, width, channels], name: 'image' });
  let x = input;
  for (let block = 1; block <= blocks; block++) {
    x = convBlock(x, {
      filters: filters * 2 ** (block - 1),
      kernelSize: 3,
      activation,
      batchNorm: options.batchNorm ?? true,
      initializers,
      prefix: `block${block}`,
    });
    x = applyLayer(tfl.layers.maxPooling2d({ poolSize: 2, strides: 2, name: `block${block}_pool` }), x);
  }
  x = applyLayer(tfl.layers.flatten({ name: 'flatten' }), x);
  x = denseWithActivation(x, { units: denseUnits, activation, initializers, prefix: 'hidden' });
  if (dropout > 0) x = applyLayer(tfl.layers.dropout({ rate: dropout, name: 'hidden_dropout' }), x);
  const output = applyLayer(
    tfl.layers.dense({ units: options.numClasses, activation: 'softmax', kernelInitializer: initializers.next(), name: 'output' }),
    x,
  );
  return tfl.model({ inputs: input, outputs: output, name: 'small_cnn' });
}
