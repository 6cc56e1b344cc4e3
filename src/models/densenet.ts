// Densely connected networks for CIFAR (Huang et al. 2017), R17's "DenseNet 100-12", both forms
// of the paper's Table 2 at depth L = 100 and growth rate k = 12:
//   - DenseNet: three dense blocks of (L − 4)/3 layers BN → act → 3×3 conv (k channels), each
//     layer's output concatenated to its input; a 16-channel 3×3 stem; transitions BN → act →
//     1×1 conv (same channels) → 2×2 average pool. 7.0M parameters in the paper.
//   - DenseNet-BC: (L − 4)/6 bottleneck layers BN → act → 1×1 conv (4k) → BN → act → 3×3 conv
//     (k); a 2k-channel stem; transitions compress to ⌊θ·channels⌋ with θ = 0.5. 0.8M.
// Both end in BN → act → global average pool → softmax; the activation stands wherever the paper
// has a ReLU. The paper's dropout (0.2 after each convolution) applies only to its runs without
// data augmentation; R17 and actbench's CIFAR tasks augment, so there is none here. Trainable
// parameters for 10 classes: 6,979,642 and 769,162, the paper's 7.0M and 0.8M (worked out in densenet.test.ts).
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

export interface DenseNetOptions extends CifarNetworkOptions {
  /** Depth L: 3m + 4 (plain) or 6m + 4 (BC); 100 for R17's network. */
  depth: number;
  /** Growth rate k; 12 for R17's network. */
  growthRate: number;
  /** Bottleneck layers and compression 0.5 (DenseNet-BC). */
  bc: boolean;
}

const COMPRESSION = 0.5;
const BOTTLENECK_FACTOR = 4;
const PLAIN_STEM_CHANNELS = 16;

function denseLayer(context: NetworkContext, x: tfl.SymbolicTensor, growthRate: number, bc: boolean, prefix: string): tfl.SymbolicTensor {
  let y = normAct(context, x, `${prefix}_pre`);
  if (bc) y = normAct(context, conv(context, y, BOTTLENECK_FACTOR * growthRate, 1, 1, `${prefix}_bottleneck_conv`), `${prefix}_mid`);
  y = conv(context, y, growthRate, 3, 1, `${prefix}_conv`);
  return merge(tfl.layers.concatenate({ axis: -1, name: `${prefix}_concat` }), [x, y]);
}

function transition(context: NetworkContext, x: tfl.SymbolicTensor, channels: number, prefix: string): tfl.SymbolicTensor {
  const y = conv(context, normAct(context, x, `${prefix}_pre`), channels, 1, 1, `${prefix}_conv`);
  return applyLayer(tfl.layers.averagePooling2d({ poolSize: 2, strides: 2, name: `${prefix}_pool` }), y);
}

export function buildDenseNet(options: DenseNetOptions): tfl.LayersModel {
  const where = 'buildDenseNet';
  const perLayer = options.bc ? 6 : 3;
  const layers = (options.depth - 4) / perLayer;
  if (!Number.isInteger(layers) || layers < 1)
    throw new RangeError(`${where}: depth must be ${perLayer}m + 4 for ${options.bc ? 'DenseNet-BC' : 'DenseNet'}, got ${options.depth}`);
  if (!Number.isInteger(options.growthRate) || options.growthRate < 1)
    throw new RangeError(`${where}: growthRate must be a positive integer, got ${options.growthRate}`);
  const { context, input } = startNetwork(where, options);
  let channels = options.bc ? 2 * options.growthRate : PLAIN_STEM_CHANNELS;
  let x = conv(context, input, channels, 3, 1, 'stem_conv');
  for (let block = 1; block <= 3; block++) {
    for (let layer = 1; layer <= layers; layer++) x = denseLayer(context, x, options.growthRate, options.bc, `block${block}_layer${layer}`);
    channels += layers * options.growthRate;
    if (block < 3) {
      channels = options.bc ? Math.floor(COMPRESSION * channels) : channels;
      x = transition(context, x, channels, `transition${block}`);
    }
  }
  return classifierHead(context, input, x, options.numClasses, `densenet${options.bc ? '_bc' : ''}_${options.depth}_${options.growthRate}`);
}
