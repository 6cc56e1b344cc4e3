import { defineImageDataset } from '../src/data/registry.js';
import { IMAGE_DEV_DESCRIPTION } from '../src/data/image-split.js';
import { loadIdxSplits, MNIST_CLASS_NAMES, MNIST_PACKAGE, mnistPackageFiles } from '../src/data/mnist-family.js';
import { packageSource } from '../src/data/offline/package-files.js';
import { DEFAULT_SEED } from '../src/data/offline/settings.js';

export default defineImageDataset({
  name: 'mnist',
  group: 'vision',
  source: packageSource(MNIST_PACKAGE, 'data/*-idx?-ubyte: MNIST handwritten digits (LeCun, Cortes & Burges), 28×28 grey, 10 classes'),
  size: 70000,
  offline: true,
  imageShape: [28, 28, 1],
  splitDescription: `official train (60,000) and test (10,000); ${IMAGE_DEV_DESCRIPTION}`,
  load: async (options = {}) => loadIdxSplits(mnistPackageFiles(), MNIST_CLASS_NAMES, options.seed ?? DEFAULT_SEED),
});
