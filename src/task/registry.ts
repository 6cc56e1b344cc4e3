// The task registry: one plugin file per task in tasks/, discovered like the activations.
import type { Dataset } from '../data/types.js';
import { buildPluginRegistry, pluginFolder, UnknownPluginError, type PluginRegistry } from '../plugins/registry.js';
import { resolveSettings } from '../plugins/settings.js';
import { checkParam, type HParams, type SearchSpace } from './search-space.js';
import type { TaskPlugin } from './types.js';

export class UnknownTaskError extends UnknownPluginError {
  override name = 'UnknownTaskError';
}

export function defineTask(declared: TaskPlugin): TaskPlugin {
  if (!/^[a-z][a-z0-9-]*$/.test(declared.name))
    throw new Error(`task '${declared.name}': the name must be lowercase letters, digits or '-'`);
  if (!declared.metrics.includes(declared.primaryMetric))
    throw new Error(`task '${declared.name}': primaryMetric '${declared.primaryMetric}' is not one of its metrics`);
  for (const [key, spec] of Object.entries(declared.searchSpace)) {
    if (spec.kind === 'fractions')
      throw new Error(`task '${declared.name}': '${key}' is a fractions hyperparameter, which is never sampled; declare it in recipeSpace`);
    if (declared.recipeSpace?.[key]) throw new Error(`task '${declared.name}': '${key}' is declared in both searchSpace and recipeSpace`);
  }
  const hyperparameters = declaredHyperparameters(declared);
  for (const [key, value] of Object.entries(declared.defaults)) {
    const spec = hyperparameters[key];
    const problem = spec ? checkParam(key, spec, value) : `default '${key}' is not in the search space`;
    if (problem) throw new Error(`task '${declared.name}': ${problem}`);
  }
  return declared;
}

/** Every hyperparameter a run of the task may be given: the sampled ones and the recipe's. */
export function declaredHyperparameters(task: Pick<TaskPlugin, 'searchSpace' | 'recipeSpace'>): SearchSpace {
  return { ...task.searchSpace, ...task.recipeSpace };
}

function checkTask(value: unknown, file: string): TaskPlugin {
  const candidate = value as Partial<TaskPlugin> | null;
  if (!candidate || typeof candidate !== 'object' || typeof candidate.name !== 'string' || typeof candidate.prepare !== 'function') {
    throw new Error(`${file}: default export is not a task (use defineTask)`);
  }
  return candidate as TaskPlugin;
}

/** get() throws UnknownTaskError naming close matches. */
export type TaskRegistry = PluginRegistry<TaskPlugin>;

const taskFolder = pluginFolder(new URL('../../tasks/', import.meta.url), checkTask, (all) =>
  buildPluginRegistry(all, { noun: 'task', listCommand: 'tasks', unknownError: UnknownTaskError }),
);

export function loadTasks(): Promise<TaskRegistry> {
  return taskFolder.load();
}

/** The task's settings with defaults filled in; unknown names or values are rejected (the one resolver datasets use too). */
export function resolveTaskSettings(task: TaskPlugin, given: Record<string, unknown> = {}): HParams {
  return resolveSettings(`task '${task.name}'`, task.settings, given);
}

/**
 * The datasets a task runs on, its default first: every dataset of the task's group (its
 * onlyDatasets among them, when it names some). A default outside them is a plugin bug.
 */
export function taskDatasets(task: TaskPlugin, datasets: { all: readonly Dataset[] }): string[] {
  const names = datasets.all
    .filter((dataset) => dataset.group === task.group && (task.onlyDatasets?.includes(dataset.name) ?? true))
    .map((dataset) => dataset.name);
  if (!names.includes(task.defaultDataset))
    throw new Error(
      `task '${task.name}': default dataset '${task.defaultDataset}' is not a ${task.group} dataset${task.onlyDatasets ? ` among ${task.onlyDatasets.join(', ')}` : ''}`,
    );
  return [task.defaultDataset, ...names.filter((name) => name !== task.defaultDataset)];
}
