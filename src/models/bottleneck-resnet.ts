// The pre-activation bottleneck ResNet of He et al. 2016b ("Identity mappings in deep residual
// networks", §4 and its CIFAR code), R17's ResNet-164: depth 9n + 2 with n = 18 for 164.
//   stem: 3×3 convolution, 16 channels;
//   three stages of n bottleneck units, bottleneck widths 16/32/64 and outputs 4× that
//   (64/128/256), strides 1/2/2; a unit is BN → act → 1×1 (w) → BN → act → 3×3 (w, stride) →
//   BN → act → 1×1 (4w), plus the shortcut;
//   shortcut: the unit's input, or, where the shape changes (the first unit of every stage, since
//   the stem's 16 channels are not 64 either), a 1×1 projection with the unit's stride of the
//   pre-activated input, which the paper's first unit shares with the residual branch;
//   head: BN → act → global average pool → softmax.
// The stride sits on the 3×3 convolution (as in the Torch and PyTorch ports; the count of
// parameters is the same wherever it sits). Trainable parameters for 10 classes: 1,703,258,
// the paper's 1.7M (worked out in bottleneck-resnet.test.ts).
import * as tfl from '@tensorflow/tfjs-layers';
import {
  classifierHead,
  conv,
  merge,
  normAct,
  startNetwork,
  type CifarNetworkOptions,
  type NetworkContext,
} from './pre-activation-parts.js';

export interface BottleneckResNetOptions extends CifarNetworkOptions {
  /** 9n + 2; 164 for R17's network. */
  depth: number;
}

const STEM_CHANNELS = 16;
const BOTTLENECK_WIDTHS = [16, 32, 64];
const EXPANSION = 4;

function bottleneckUnit(context: NetworkContext, x: tfl.SymbolicTensor, width: number, stride: number, prefix: string): tfl.SymbolicTensor {
  const activated = normAct(context, x, `${prefix}_pre`);
  let y = conv(context, activated, width, 1, 1, `${prefix}_conv1`);
  y = conv(context, normAct(context, y, `${prefix}_mid1`), width, 3, stride, `${prefix}_conv2`);
  y = conv(context, normAct(context, y, `${prefix}_mid2`), width * EXPANSION, 1, 1, `${prefix}_conv3`);
  const changes = stride !== 1 || x.shape[3] !== width * EXPANSION;
  const skip = changes ? conv(context, activated, width * EXPANSION, 1, stride, `${prefix}_shortcut_conv`) : x;
  return merge(tfl.layers.add({ name: `${prefix}_add` }), [y, skip]);
}

export function buildBottleneckResNet(options: BottleneckResNetOptions): tfl.LayersModel {
  const where = 'buildBottleneckResNet';
  const units = (options.depth - 2) / 9;
  if (!Number.isInteger(units) || units < 1) throw new RangeError(`${where}: depth must be 9n + 2 (11, 20, …, 164), got ${options.depth}`);
  const { context, input } = startNetwork(where, options);
  let x = conv(context, input, STEM_CHANNELS, 3, 1, 'stem_conv');
  BOTTLENECK_WIDTHS.forEach((width, stage) => {
    for (let unit = 0; unit < units; unit++) {
      x = bottleneckUnit(context, x, width, unit === 0 && stage > 0 ? 2 : 1, `stage${stage + 1}_unit${unit + 1}`);
    }
  });
  return classifierHead(context, input, x, options.numClasses, `preact_bottleneck_resnet${options.depth}`);
}
