// Wide residual networks (Zagoruyko & Komodakis 2016), R17's WRN-28-10: depth 6n + 4, widening k.
//   stem: 3×3 convolution, 16 channels;
//   three groups of n pre-activation basic blocks at 16k/32k/64k channels, strides 1/2/2; a
//   block is BN → act → 3×3 (stride) → BN → act → dropout → 3×3, plus the shortcut;
//   shortcut: the block's input, or where the width or size changes (the first block of every
//   group) a 1×1 projection with the block's stride of the pre-activated input, as in the
//   authors' code;
//   head: BN → act → global average pool → softmax.
// Dropout between the two convolutions is the paper's recipe for CIFAR (rate 0.3). Trainable
// parameters of WRN-28-10 for 10 classes: 36,479,194, the paper's 36.5M (wide-resnet.test.ts).
import * as tfl from '@tensorflow/tfjs-layers';
import { applyLayer } from './mlp.js';
import {
  classifierHead,
  conv,
  merge,
  normAct,
  startNetwork,
  type CifarNetworkOptions,
  type NetworkContext,
} from './pre-activation-parts.js';

export interface WideResNetOptions extends CifarNetworkOptions {
  /** 6n + 4; 28 for R17's network. */
  depth: number;
  /** Widening factor k; 10 for R17's network. */
  width: number;
  /** Dropout between a block's convolutions; the paper's 0.3 by default, 0 for none. */
  dropout?: number;
}

const STEM_CHANNELS = 16;
const GROUP_CHANNELS = [16, 32, 64];
export const WRN_DROPOUT = 0.3;

function wideBlock(
  context: NetworkContext,
  x: tfl.SymbolicTensor,
  channels: number,
  stride: number,
  dropout: number,
  prefix: string,
): tfl.SymbolicTensor {
  const activated = normAct(context, x, `${prefix}_pre`);
  let y = conv(context, activated, channels, 3, stride, `${prefix}_conv1`);
  y = normAct(context, y, `${prefix}_mid`);
  if (dropout > 0) y = applyLayer(tfl.layers.dropout({ rate: dropout, name: `${prefix}_dropout` }), y);
  y = conv(context, y, channels, 3, 1, `${prefix}_conv2`);
  const changes = stride !== 1 || x.shape[3] !== channels;
  const skip = changes ? conv(context, activated, channels, 1, stride, `${prefix}_shortcut_conv`) : x;
  return merge(tfl.layers.add({ name: `${prefix}_add` }), [y, skip]);
}

export function buildWideResNet(options: WideResNetOptions): tfl.LayersModel {
  const where = 'buildWideResNet';
  const blocks = (options.depth - 4) / 6;
  if (!Number.isInteger(blocks) || blocks < 1)
    throw new RangeError(`${where}: depth must be 6n + 4 (10, 16, 22, 28, …), got ${options.depth}`);
  if (!Number.isInteger(options.width) || options.width < 1)
    throw new RangeError(`${where}: width must be a positive integer, got ${options.width}`);
  const dropout = options.dropout ?? WRN_DROPOUT;
  if (!(dropout >= 0 && dropout < 1)) throw new RangeError(`${where}: dropout must be in [0, 1), got ${dropout}`);
  const { context, input } = startNetwork(where, options);
  let x = conv(context, input, STEM_CHANNELS, 3, 1, 'stem_conv');
  GROUP_CHANNELS.forEach((channels, group) => {
    for (let block = 0; block < blocks; block++) {
      x = wideBlock(context, x, channels * options.width, block === 0 && group > 0 ? 2 : 1, dropout, `group${group + 1}_block${block + 1}`);
    }
  });
  return classifierHead(context, input, x, options.numClasses, `wrn_${options.depth}_${options.width}`);
}
