// What the vision task plugins (tasks/cifar10.ts, cifar100.ts, image-classification.ts,
// image-resnet.ts) declare and how they prepare a run: the CIFAR tasks train the recipes' ResNets,
// R17's three networks (with a probe, so a dry run can time them without the data) or the small
// CNN; image-classification trains the small CNN with searchable sizes on any image dataset, and
// image-resnet small pre-activation ResNets of a set depth and width.
import { IMAGE_MODELS, buildImageModel, type ImageModel } from '../models/image-models.js';
import { buildCifarResNet } from '../models/resnet.js';
import {
  augmentationSetting,
  AUGMENTATIONS,
  imageClassificationProblem,
  imageShape,
  loadImageSplits,
} from './image-classification-problem.js';
import { TRAIN_FRACTION_SETTING, VISION_OPTIMIZATION_SPACE } from './study-spaces.js';
import type { HParams } from './search-space.js';
import { RECIPE_SPACE } from './training-choices.js';
import type { Problem, TaskContext, TaskPlugin, TrainingSettings } from './types.js';

type Settings = NonNullable<TaskPlugin['settings']>;

function augmentationChoice(defaultName: string): Settings {
  return {
    augmentation: {
      values: Object.keys(AUGMENTATIONS),
      default: defaultName,
      description:
        'training-image augmentation, seeded per run: crop = a random crop, back to the image size, of the image padded by 4 black pixels; crop-flip adds a random horizontal flip',
    },
  };
}

/**
 * The recipe (docs/study.md §7; He et al. 2016 and the common ResNet-18 CIFAR recipe): SGD, momentum
 * 0.9, rate 0.1, weight decay 5e-4 on the kernels, ×0.1 after half and three quarters of the epochs.
 */
export const CIFAR_RECIPE_DEFAULTS: HParams = {
  optimizer: 'sgd-momentum',
  lrFactor: 1,
  initializer: 'heNormal',
  schedule: 'step',
  weightDecay: 5e-4,
};

/** Batch 128 for 200 epochs; early stopping is off (patience = the epochs), as in the recipe. */
export const CIFAR_TRAINING: TrainingSettings = { batchSize: 128, maxEpochs: 200, patience: 200 };

/** Maxout has no place on a residual sum (see src/models/resnet.ts); the small CNN has it in the image-classification task. */
export const CIFAR_EXCLUDED_ACTIVATIONS = ['maxout-2', 'maxout-3', 'maxout-4'];

export const CIFAR_SETTINGS: Settings = {
  model: {
    values: [...IMAGE_MODELS],
    default: 'resnet20',
    description:
      "resnet20/32/56 (He et al. 2016, 3 stages), resnet18 (CIFAR variant), R17's networks resnet164 (pre-activation bottleneck), wrn-28-10 (dropout 0.3), densenet100-12 and densenet-bc100-12, or the small CNN at its default size",
  },
  preActivation: {
    values: [false, true],
    default: false,
    description:
      "resnet20/32/56/18: pre-activation blocks (He et al. 2016b) instead of post-activation ones (R17's networks are pre-activation anyway)",
  },
  ...augmentationChoice('crop-flip'),
  ...TRAIN_FRACTION_SETTING,
};

async function prepareImageTask(context: TaskContext, taskName: string, model: ImageModel, sizes: HParams): Promise<Problem> {
  const splits = await loadImageSplits(context, taskName);
  const augmentation = augmentationSetting(context.settings['augmentation']);
  const built = buildImageModel({
    model,
    inputShape: imageShape(splits),
    numClasses: splits.classNames.length,
    activation: context.activation,
    kernelInitializer: String(context.hparams['initializer']),
    seed: context.seed,
    preActivation: context.settings['preActivation'] === true,
    smallCnn: {
      ...(sizes['blocks'] !== undefined ? { blocks: Number(sizes['blocks']) } : {}),
      ...(sizes['filters'] !== undefined ? { filters: Number(sizes['filters']) } : {}),
      ...(sizes['denseUnits'] !== undefined ? { denseUnits: Number(sizes['denseUnits']) } : {}),
      ...(sizes['dropout'] !== undefined ? { dropout: Number(sizes['dropout']) } : {}),
    },
  });
  return imageClassificationProblem(built, splits, { augmentation, seed: context.seed });
}

