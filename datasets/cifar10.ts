import { defineImageDataset } from '../src/data/registry.js';
import { IMAGE_DEV_DESCRIPTION, imageSplitsWithDev } from '../src/data/image-split.js';
import { DEFAULT_SEED } from '../src/data/offline/settings.js';
import { CIFAR10_FILES, CIFAR10_FORMAT, cifarClassCount, readCifarBatches, readClassNames } from '../src/data/readers/cifar.js';
import { locateDataFiles } from '../src/data/readers/data-dir.js';

export default defineImageDataset({
  name: 'cifar10',
  group: 'vision',
  source:
    'CIFAR-10 binary version (Krizhevsky 2009): data_batch_1..5.bin, test_batch.bin and batches.meta.txt in cifar-10-batches-bin/, 32×32 RGB, 10 classes; read from --data-dir (actbench data fetch cifar10 downloads it)',
  size: 60000,
  offline: false,
  imageShape: [32, 32, 3],
  splitDescription: `official train (data_batch_1..5, 50,000) and test (test_batch, 10,000); ${IMAGE_DEV_DESCRIPTION}`,
  load: async (options = {}) => {
    const files = await locateDataFiles(options.dataDir, CIFAR10_FILES);
    const [train, test, classNames] = await Promise.all([
      readCifarBatches([files.batch1, files.batch2, files.batch3, files.batch4, files.batch5], CIFAR10_FORMAT),
      readCifarBatches([files.test], CIFAR10_FORMAT),
      readClassNames(files.meta, cifarClassCount(CIFAR10_FORMAT)),
    ]);
    return imageSplitsWithDev(train, test, classNames, options.seed ?? DEFAULT_SEED);
  },
});
