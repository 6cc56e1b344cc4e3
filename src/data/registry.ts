// The dataset registry: one file per dataset in datasets/, discovered like the activations.
import { discoverPlugins } from '../plugins/discover.js';
import { closestNames } from '../util/suggest.js';
import type { Dataset, ImageClassificationDataset, TaggingDataset, TextClassificationDataset } from './types.js';

export class UnknownDatasetError extends Error {
  override name = 'UnknownDatasetError';
}

const NAME_PATTERN = /^[a-z][a-z0-9-]*$/;

function checkName(name: string): void {
  if (!NAME_PATTERN.test(name)) throw new Error(`dataset '${name}': the name must be lowercase letters, digits or '-'`);
}

export function defineTextDataset(declared: Omit<TextClassificationDataset, 'kind'>): TextClassificationDataset {
  checkName(declared.name);
  return { kind: 'text-classification', ...declared };
}

export function defineTaggingDataset(declared: Omit<TaggingDataset, 'kind'>): TaggingDataset {
  checkName(declared.name);
  return { kind: 'tagging', ...declared };
}

export function defineImageDataset(declared: Omit<ImageClassificationDataset, 'kind'>): ImageClassificationDataset {
  checkName(declared.name);
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
      throw new UnknownDatasetError(`unknown dataset '${name}'${close.length > 0 ? `; did you mean ${close.join(', ')}?` : `; run 'actbench tasks' for the list`}`);
    },
  };
}

let loading: Promise<DatasetRegistry> | undefined;

export function loadDatasets(): Promise<DatasetRegistry> {
  loading ??= discoverPlugins(new URL('../../datasets/', import.meta.url), checkDataset).then(buildRegistry);
  return loading;
}

/** The settings a dataset declared, with defaults filled in; unknown names or values are rejected. */
export function resolveSettings(dataset: Dataset, given: Record<string, string | number | boolean> = {}): Record<string, string | number | boolean> {
  const declared = dataset.settings ?? {};
  const resolved: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(given)) {
    const spec = declared[key];
    if (!spec) throw new Error(`dataset '${dataset.name}': unknown setting '${key}'${Object.keys(declared).length > 0 ? `; settings: ${Object.keys(declared).join(', ')}` : ' (it has none)'}`);
    if (!spec.values.includes(value)) throw new Error(`dataset '${dataset.name}': setting ${key}=${String(value)} is not one of ${spec.values.join(', ')}`);
    resolved[key] = value;
  }
  for (const [key, spec] of Object.entries(declared)) if (!(key in resolved)) resolved[key] = spec.default;
  return resolved;
}
