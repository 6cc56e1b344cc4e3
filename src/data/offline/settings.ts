// A dataset's load() reads its settings through here: the registry's resolver (the one tasks
// use too) checks them against the declaration, matches "2000" or "false" typed on the command
// line to the declared number or boolean, and fills in the defaults.
import type { SettingValues } from '../../plugins/settings.js';
import { resolveDatasetSettings } from '../registry.js';
import type { Dataset, LoadOptions } from '../types.js';

/** The dataset's settings with defaults, validated. */
export function settingsFor(dataset: Dataset, options: LoadOptions | undefined): SettingValues {
  return resolveDatasetSettings(dataset, options?.settings);
}

export const DEFAULT_SEED = 1;
