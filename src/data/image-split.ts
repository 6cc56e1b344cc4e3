// The dev set of image datasets whose source has only train and test (CIFAR, MNIST,
// Fashion-MNIST): a seeded, class-stratified hold-out from the official training images.
import { seededRandom, shuffled } from '../util/random.js';
import { subsetImages } from './images.js';
import type { ImageSet, ImageSplits } from './types.js';

/** Training images held out as dev: 5,000, as is usual for CIFAR and MNIST. */
export const IMAGE_DEV_COUNT = 5000;

/** The one-line account of the split for dataset listings. */
export const IMAGE_DEV_DESCRIPTION =
  'dev: 5,000 training images held out (a tenth of train when it holds fewer than 50,000), stratified by class, seeded; train and dev in a seeded random order, test in the official one';

/** How many of `trainCount` images go to dev: 5,000, or a tenth for small (generated) sets. */
export function imageDevCount(trainCount: number): number {
  return Math.min(IMAGE_DEV_COUNT, Math.round(trainCount / 10));
}

/**
 * Per-class shares of `total` that add up to exactly `total`, each proportional to the class's
 * size (largest remainders get the leftover units; ties go to the lower class index).
 */
function proportionalShares(classSizes: number[], total: number): number[] {
  const all = classSizes.reduce((sum, size) => sum + size, 0);
  const exact = classSizes.map((size) => (size * total) / all);
  const shares = exact.map(Math.floor);
  const leftover = total - shares.reduce((sum, share) => sum + share, 0);
  const byRemainder = exact
    .map((value, index) => ({ index, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (let k = 0; k < leftover; k++) shares[byRemainder[k]!.index]! += 1;
  return shares;
}

/**
 * Splits `set` into train and dev: `devCount` images, each class contributing in proportion to
 * its size, chosen by a generator seeded with `seed`. Both parts come in a seeded random order,
 * as the text datasets' splits do, so that their first images (a training fraction, a size
 * limit) are a fair sample whatever order the source file has; the same seed always gives
 * byte-identical sets.
 */
export function holdOutImages(set: ImageSet, devCount: number, seed: number): { train: ImageSet; dev: ImageSet } {
  if (!Number.isInteger(devCount) || devCount < 0 || devCount >= set.count) {
    throw new RangeError(`cannot hold out ${devCount} of ${set.count} images as dev`);
  }
  const byClass = new Map<number, number[]>();
  for (let index = 0; index < set.count; index++) {
    const label = set.labels[index]!;
    const members = byClass.get(label);
    if (members) members.push(index);
    else byClass.set(label, [index]);
  }
  const classes = [...byClass.keys()].sort((a, b) => a - b);
  const shares = proportionalShares(
    classes.map((label) => byClass.get(label)!.length),
    devCount,
  );
  const random = seededRandom(seed);
  const isDev = new Uint8Array(set.count);
  classes.forEach((label, k) => {
    for (const index of shuffled(byClass.get(label)!, random).slice(0, shares[k])) isDev[index] = 1;
  });
  const devIndices: number[] = [];
  const trainIndices: number[] = [];
  for (let index = 0; index < set.count; index++) (isDev[index] ? devIndices : trainIndices).push(index);
  return {
    train: subsetImages(set, Int32Array.from(shuffled(trainIndices, random))),
    dev: subsetImages(set, Int32Array.from(shuffled(devIndices, random))),
  };
}

/** Official train and test with dev held out of train (imageDevCount), as every image dataset here returns them. */
export function imageSplitsWithDev(officialTrain: ImageSet, test: ImageSet, classNames: string[], seed: number): ImageSplits {
  const { train, dev } = holdOutImages(officialTrain, imageDevCount(officialTrain.count), seed);
  return { train, dev, test, classNames };
}
