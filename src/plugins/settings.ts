// The one settings model of tasks and datasets: a plugin declares each setting's allowed values
// and default; the same resolver validates what a user gives (on the command line as text, in a
// spec as YAML/JSON values) and fills in the defaults, whoever declared it.
import { closestNames } from '../util/suggest.js';

export type SettingValue = string | number | boolean;
export type SettingValues = Record<string, SettingValue>;

export interface SettingDeclaration {
  values: readonly SettingValue[];
  default: SettingValue;
  description: string;
}

export type SettingDeclarations = Record<string, SettingDeclaration>;

/** A setting that is not declared, or a value that is not allowed; `setting` names it for field paths. */
export class SettingError extends Error {
  override name = 'SettingError';
  constructor(
    readonly setting: string,
    message: string,
    /** unknown: nobody declares the name; value: a value not allowed; ambiguous: both declare it. */
    readonly reason: 'unknown' | 'value' | 'ambiguous' = 'unknown',
  ) {
    super(message);
  }
}

/**
 * The declared value `value` stands for: itself, or the one it spells, since the command line
 * gives "0.05" and "false" and YAML may quote a number.
 */
export function matchSetting(value: unknown, allowed: readonly SettingValue[]): SettingValue | undefined {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return undefined;
  return allowed.find((choice) => choice === value) ?? allowed.find((choice) => String(choice) === String(value));
}

/** "did you mean x? " for a name close to one of `names` (camelCase compared case-blind). */
export function didYouMean(name: string, names: readonly string[]): string {
  const close = closestNames(
    name,
    names.map((n) => n.toLowerCase()),
  ).map((lower) => names.find((n) => n.toLowerCase() === lower)!);
  return close.length > 0 ? `did you mean ${close.join(', ')}? ` : '';
}

/** `given` is the name as written (task.NAME, dataset.NAME), for field paths. */
function unknownSetting(owner: string, name: string, names: readonly string[], given = name): SettingError {
  return new SettingError(
    given,
    `${owner}: unknown setting '${name}'; ${names.length > 0 ? `${didYouMean(name, names)}settings: ${names.join(', ')}` : 'it has none'}`,
  );
}

function checkValue(owner: string, declared: SettingDeclarations, key: string, value: unknown): SettingValue {
  const match = matchSetting(value, declared[key]!.values);
  if (match === undefined)
    throw new SettingError(key, `${owner}: setting ${key}=${String(value)} is not one of ${declared[key]!.values.join(', ')}`, 'value');
  return match;
}

/**
 * `given` checked against `declared`, with every default filled in. `owner` ("task 'x'",
 * "dataset 'y'") starts each message.
 */
export function resolveSettings(owner: string, declared: SettingDeclarations = {}, given: Record<string, unknown> = {}): SettingValues {
  const names = Object.keys(declared);
  const resolved: SettingValues = {};
  for (const [key, value] of Object.entries(given)) {
    if (!Object.hasOwn(declared, key)) throw unknownSetting(owner, key, names);
    resolved[key] = checkValue(owner, declared, key, value);
  }
  for (const key of names) if (!(key in resolved)) resolved[key] = declared[key]!.default;
  return resolved;
}

/** The values of `resolved` that differ from their declared defaults. */
export function nonDefaultSettings(declared: SettingDeclarations = {}, resolved: SettingValues): SettingValues {
  return Object.fromEntries(
    Object.entries(resolved).filter(([key, value]) => declared[key] === undefined || String(declared[key].default) !== String(value)),
  );
}

export interface SettingsOwner {
  /** "task 'sequence-tagging'". */
  label: string;
  declared: SettingDeclarations | undefined;
}

/**
 * One bag of settings, as a user writes it for a run (`--set`, a spec's `settings`), split
 * between the task and its dataset by who declares each name, then resolved by each. A name both
 * declare must be qualified, `task.NAME` or `dataset.NAME`; a name neither declares is an error
 * listing both, unless `isOther` claims it (`--set` also takes hyperparameters).
 */
export function routeSettings(
  task: SettingsOwner,
  dataset: SettingsOwner,
  given: Record<string, unknown>,
  isOther: (name: string) => boolean = () => false,
): { task: SettingValues; dataset: SettingValues; other: Record<string, unknown> } {
  const taskNames = Object.keys(task.declared ?? {});
  const datasetNames = Object.keys(dataset.declared ?? {});
  const toTask: Record<string, unknown> = {};
  const toDataset: Record<string, unknown> = {};
  const other: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(given)) {
    const qualified = /^(task|dataset)\.(.+)$/.exec(key);
    const name = qualified ? qualified[2]! : key;
    const inTask = taskNames.includes(name);
    const inDataset = datasetNames.includes(name);
    if (qualified?.[1] === 'task' || (!qualified && inTask && !inDataset)) {
      if (!inTask) throw unknownSetting(task.label, name, taskNames, key);
      toTask[name] = value;
    } else if (qualified?.[1] === 'dataset' || (!qualified && inDataset && !inTask)) {
      if (!inDataset) throw unknownSetting(dataset.label, name, datasetNames, key);
      toDataset[name] = value;
    } else if (inTask && inDataset) {
      throw new SettingError(
        key,
        `'${key}' is a setting of both ${task.label} and ${dataset.label}: write task.${key} or dataset.${key}`,
        'ambiguous',
      );
    } else if (isOther(key)) {
      other[key] = value;
    } else {
      const lists = [
        `${task.label} settings: ${taskNames.join(', ') || 'none'}`,
        `${dataset.label} settings: ${datasetNames.join(', ') || 'none'}`,
      ];
      throw new SettingError(
        key,
        `no setting '${key}' in ${task.label} or ${dataset.label}; ${didYouMean(key, [...taskNames, ...datasetNames])}${lists.join('; ')}`,
      );
    }
  }
  return {
    task: resolveSettings(task.label, task.declared, toTask),
    dataset: resolveSettings(dataset.label, dataset.declared, toDataset),
    other,
  };
}
