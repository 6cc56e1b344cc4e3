// Generated CIFAR-10/100 binary files in the real layout, small, for the reader, dataset,
// fetch and task tests. Every pixel byte is a known function of (image, channel, row, column),
// so a test can check the NHWC conversion at exact positions.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const SIDE = 32;
const PLANE = SIDE * SIDE;

/** The byte the generated files hold for `image` (counted across the files of a split), channel, row, column. */
export function generatedPixel(image: number, channel: number, row: number, column: number): number {
  return (image * 31 + channel * 85 + row * 8 + column * 3) % 256;
}

/** Records with the given label bytes each (one for CIFAR-10, coarse and fine for CIFAR-100), image numbers from `first`. */
export function cifarRecords(labelBytes: number[][], first = 0): Buffer {
  const recordBytes = (labelBytes[0]?.length ?? 1) + 3 * PLANE;
  const bytes = Buffer.alloc(labelBytes.length * recordBytes);
  labelBytes.forEach((labels, record) => {
    const start = record * recordBytes;
    labels.forEach((label, k) => (bytes[start + k] = label));
    const pixels = start + labels.length;
    for (let channel = 0; channel < 3; channel++) {
      for (let row = 0; row < SIDE; row++) {
        for (let column = 0; column < SIDE; column++)
          bytes[pixels + channel * PLANE + row * SIDE + column] = generatedPixel(first + record, channel, row, column);
      }
    }
  });
  return bytes;
}

/** CIFAR-10 label of generated image i (train and test alike). */
export const cifar10Label = (image: number): number => image % 10;
/** CIFAR-100 fine and coarse labels of generated image i (the coarse one is not the real grouping; it only has to be in range). */
export const cifar100Fine = (image: number): number => (image * 7) % 100;
export const cifar100Coarse = (image: number): number => image % 20;

const CIFAR10_NAMES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

function write(file: string, content: Buffer | string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

/**
 * <root>/cifar-10-batches-bin/ with data_batch_1..5.bin of `perBatch` records each (images
 * numbered across the batches), test_batch.bin of `testCount`, and batches.meta.txt (which,
 * like the original, ends with blank lines). Returns the folder.
 */
export function writeCifar10(root: string, perBatch: number, testCount: number): string {
  const folder = path.join(root, 'cifar-10-batches-bin');
  for (let batch = 0; batch < 5; batch++) {
    const first = batch * perBatch;
    const labels = Array.from({ length: perBatch }, (_, i) => [cifar10Label(first + i)]);
    write(path.join(folder, `data_batch_${batch + 1}.bin`), cifarRecords(labels, first));
  }
  write(path.join(folder, 'test_batch.bin'), cifarRecords(Array.from({ length: testCount }, (_, i) => [cifar10Label(i)])));
  write(path.join(folder, 'batches.meta.txt'), `${CIFAR10_NAMES.join('\n')}\n\n`);
  write(path.join(folder, 'readme.html'), '<meta HTTP-EQUIV="REFRESH" content="0; URL=http://www.cs.toronto.edu/~kriz/cifar.html">\n');
  return folder;
}

/** <root>/cifar-100-binary/ with train.bin, test.bin and the two name files. Returns the folder. */
export function writeCifar100(root: string, trainCount: number, testCount: number): string {
  const folder = path.join(root, 'cifar-100-binary');
  const labels = (count: number) => Array.from({ length: count }, (_, i) => [cifar100Coarse(i), cifar100Fine(i)]);
  write(path.join(folder, 'train.bin'), cifarRecords(labels(trainCount)));
  write(path.join(folder, 'test.bin'), cifarRecords(labels(testCount)));
  write(path.join(folder, 'fine_label_names.txt'), Array.from({ length: 100 }, (_, i) => `fine_${i}\n`).join(''));
  write(path.join(folder, 'coarse_label_names.txt'), Array.from({ length: 20 }, (_, i) => `coarse_${i}\n`).join(''));
  return folder;
}
