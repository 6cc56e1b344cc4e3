// The image classifiers by name, for the vision tasks: the small CNN, the residual networks, and
// R17's three CIFAR networks (ResNet-164, WRN-28-10, DenseNet-100-12 in both of its forms).
import type * as tfl from '@tensorflow/tfjs-layers';
import { buildBottleneckResNet } from './bottleneck-resnet.js';
import { buildDenseNet } from './densenet.js';
import { RESNET_MODELS, buildResNet, type ResNetModel } from './resnet.js';
import { buildSmallCnn, type SmallCnnOptions } from './small-cnn.js';
import { buildWideResNet } from './wide-resnet.js';
import type { CifarNetworkOptions } from './pre-activation-parts.js';

/** R17's networks by the names `--set model=…` takes, each at the size R17 trained. */
const R17_NETWORKS = {
  resnet164: (common: CifarNetworkOptions) => buildBottleneckResNet({ ...common, depth: 164 }),
  'wrn-28-10': (common: CifarNetworkOptions) => buildWideResNet({ ...common, depth: 28, width: 10 }),
  'densenet100-12': (common: CifarNetworkOptions) => buildDenseNet({ ...common, depth: 100, growthRate: 12, bc: false }),
  'densenet-bc100-12': (common: CifarNetworkOptions) => buildDenseNet({ ...common, depth: 100, growthRate: 12, bc: true }),
} as const;

export const R17_MODELS = Object.keys(R17_NETWORKS) as (keyof typeof R17_NETWORKS)[];
export type R17Model = keyof typeof R17_NETWORKS;

export const IMAGE_MODELS = ['small-cnn', ...RESNET_MODELS, ...R17_MODELS] as const;
export type ImageModel = (typeof IMAGE_MODELS)[number];

export interface ImageModelOptions {
  model: ImageModel;
  inputShape: [number, number, number];
  numClasses: number;
  activation: string;
  /** Kernel initializer of every layer with a kernel (default 'heNormal'). */
  kernelInitializer?: string;
  seed?: number;
  /** resnet20/32/56/18 only: pre-activation blocks (R17's networks are pre-activation by design). */
  preActivation?: boolean;
  /** small-cnn only: its sizes (blocks, filters, denseUnits, dropout, batchNorm). */
  smallCnn?: Pick<SmallCnnOptions, 'blocks' | 'filters' | 'denseUnits' | 'dropout' | 'batchNorm'>;
}

export function isImageModel(name: string): name is ImageModel {
  return (IMAGE_MODELS as readonly string[]).includes(name);
}

function isR17Model(name: string): name is R17Model {
  return Object.hasOwn(R17_NETWORKS, name);
}

export function buildImageModel(options: ImageModelOptions): tfl.LayersModel {
  const { model, inputShape, numClasses, activation, kernelInitializer, seed } = options;
  if (!isImageModel(model)) throw new RangeError(`unknown image model '${String(model)}'; choose ${IMAGE_MODELS.join(', ')}`);
  const common = {
    inputShape,
    numClasses,
    activation,
    ...(kernelInitializer !== undefined ? { kernelInitializer } : {}),
    ...(seed !== undefined ? { seed } : {}),
  };
  if (model === 'small-cnn') return buildSmallCnn({ ...common, ...options.smallCnn });
  if (isR17Model(model)) return R17_NETWORKS[model](common);
  return buildResNet({ ...common, model: model as ResNetModel, preActivation: options.preActivation ?? false });
}
