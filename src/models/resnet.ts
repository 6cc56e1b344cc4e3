// Residual networks for 32×32 images, with any registry activation wherever a ReLU stands:
//   - ResNet-20/32/56, He et al. 2016 §4.2: a 3×3 stem of 16 channels, three stages of n basic
//     blocks (n = (depth − 2)/6) at 16/32/64 channels, strides 1/2/2, global average pool, softmax;
//     shortcut option A (subsample + zero channels, parameter-free) by default, as in the paper.
//   - ResNet-18, CIFAR variant (as in the common ResNet-18 CIFAR recipe): a 3×3 stem of 64 channels
//     and no max-pool, four stages of 2 basic blocks at 64/128/256/512, strides 1/2/2/2; shortcut
//     option B (1×1 convolution + batch norm) by default.
//   - buildCifarResNet: the CIFAR layout at any depth 6n + 2 and first-stage width (the
//     image-resnet task's small networks for a CPU).
// Post-activation blocks (conv → BN → act → conv → BN, + shortcut, → act) by default; with
// preActivation, He et al. 2016b's (BN → act → conv → BN → act → conv, + shortcut), the stem a bare
// conv, option B's projection a bare 1×1 conv of the pre-activated input, and a final BN → act
// before pooling. Batch norm is batch-norm.ts's (PyTorch's momentum and ε). Convolutions have no bias (batch norm follows or
// precedes each). Trainable parameters: ResNet-20 269,722 (option A; 272,474 with B), ResNet-32
// 464,154, ResNet-56 853,018, ResNet-18 11,173,962 (option B) — the usual 0.27M/0.46M/0.85M/11.2M.
//
// Maxout is not offered: in a residual network the activation after the addition (or, pre-
// activation, before each block's first convolution) acts on the residual sum, which has no affine
// map of its own to widen k-fold, so maxout would need extra 1×1 convolutions that change the
// architecture these parameter counts and recipes describe.
import * as tfl from '@tensorflow/tfjs-layers';
import { activationLayer } from '../activation/layers/index.js';
import { batchNorm, maxoutPieces, ZeroPadShortcut } from './image-layers.js';
import { KernelInitializers } from './mlp-initializers.js';
import { applyLayer, canonicalActivation, checkPositiveInteger } from './mlp.js';

export const RESNET_MODELS = ['resnet20', 'resnet32', 'resnet56', 'resnet18'] as const;
export type ResNetModel = (typeof RESNET_MODELS)[number];

export type ShortcutOption = 'A' | 'B';

interface Stage {
  channels: number;
  blocks: number;
  /** Stride of the stage's first block. */
  stride: number;
}

interface ResNetLayout {
  stemChannels: number;
  stages: Stage[];
  shortcut: ShortcutOption;
}

/** The CIFAR ResNet of depth 6n + 2: three stages of n blocks at width, 2·width and 4·width channels (16/32/64 in the paper). */
function cifarLayout(depth: number, width = 16): ResNetLayout {
  const blocks = (depth - 2) / 6;
  return {
    stemChannels: width,
    stages: [width, 2 * width, 4 * width].map((channels, i) => ({ channels, blocks, stride: i === 0 ? 1 : 2 })),
    shortcut: 'A',
  };
}

const LAYOUTS: Record<ResNetModel, ResNetLayout> = {
  resnet20: cifarLayout(20),
  resnet32: cifarLayout(32),
  resnet56: cifarLayout(56),
  resnet18: {
    stemChannels: 64,
    stages: [64, 128, 256, 512].map((channels, i) => ({ channels, blocks: 2, stride: i === 0 ? 1 : 2 })),
    shortcut: 'B',
  },
};

