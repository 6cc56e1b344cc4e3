// train/dev/test CoNLL files in one folder, for the tagging dataset entries.
import path from 'node:path';
import type { SettingValues } from '../../plugins/settings.js';
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
export async function loadConllSplits(
  dataDir: string | undefined,
  seed: number,
  spec: ConllSplitsSpec,
  read: ConllOptions,
): Promise<Splits<TaggedSentence>> {
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

/** The values of the tokenColumn and tagColumn settings: auto (the detected layout's) or an index. */
export const COLUMN_SETTING_VALUES = ['auto', -1, 0, 1, 2, 3, 4, 5];

/** The reader's column options from the settings; auto leaves a column to the detected layout. */
export function columnChoice(settings: SettingValues): Pick<ConllOptions, 'tokenColumn' | 'tagColumn'> {
  const column = (value: unknown): number | undefined => (value === 'auto' ? undefined : Number(value));
  const choice: Pick<ConllOptions, 'tokenColumn' | 'tagColumn'> = {};
  const token = column(settings['tokenColumn']);
  const tag = column(settings['tagColumn']);
  if (token !== undefined) choice.tokenColumn = token;
  if (tag !== undefined) choice.tagColumn = tag;
  return choice;
}