/** A CIFAR task: the model setting's network on `dataset` (32×32 RGB, `classes` classes by default) with the recipe's defaults. */
export function cifarTask(name: string, dataset: string, classes: number, description: string): TaskPlugin {
  return {
    name,
    group: 'vision',
    description,
    // The CIFAR ResNets are built for 32×32 RGB and the recipe's 10 or 100 classes.
    defaultDataset: dataset,
    onlyDatasets: [dataset],
    searchSpace: VISION_OPTIMIZATION_SPACE,
    // nesterov, milestones, lrDecay, batchSize, epochs: R17's networks' own recipes (presets.ts).
    recipeSpace: RECIPE_SPACE,
    defaults: CIFAR_RECIPE_DEFAULTS,
    settings: CIFAR_SETTINGS,
    metrics: ['accuracy', 'macroF1'],
    primaryMetric: 'accuracy',
    training: CIFAR_TRAINING,
    excludedActivations: CIFAR_EXCLUDED_ACTIVATIONS,
    prepare: (context) => prepareImageTask(context, name, String(context.settings['model']) as ImageModel, {}),
    probe: (context) => ({
      model: buildImageModel({
        model: String(context.settings['model']) as ImageModel,
        inputShape: [32, 32, 3],
        numClasses: classes,
        activation: context.activation,
        kernelInitializer: String(context.hparams['initializer']),
        seed: context.seed,
        preActivation: context.settings['preActivation'] === true,
      }),
      inputShape: [32, 32, 3],
      numClasses: classes,
    }),
  };
}

/** The small CNN's searchable sizes (E18's CNN space, narrowed to what trains quickly on a CPU). */
export const SMALL_CNN_SPACE = {
  blocks: { kind: 'int', min: 1, max: 3 },
  filters: { kind: 'int', min: 8, max: 64 },
  denseUnits: { kind: 'int', min: 30, max: 500 },
  dropout: { kind: 'uniform', min: 0.1, max: 0.75 },
} as const;

export const IMAGE_CLASSIFICATION_SETTINGS: Settings = { ...augmentationChoice('none'), ...TRAIN_FRACTION_SETTING };

/** The small CNN on any image dataset, with its sizes from the hyperparameters. */
export function prepareSmallCnnTask(context: TaskContext, taskName: string): Promise<Problem> {
  return prepareImageTask(context, taskName, 'small-cnn', context.hparams);
}

/**
 * The image-resnet task's settings: the depth and width of a pre-activation CIFAR-style ResNet
 * (option A shortcuts), small enough for a CPU, on any image dataset.
 */
export const IMAGE_RESNET_SETTINGS: Settings = {
  depth: { values: [8, 14, 20, 32, 44, 56], default: 20, description: 'depth 6n + 2: three stages of n pre-activation basic blocks' },
  width: {
    values: [4, 8, 16],
    default: 16,
    description: 'channels of the first stage (the paper’s 16); the other two stages have 2× and 4× as many',
  },
  ...augmentationChoice('none'),
  ...TRAIN_FRACTION_SETTING,
};

/** A pre-activation ResNet of the settings' depth and width on any image dataset. */
export async function prepareImageResNetTask(context: TaskContext, taskName: string): Promise<Problem> {
  const splits = await loadImageSplits(context, taskName);
  const model = buildCifarResNet({
    depth: Number(context.settings['depth']),
    width: Number(context.settings['width']),
    preActivation: true,
    inputShape: imageShape(splits),
    numClasses: splits.classNames.length,
    activation: context.activation,
    kernelInitializer: String(context.hparams['initializer']),
    seed: context.seed,
  });
  return imageClassificationProblem(model, splits, {
    augmentation: augmentationSetting(context.settings['augmentation']),
    seed: context.seed,
  });
}
