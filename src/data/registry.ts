// The dataset registry: one file per dataset in datasets/, discovered like the activations.
import { discoverPlugins } from '../plugins/discover.js';
import { resolveSettings, type SettingValues } from '../plugins/settings.js';
import { closestNames } from '../util/suggest.js';
import type { Dataset, DatasetGroup, ImageClassificationDataset, TaggingDataset, TextClassificationDataset } from './types.js';

export class UnknownDatasetError extends Error {
  override name = 'UnknownDatasetError';
}

const NAME_PATTERN = /^[a-z][a-z0-9-]*$/;

/**
 * The groups each kind of data may be listed under. A task takes every dataset of its group, so
 * a group must promise the kind of data the task's prepare() reads.
 */
const GROUPS_OF_KIND: Record<Dataset['kind'], DatasetGroup[]> = {
  'text-classification': ['sentence', 'document'],
  tagging: ['tagging'],
  'image-classification': ['vision'],
};

function checkDeclaration(kind: Dataset['kind'], declared: { name: string; group: DatasetGroup }): void {
  if (!NAME_PATTERN.test(declared.name)) throw new Error(`dataset '${declared.name}': the name must be lowercase letters, digits or '-'`);
  if (!GROUPS_OF_KIND[kind].includes(declared.group)) throw new Error(`dataset '${declared.name}': a ${kind} dataset belongs to group ${GROUPS_OF_KIND[kind].join(' or ')}, not '${declared.group}'`);
}

export function defineTextDataset(declared: Omit<TextClassificationDataset, 'kind'>): TextClassificationDataset {
  checkDeclaration('text-classification', declared);
  return { kind: 'text-classification', ...declared };
}

export function defineTaggingDataset(declared: Omit<TaggingDataset, 'kind'>): TaggingDataset {
  checkDeclaration('tagging', declared);
  return { kind: 'tagging', ...declared };
}

export function defineImageDataset(declared: Omit<ImageClassificationDataset, 'kind'>): ImageClassificationDataset {
  checkDeclaration('image-classification', declared);
  return { kind: 'image-classification', ...declared };
}

function checkDataset(value: unknown, file: string): Dataset {
  const candidate = value as Partial<Dataset> | null;
  if (!candidate || typeof candidate !== 'object' || typeof candidate.name !== 'string' || typeof candidate.load !== 'function') {
    throw new Error(`${file}: default export is not a dataset (use defineTextDataset, defineTaggingDataset or defineImageDataset)`);
  }
  return candidate as Dataset;
}

export interface DatasetRegistry {
  all: Dataset[];
  /** Throws UnknownDatasetError naming close matches. */
  get(name: string): Dataset;
}

function buildRegistry(all: Dataset[]): DatasetRegistry {
  const byName = new Map<string, Dataset>();
  for (const dataset of all) {
    if (byName.has(dataset.name)) throw new Error(`dataset name '${dataset.name}' is declared twice`);
    byName.set(dataset.name, dataset);
  }
  return {
    all,
    get: (name) => {
      const found = byName.get(name.toLowerCase());
      if (found) return found;
      const close = closestNames(name, [...byName.keys()]);
      throw new UnknownDatasetError(`unknown dataset '${name}'${close.length > 0 ? `; did you mean ${close.join(', ')}?` : `; run 'actbench datasets' for the list`}`);
    },
  };
}

let loading: Promise<DatasetRegistry> | undefined;

export function loadDatasets(): Promise<DatasetRegistry> {
  loading ??= discoverPlugins(new URL('../../datasets/', import.meta.url), checkDataset).then(buildRegistry);
  return loading;
}

/** The settings a dataset declared, with defaults filled in; unknown names or values are rejected (the one resolver tasks use too). */
export function resolveDatasetSettings(dataset: Dataset, given: Record<string, unknown> = {}): SettingValues {
  return resolveSettings(`dataset '${dataset.name}'`, dataset.settings, given);
}
