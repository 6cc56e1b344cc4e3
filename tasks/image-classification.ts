// The small CNN on any image dataset: quick vision runs on a CPU, MNIST and Fashion-MNIST offline.
import { defineTask } from '../src/task/registry.js';
import { IMAGE_CLASSIFICATION_SETTINGS, prepareSmallCnnTask, SMALL_CNN_SPACE } from '../src/task/vision-tasks.js';
import { VISION_OPTIMIZATION_SPACE } from '../src/task/study-spaces.js';

export default defineTask({
  name: 'image-classification',
  group: 'vision',
  description:
    'small CNN: blocks × [Conv 3×3 → BN → activation → max-pool] → Dense → activation → Dropout → softmax; maxout as convolutional maxout (k× channels, max over groups of k)',
  defaultDataset: 'mnist',
  searchSpace: { ...VISION_OPTIMIZATION_SPACE, ...SMALL_CNN_SPACE },
  defaults: {
    optimizer: 'adam',
    lrFactor: 1,
    initializer: 'heNormal',
    schedule: 'constant',
    weightDecay: 0,
    blocks: 2,
    filters: 32,
    denseUnits: 128,
    dropout: 0.25,
  },
  settings: IMAGE_CLASSIFICATION_SETTINGS,
  metrics: ['accuracy', 'macroF1'],
  primaryMetric: 'accuracy',
  training: { batchSize: 64, maxEpochs: 30, patience: 5 },
  prepare: (context) => prepareSmallCnnTask(context, 'image-classification'),
});
