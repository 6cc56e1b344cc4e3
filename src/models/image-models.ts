// The image classifiers by name, for the vision tasks: the small CNN and the residual networks.
import type * as tfl from '@tensorflow/tfjs-layers';
import { RESNET_MODELS, buildResNet, type ResNetModel } from './resnet.js';
import { buildSmallCnn, type SmallCnnOptions } from './small-cnn.js';

export const IMAGE_MODELS = ['small-cnn', ...RESNET_MODELS] as const;
export type ImageModel = (typeof IMAGE_MODELS)[number];

export interface ImageModelOptions {
  model: ImageModel;
  inputShape: [number, number, number];
  numClasses: number;
  activation: string;
  /** Kernel initializer of every layer with a kernel (default 'heNormal'). */
  kernelInitializer?: string;
  seed?: number;
  /** ResNets only: pre-activation blocks. */
  preActivation?: boolean;
  /** small-cnn only: its sizes (blocks, filters, denseUnits, dropout, batchNorm). */
  smallCnn?: Pick<SmallCnnOptions, 'blocks' | 'filters' | 'denseUnits' | 'dropout' | 'batchNorm'>;
}

export function isImageModel(name: string): name is ImageModel {
  return (IMAGE_MODELS as readonly string[]).includes(name);
}

export function buildImageModel(options: ImageModelOptions): tfl.LayersModel {
  const { model, inputShape, numClasses, activation, kernelInitializer, seed } = options;
  if (!isImageModel(model)) throw new RangeError(`unknown image model '${String(model)}'; choose ${IMAGE_MODELS.join(', ')}`);
  const common = { inputShape, numClasses, activation, ...(kernelInitializer !== undefined ? { kernelInitializer } : {}), ...(seed !== undefined ? { seed } : {}) };
  if (model === 'small-cnn') return buildSmallCnn({ ...common, ...options.smallCnn });
  return buildResNet({ ...common, model: model as ResNetModel, preActivation: options.preActivation ?? false });
}