export interface ResNetOptions {
  model: ResNetModel;
  /** [height, width, channels] of the (normalised, NHWC) input images; 32×32×3 for CIFAR. */
  inputShape: [number, number, number];
  numClasses: number;
  /** A registry activation name or alias; maxout-k is refused (see the top of this file). */
  activation: string;
  /** He et al. 2016b's pre-activation blocks (default false). */
  preActivation?: boolean;
  /** Shortcut of the blocks that change shape; default A for ResNet-20/32/56, B for ResNet-18. */
  shortcut?: ShortcutOption;
  /** Kernel initializer of every convolution and the classifier (default 'heNormal', as He et al.). */
  kernelInitializer?: string;
  /** Makes the initial weights reproducible. */
  seed?: number;
}

interface BuildContext {
  activation: string;
  initializers: KernelInitializers;
}

function conv(context: BuildContext, filters: number, kernelSize: number, strides: number, name: string): tfl.layers.Layer {
  return tfl.layers.conv2d({
    filters,
    kernelSize,
    strides,
    padding: 'same',
    useBias: false,
    kernelInitializer: context.initializers.next(),
    name,
  });
}

function act(context: BuildContext, x: tfl.SymbolicTensor, name: string): tfl.SymbolicTensor {
  return applyLayer(activationLayer(context.activation, { name }), x);
}

function changesShape(x: tfl.SymbolicTensor, channels: number, stride: number): boolean {
  return stride !== 1 || x.shape[3] !== channels;
}

/** The residual sum of two branches. */
function add(a: tfl.SymbolicTensor, b: tfl.SymbolicTensor, name: string): tfl.SymbolicTensor {
  const output = tfl.layers.add({ name }).apply([a, b]);
  if (!(output instanceof tfl.SymbolicTensor)) throw new Error(`layer '${name}' did not return one symbolic tensor`);
  return output;
}

/**
 * What a block adds to its residual branch: its input, or for a block that changes shape the
 * option's shortcut of `x`. Option B is a 1×1 convolution, followed by batch norm in
 * post-activation blocks; pre-activation ones leave it bare, as the next block's BN follows the sum.
 */
function shortcut(
  context: BuildContext,
  x: tfl.SymbolicTensor,
  option: ShortcutOption,
  channels: number,
  stride: number,
  prefix: string,
  withBatchNorm: boolean,
): tfl.SymbolicTensor {
  if (!changesShape(x, channels, stride)) return x;
  if (option === 'A') return applyLayer(new ZeroPadShortcut({ stride, channels, name: `${prefix}_shortcut` }), x);
  const projected = applyLayer(conv(context, channels, 1, stride, `${prefix}_shortcut_conv`), x);
  return withBatchNorm ? applyLayer(batchNorm(`${prefix}_shortcut_bn`), projected) : projected;
}

/** conv → BN → act → conv → BN, + shortcut(x), → act. */
function postActivationBlock(
  context: BuildContext,
  x: tfl.SymbolicTensor,
  channels: number,
  stride: number,
  option: ShortcutOption,
  prefix: string,
): tfl.SymbolicTensor {
  let y = applyLayer(conv(context, channels, 3, stride, `${prefix}_conv1`), x);
  y = act(context, applyLayer(batchNorm(`${prefix}_bn1`), y), `${prefix}_act1`);
  y = applyLayer(batchNorm(`${prefix}_bn2`), applyLayer(conv(context, channels, 3, 1, `${prefix}_conv2`), y));
  return act(context, add(y, shortcut(context, x, option, channels, stride, prefix, true), `${prefix}_add`), `${prefix}_act2`);
}

/**
 * BN → act → conv → BN → act → conv, + shortcut. A projection (option B) shortcut reads the
 * pre-activated input, as in He et al. 2016b; the parameter-free option A reads the block input.
 */
function preActivationBlock(
  context: BuildContext,
  x: tfl.SymbolicTensor,
  channels: number,
  stride: number,
  option: ShortcutOption,
  prefix: string,
): tfl.SymbolicTensor {
  const activated = act(context, applyLayer(batchNorm(`${prefix}_bn1`), x), `${prefix}_act1`);
  let y = applyLayer(conv(context, channels, 3, stride, `${prefix}_conv1`), activated);
  y = act(context, applyLayer(batchNorm(`${prefix}_bn2`), y), `${prefix}_act2`);
  y = applyLayer(conv(context, channels, 3, 1, `${prefix}_conv2`), y);
  // A block that keeps the shape adds its own input, whatever the option.
  const skip = changesShape(x, channels, stride)
    ? shortcut(context, option === 'B' ? activated : x, option, channels, stride, prefix, false)
    : x;
  return add(y, skip, `${prefix}_add`);
}

