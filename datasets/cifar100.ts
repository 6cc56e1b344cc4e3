import { defineImageDataset } from '../src/data/registry.js';
import { IMAGE_DEV_DESCRIPTION, imageSplitsWithDev } from '../src/data/image-split.js';
import { DEFAULT_SEED, settingsFor } from '../src/data/offline/settings.js';
import { CIFAR100_FILES, cifar100Format, cifarClassCount, readCifarBatches, readClassNames } from '../src/data/readers/cifar.js';
import { locateDataFiles } from '../src/data/readers/data-dir.js';

const cifar100 = defineImageDataset({
  name: 'cifar100',
  group: 'vision',
  source:
    'CIFAR-100 binary version (Krizhevsky 2009): train.bin, test.bin, fine_label_names.txt and coarse_label_names.txt in cifar-100-binary/, 32×32 RGB; read from --data-dir (actbench data fetch cifar100 downloads it)',
  size: 60000,
  offline: false,
  imageShape: [32, 32, 3],
  splitDescription: `official train (50,000) and test (10,000); ${IMAGE_DEV_DESCRIPTION}`,
  settings: {
    labels: { values: ['fine', 'coarse'], default: 'fine', description: 'fine: the 100 classes (as in R17); coarse: the 20 superclasses' },
  },
  load: async (options = {}) => {
    const labels = settingsFor(cifar100, options).labels === 'coarse' ? 'coarse' : 'fine';
    const files = await locateDataFiles(options.dataDir, CIFAR100_FILES);
    const format = cifar100Format(labels);
    const [train, test, classNames] = await Promise.all([
      readCifarBatches([files.train], format),
      readCifarBatches([files.test], format),
      readClassNames(labels === 'coarse' ? files.coarse : files.fine, cifarClassCount(format)),
    ]);
    return imageSplitsWithDev(train, test, classNames, options.seed ?? DEFAULT_SEED);
  },
});

export default cifar100;
