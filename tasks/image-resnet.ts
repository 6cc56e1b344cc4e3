// Small pre-activation residual networks of a chosen depth and width on any image dataset: R17's
// question (does swish gain with depth?) at a size two CPU cores can train, MNIST and
// Fashion-MNIST offline.
import { defineTask } from '../src/task/registry.js';
import { RECIPE_SPACE } from '../src/task/training-choices.js';
import { CIFAR_EXCLUDED_ACTIVATIONS, IMAGE_RESNET_SETTINGS, prepareImageResNetTask } from '../src/task/vision-tasks.js';
import { VISION_OPTIMIZATION_SPACE } from '../src/task/study-spaces.js';

export default defineTask({
  name: 'image-resnet',
  group: 'vision',
  description:
    'pre-activation ResNet (He et al. 2016b, option A shortcuts) of depth 6n+2 (--set depth=…) and first-stage width (--set width=…) with the activation wherever ReLU stands; no maxout (see src/models/resnet.ts)',
  defaultDataset: 'fashion-mnist',
  searchSpace: VISION_OPTIMIZATION_SPACE,
  recipeSpace: RECIPE_SPACE,
  defaults: { optimizer: 'adam', lrFactor: 1, initializer: 'heNormal', schedule: 'constant', weightDecay: 0 },
  settings: IMAGE_RESNET_SETTINGS,
  metrics: ['accuracy', 'macroF1'],
  primaryMetric: 'accuracy',
  training: { batchSize: 64, maxEpochs: 30, patience: 5 },
  excludedActivations: CIFAR_EXCLUDED_ACTIVATIONS,
  prepare: (context) => prepareImageResNetTask(context, 'image-resnet'),
});
