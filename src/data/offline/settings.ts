// Settings arrive from the command line as strings ("limit=2000", "subject=false") and from code
// as typed values; both must pass the registry's check against the declared values.
import { resolveSettings } from '../registry.js';
import type { Dataset, LoadOptions } from '../types.js';

function coerce(value: string | number | boolean, allowed: readonly (string | number | boolean)[]): string | number | boolean {
  if (typeof value !== 'string' || allowed.includes(value)) return value;
  for (const candidate of allowed) if (String(candidate) === value) return candidate;
  return value;
}

/** The dataset's settings with defaults, validated; typed strings are matched to declared numbers and booleans. */
export function settingsFor(dataset: Dataset, options: LoadOptions | undefined): Record<string, string | number | boolean> {
  const declared = dataset.settings ?? {};
  const given: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(options?.settings ?? {})) {
    given[key] = declared[key] ? coerce(value, declared[key].values) : value;
  }
  return resolveSettings(dataset, given);
}

export const DEFAULT_SEED = 1;
