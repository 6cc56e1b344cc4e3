// CIFAR-10 and CIFAR-100 in their binary distribution (Krizhevsky 2009, cs.toronto.edu/~kriz/cifar.html).
// A batch file is a run of fixed-size records: the label byte(s) — CIFAR-100: coarse, then
// fine — then 3072 pixel bytes, 1024 red, 1024 green, 1024 blue, each plane row-major 32×32.
// Records are converted to the NHWC layout of ImageSet while being read.
import { stat } from 'node:fs/promises';
import type { ImageSet } from '../types.js';
import { DataFormatError } from '../types.js';
import { formatErrorAt, readBinary } from './binary-file.js';
import type { DataFilesSpec } from './data-dir.js';
import { readLines } from './text-file.js';

export const CIFAR_SIDE = 32;
export const CIFAR_CHANNELS = 3;
const PLANE = CIFAR_SIDE * CIFAR_SIDE;
const PIXELS = PLANE * CIFAR_CHANNELS;

/** The label bytes at the start of every record, in file order, with each one's class count. */
export interface CifarFormat {
  labels: { name: string; classes: number }[];
  /** Index into `labels` of the label kept as the image's class. */
  keep: number;
}

export const CIFAR10_FORMAT: CifarFormat = { labels: [{ name: 'label', classes: 10 }], keep: 0 };

export type Cifar100Labels = 'fine' | 'coarse';

export function cifar100Format(labels: Cifar100Labels): CifarFormat {
  return {
    labels: [
      { name: 'coarse label', classes: 20 },
      { name: 'fine label', classes: 100 },
    ],
    keep: labels === 'coarse' ? 0 : 1,
  };
}

/** Number of classes of the kept label. */
export function cifarClassCount(format: CifarFormat): number {
  return format.labels[format.keep]!.classes;
}

export function cifarRecordBytes(format: CifarFormat): number {
  return format.labels.length + PIXELS;
}

function describeRecord(format: CifarFormat): string {
  const labelNames = format.labels.map((label) => label.name).join(', ');
  return `${cifarRecordBytes(format)}-byte CIFAR records (${labelNames}, then 3072 pixel bytes)`;
}

/** Checks a whole batch file's size and labels before anything is converted; returns its record count. */
function checkBatch(file: string, bytes: Uint8Array, format: CifarFormat): number {
  const recordBytes = cifarRecordBytes(format);
  if (bytes.length === 0) throw formatErrorAt(file, 0, `empty file; expected ${describeRecord(format)}`);
  const whole = Math.floor(bytes.length / recordBytes);
  if (whole * recordBytes !== bytes.length) {
    const missing = recordBytes - (bytes.length - whole * recordBytes);
    throw formatErrorAt(
      file,
      whole * recordBytes,
      `truncated or wrong-sized file: ${bytes.length} bytes is not a whole number of ${describeRecord(format)}; record ${whole + 1} starts here and lacks ${missing} bytes`,
    );
  }
  for (const [index, label] of format.labels.entries()) {
    for (let at = index; at < bytes.length; at += recordBytes) {
      const value = bytes[at]!;
      if (value >= label.classes) {
        const record = Math.floor(at / recordBytes);
        throw formatErrorAt(file, at, `record ${record + 1}: ${label.name} ${value} is outside 0..${label.classes - 1}`);
      }
    }
  }
  return whole;
}

/** Planar RGB records → NHWC pixels and the kept labels, written into `into` from image `first` on. */
function convertBatch(bytes: Uint8Array, count: number, format: CifarFormat, into: ImageSet, first: number): void {
  const recordBytes = cifarRecordBytes(format);
  const labelBytes = format.labels.length;
  const { pixels, labels } = into;
  for (let record = 0; record < count; record++) {
    const source = record * recordBytes;
    const target = (first + record) * PIXELS;
    labels[first + record] = bytes[source + format.keep]!;
    const red = source + labelBytes;
    for (let p = 0; p < PLANE; p++) {
      const out = target + p * CIFAR_CHANNELS;
      pixels[out] = bytes[red + p]!;
      pixels[out + 1] = bytes[red + PLANE + p]!;
      pixels[out + 2] = bytes[red + 2 * PLANE + p]!;
    }
  }
}

/**
 * The records of `files`, in order, as one ImageSet. The output is allocated once from the
 * files' sizes, and each file is read whole and converted in turn, so the peak is the set plus
 * one batch file (about 180 MB for the CIFAR-10 training set).
 */
export async function readCifarBatches(files: string[], format: CifarFormat): Promise<ImageSet> {
  const recordBytes = cifarRecordBytes(format);
  const sizes = await Promise.all(files.map(async (file) => (await stat(file).catch(() => undefined))?.size ?? 0));
  const capacity = sizes.reduce((sum, size) => sum + Math.floor(size / recordBytes), 0);
  const set: ImageSet = {
    pixels: new Uint8Array(capacity * PIXELS),
    labels: new Int32Array(capacity),
    count: capacity,
    height: CIFAR_SIDE,
    width: CIFAR_SIDE,
    channels: CIFAR_CHANNELS,
  };
  let filled = 0;
  for (const [index, file] of files.entries()) {
    const bytes = await readBinary(file, describeRecord(format));
    const count = checkBatch(file, bytes, format);
    // The file changed between stat and read: the sizes no longer describe the allocation.
    if (bytes.length !== sizes[index])
      throw new DataFormatError(file, undefined, `changed while being read (${sizes[index]} bytes, then ${bytes.length})`);
    convertBatch(bytes, count, format, set, filled);
    filled += count;
  }
  return set;
}

/** Class names, one a line (batches.meta.txt, fine_label_names.txt, coarse_label_names.txt); exactly `count` of them. */
export async function readClassNames(file: string, count: number): Promise<string[]> {
  const names = (await readLines(file, 'utf8', `${count} class names, one a line`))
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (names.length !== count)
    throw new DataFormatError(file, undefined, `expected ${count} class names, one a line; found ${names.length}`);
  return names;
}

export const CIFAR10_FILES: DataFilesSpec<'batch1' | 'batch2' | 'batch3' | 'batch4' | 'batch5' | 'test' | 'meta'> = {
  dataset: 'cifar10',
  origin: 'cifar-10-binary.tar.gz from cs.toronto.edu/~kriz/cifar.html, or run actbench data fetch cifar10',
  subfolders: ['cifar-10-batches-bin'],
  required: {
    batch1: ['data_batch_1.bin'],
    batch2: ['data_batch_2.bin'],
    batch3: ['data_batch_3.bin'],
    batch4: ['data_batch_4.bin'],
    batch5: ['data_batch_5.bin'],
    test: ['test_batch.bin'],
    meta: ['batches.meta.txt'],
  },
};

export const CIFAR100_FILES: DataFilesSpec<'train' | 'test' | 'fine' | 'coarse'> = {
  dataset: 'cifar100',
  origin: 'cifar-100-binary.tar.gz from cs.toronto.edu/~kriz/cifar.html, or run actbench data fetch cifar100',
  subfolders: ['cifar-100-binary'],
  required: {
    train: ['train.bin'],
    test: ['test.bin'],
    fine: ['fine_label_names.txt'],
    coarse: ['coarse_label_names.txt'],
  },
};
