// Finding a dataset's original files under the folder the user names (--data-dir), and the
// seeded dev split carved from an official training set.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { splitSeeded } from '../split.js';
import type { Splits } from '../types.js';
import { InputError } from '../../util/input-error.js';

/** No data folder was given, or none of the places looked at holds the dataset's files. */
export class DataNotFoundError extends InputError {
  override name = 'DataNotFoundError';
}

/** Share of an official training set moved to dev where the source has no dev set. */
export const DEV_FRACTION = 0.1;

export interface DataFilesSpec<K extends string> {
  dataset: string;
  /** Where the files come from, e.g. "rt-polaritydata.tar.gz (Pang & Lee 2005)". */
  origin: string;
  /**
   * Subfolders of the data folder also looked in, usually the folder the original archive
   * unpacks to; <dataDir>/<dataset name> is always tried after <dataDir> itself.
   */
  subfolders?: string[];
  /** Each key is satisfied by the first of its alternative names that exists (file or folder). */
  required: Record<K, string[]>;
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/** "a, b or c" (or "and"), as a sentence lists things. */
function list(items: string[], last: 'or' | 'and'): string {
  return items.length === 1 ? items[0]! : `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1]!}`;
}

/** "train.dat (or train.txt)": the first name is the one the original release uses. */
function alternatives(names: string[]): string {
  return names.length === 1 ? names[0]! : `${names[0]!} (or ${names.slice(1).join(', ')})`;
}

/** The folders searched for a dataset, in order, as a user would write them. */
export function candidateFolders(dataDir: string, spec: Pick<DataFilesSpec<string>, 'dataset' | 'subfolders'>): string[] {
  const folders = [dataDir, path.join(dataDir, spec.dataset), ...(spec.subfolders ?? []).map((sub) => path.join(dataDir, sub))];
  return [...new Set(folders)];
}

/**
 * Full paths of the required files, from the first candidate folder that holds all of them.
 * Every failure is one line saying which files are expected in which folder, since the user
 * has to go and fetch them: none of these datasets can be installed offline.
 */
export async function locateDataFiles<K extends string>(dataDir: string | undefined, spec: DataFilesSpec<K>): Promise<Record<K, string>> {
  const keys = Object.keys(spec.required) as K[];
  const wanted = list(
    keys.map((key) => alternatives(spec.required[key])),
    'and',
  );
  if (dataDir === undefined || dataDir === '') {
    throw new DataNotFoundError(
      `dataset '${spec.dataset}' needs its original files, which are not installable offline: pass --data-dir DIR where ` +
        `${list(candidateFolders('DIR', spec), 'or')} holds ${wanted} (from ${spec.origin})`,
    );
  }
  const folders = candidateFolders(dataDir, spec);
  for (const folder of folders) {
    const found = {} as Record<K, string>;
    let complete = true;
    for (const key of keys) {
      let hit: string | undefined;
      for (const name of spec.required[key]) {
        if (await exists(path.join(folder, name))) {
          hit = path.join(folder, name);
          break;
        }
      }
      if (hit === undefined) {
        complete = false;
        break;
      }
      found[key] = hit;
    }
    if (complete) return found;
  }
  throw new DataNotFoundError(
    `dataset '${spec.dataset}': expected ${wanted} in ${list(folders, 'or')} (from ${spec.origin}); these datasets are not installable offline`,
  );
}

/** The first of `names` that exists in `folder`, for optional files such as a dev set. */
export async function findOptional(folder: string, names: string[]): Promise<string | undefined> {
  for (const name of names) if (await exists(path.join(folder, name))) return path.join(folder, name);
  return undefined;
}

/**
 * Official train/test, with dev carved from train: seeded, and stratified when `labelOf` is
 * given so that a rare class keeps its share of dev. The official test set is never touched.
 */
export function carveDev<E>(train: readonly E[], test: E[], seed: number, labelOf?: (item: E) => string): Splits<E> {
  const carved = splitSeeded(train, { dev: DEV_FRACTION, test: 0 }, seed, labelOf);
  return { train: carved.train, dev: carved.dev, test };
}
