import { defineImageDataset } from '../src/data/registry.js';
import { IMAGE_DEV_DESCRIPTION } from '../src/data/image-split.js';
import { FASHION_MNIST_CLASS_NAMES, FASHION_MNIST_SYSTEM_DIR, loadIdxSplits, locateFashionMnist } from '../src/data/mnist-family.js';
import { DEFAULT_SEED } from '../src/data/offline/settings.js';

export default defineImageDataset({
  name: 'fashion-mnist',
  group: 'vision',
  source: `Fashion-MNIST (Xiao, Rasul & Vollgraf 2017), gzipped IDX, 28×28 grey, 10 classes: ${FASHION_MNIST_SYSTEM_DIR} from Debian's dataset-fashion-mnist, or --data-dir with the original .gz files`,
  size: 70000,
  offline: true,
  imageShape: [28, 28, 1],
  splitDescription: `official train (60,000) and test (10,000); ${IMAGE_DEV_DESCRIPTION}`,
  load: async (options = {}) =>
    loadIdxSplits(await locateFashionMnist(options.dataDir), FASHION_MNIST_CLASS_NAMES, options.seed ?? DEFAULT_SEED),
});