/** The layout of a model name: stages, channels and default shortcut. */
export function resnetLayout(model: ResNetModel): Readonly<ResNetLayout> {
  return LAYOUTS[model];
}

/**
 * The residual network `options.model`, uncompiled, ending in a softmax. Needs the activation
 * registry loaded (await loadActivations()).
 */
export function buildResNet(options: ResNetOptions): tfl.LayersModel {
  const layout = LAYOUTS[options.model];
  if (!layout) throw new RangeError(`buildResNet: unknown model '${String(options.model)}'; choose ${RESNET_MODELS.join(', ')}`);
  return buildFromLayout('buildResNet', layout, options.model, options);
}

export interface CifarResNetOptions extends Omit<ResNetOptions, 'model'> {
  /** 6n + 2 (8, 14, 20, 32, …). */
  depth: number;
  /** Channels of the first stage (the paper's 16); the others have 2× and 4× as many. */
  width: number;
}

/**
 * A CIFAR-style ResNet of any depth 6n + 2 and first-stage width, option A shortcuts: the small
 * residual networks of the image-resnet task, which run on any image size (28×28 included).
 */
export function buildCifarResNet(options: CifarResNetOptions): tfl.LayersModel {
  const where = 'buildCifarResNet';
  const blocks = (options.depth - 2) / 6;
  if (!Number.isInteger(blocks) || blocks < 1)
    throw new RangeError(`${where}: depth must be 6n + 2 (8, 14, 20, 32, …), got ${options.depth}`);
  checkPositiveInteger(options.width, `${where}: width`);
  return buildFromLayout(where, cifarLayout(options.depth, options.width), `resnet${options.depth}_w${options.width}`, options);
}

function buildFromLayout(where: string, layout: ResNetLayout, name: string, options: Omit<ResNetOptions, 'model'>): tfl.LayersModel {
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
      `${where}: '${activation}' cannot stand in a residual network here: the activation on a residual sum has no affine map of its own for maxout's k pieces`,
    );
  }
  const option = options.shortcut ?? layout.shortcut;
  if (option !== 'A' && option !== 'B') throw new RangeError(`${where}: shortcut must be 'A' or 'B', got '${String(option)}'`);
  const preActivation = options.preActivation ?? false;
  const context: BuildContext = { activation, initializers: new KernelInitializers(options.kernelInitializer ?? 'heNormal', options.seed) };

  const input = tfl.input({ shape: [height, width, channels], name: 'image' });
  let x = applyLayer(conv(context, layout.stemChannels, 3, 1, 'stem_conv'), input);
  if (!preActivation) x = act(context, applyLayer(batchNorm('stem_bn'), x), 'stem_act');
  layout.stages.forEach((stage, stageIndex) => {
    for (let block = 0; block < stage.blocks; block++) {
      const stride = block === 0 ? stage.stride : 1;
      const prefix = `stage${stageIndex + 1}_block${block + 1}`;
      x = (preActivation ? preActivationBlock : postActivationBlock)(context, x, stage.channels, stride, option, prefix);
    }
  });
  if (preActivation) x = act(context, applyLayer(batchNorm('final_bn'), x), 'final_act');
  x = applyLayer(tfl.layers.globalAveragePooling2d({ name: 'pool' }), x);
  const output = applyLayer(
    tfl.layers.dense({ units: options.numClasses, activation: 'softmax', kernelInitializer: context.initializers.next(), name: 'output' }),
    x,
  );
  return tfl.model({ inputs: input, outputs: output, name: `${name}${preActivation ? '_preact' : ''}` });
}
