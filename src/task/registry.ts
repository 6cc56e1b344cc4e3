// The task registry: one plugin file per task in tasks/, discovered like the activations.
import { discoverPlugins } from '../plugins/discover.js';
import { closestNames } from '../util/suggest.js';
import { checkParam, type HParams } from './search-space.js';
import type { TaskPlugin } from './types.js';

export class UnknownTaskError extends Error {
  override name = 'UnknownTaskError';
}

export function defineTask(declared: TaskPlugin): TaskPlugin {
  if (!/^[a-z][a-z0-9-]*$/.test(declared.name)) throw new Error(`task '${declared.name}': the name must be lowercase letters, digits or '-'`);
  if (!declared.metrics.includes(declared.primaryMetric)) throw new Error(`task '${declared.name}': primaryMetric '${declared.primaryMetric}' is not one of its metrics`);
  for (const [key, value] of Object.entries(declared.defaults)) {
    const spec = declared.searchSpace[key];
    const problem = spec ? checkParam(key, spec, value) : `default '${key}' is not in the search space`;
    if (problem) throw new Error(`task '${declared.name}': ${problem}`);
  }
  return declared;
}

function checkTask(value: unknown, file: string): TaskPlugin {
  const candidate = value as Partial<TaskPlugin> | null;
  if (!candidate || typeof candidate !== 'object' || typeof candidate.name !== 'string' || typeof candidate.prepare !== 'function') {
    throw new Error(`${file}: default export is not a task (use defineTask)`);
  }
  return candidate as TaskPlugin;
}

export interface TaskRegistry {
  all: TaskPlugin[];
  get(name: string): TaskPlugin;
}

let loading: Promise<TaskRegistry> | undefined;

export function loadTasks(): Promise<TaskRegistry> {
  loading ??= discoverPlugins(new URL('../../tasks/', import.meta.url), checkTask).then((all) => {
    const byName = new Map(all.map((task) => [task.name, task]));
    return {
      all,
      get: (name: string) => {
        const found = byName.get(name.toLowerCase());
        if (found) return found;
        const close = closestNames(name, [...byName.keys()]);
        throw new UnknownTaskError(`unknown task '${name}'${close.length > 0 ? `; did you mean ${close.join(', ')}?` : `; run 'actbench tasks' for the list`}`);
      },
    };
  });
  return loading;
}

/** The task's settings with defaults filled in; unknown names or values are rejected. */
export function resolveTaskSettings(task: TaskPlugin, given: HParams = {}): HParams {
  const declared = task.settings ?? {};
  const resolved: HParams = {};
  for (const [key, value] of Object.entries(given)) {
    const spec = declared[key];
    if (!spec) throw new Error(`task '${task.name}': unknown setting '${key}'${Object.keys(declared).length > 0 ? `; settings: ${Object.keys(declared).join(', ')}` : ''}`);
    const match = spec.values.find((allowed) => String(allowed) === String(value));
    if (match === undefined) throw new Error(`task '${task.name}': setting ${key}=${String(value)} is not one of ${spec.values.join(', ')}`);
    resolved[key] = match;
  }
  for (const [key, spec] of Object.entries(declared)) if (!(key in resolved)) resolved[key] = spec.default;
  return resolved;
}
