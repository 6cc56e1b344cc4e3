// train/dev/test CoNLL files in one folder, for the tagging dataset entries.
import path from 'node:path';
import type { Splits, TaggedSentence } from '../types.js';
import { readConll, type ConllOptions } from './conll.js';
import { carveDev, findOptional, locateDataFiles } from './data-dir.js';

export interface ConllSplitsSpec {
  dataset: string;
  origin: string;
  subfolders?: string[];
  /** File name endings tried for train, dev and test, in order: ['.txt', '.dat']. */
  extensions: string[];
}

/**
 * Reads <folder>/train and test (required) and dev when present; without a dev file, dev is
 * 10% of the training sentences, seeded (CoNLL-2000 ships only train.txt and test.txt).
 */
export async function loadConllSplits(dataDir: string | undefined, seed: number, spec: ConllSplitsSpec, read: ConllOptions): Promise<Splits<TaggedSentence>> {
  const names = (split: string): string[] => spec.extensions.map((extension) => `${split}${extension}`);
  const files = await locateDataFiles(dataDir, {
    dataset: spec.dataset,
    origin: spec.origin,
    ...(spec.subfolders ? { subfolders: spec.subfolders } : {}),
    required: { train: names('train'), test: names('test') },
  });
  const train = await readConll(files.train, read);
  const test = await readConll(files.test, read);
  const devFile = await findOptional(path.dirname(files.train), names('dev'));
  if (devFile !== undefined) return { train, dev: await readConll(devFile, read), test };
  return carveDev(train, test, seed);
}
