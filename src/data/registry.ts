// The dataset registry: one file per dataset in datasets/, discovered like the activations.
import { buildPluginRegistry, pluginFolder, UnknownPluginError, type PluginRegistry } from '../plugins/registry.js';
import { resolveSettings, type SettingValues } from '../plugins/settings.js';
import type { Dataset, DatasetGroup, ImageClassificationDataset, TaggingDataset, TextClassificationDataset } from './types.js';

export class UnknownDatasetError extends UnknownPluginError {
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
  if (!GROUPS_OF_KIND[kind].includes(declared.group))
    throw new Error(
      `dataset '${declared.name}': a ${kind} dataset belongs to group ${GROUPS_OF_KIND[kind].join(' or ')}, not '${declared.group}'`,
    );
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

/** get() throws UnknownDatasetError naming close matches. */
export type DatasetRegistry = PluginRegistry<Dataset>;

const datasetFolder = pluginFolder(new URL('../../datasets/', import.meta.url), checkDataset, (all) =>
  buildPluginRegistry(all, { noun: 'dataset', listCommand: 'datasets', unknownError: UnknownDatasetError }),
);

export function loadDatasets(): Promise<DatasetRegistry> {
  return datasetFolder.load();
}

/** The settings a dataset declared, with defaults filled in; unknown names or values are rejected (the one resolver tasks use too). */
export function resolveDatasetSettings(dataset: Dataset, given: Record<string, unknown> = {}): SettingValues {
  return resolveSettings(`dataset '${dataset.name}'`, dataset.settings, given);
}
