// The one registry behind activations, tasks and datasets: discovers a plugin folder once, indexes
// every plugin under each name it answers to, and meets an unknown name with the closest ones (or
// the command that lists them), thrown as the registry's own error class.
import { closestNames } from '../util/suggest.js';
import { InputError } from '../util/input-error.js';
import { discoverPlugins } from './discover.js';

/** A name no plugin answers to; each registry throws a subclass of its own, which callers can tell apart. */
export class UnknownPluginError extends InputError {}

export interface PluginRegistry<Plugin> {
  all: Plugin[];
  /** Resolves a name (or alias) in any case; throws the kind's UnknownPluginError naming close matches. */
  get(name: string): Plugin;
  has(name: string): boolean;
}

/** What a registry's messages need to know about the plugins it holds. */
export interface PluginKind<Plugin> {
  /** 'activation': the word messages use for one plugin. */
  noun: string;
  /** 'activations': the `actbench` command listing them, suggested when no name is close. */
  listCommand: string;
  /** Every name a plugin answers to (name and aliases); its name alone by default. */
  namesOf?: (plugin: Plugin) => readonly string[];
  unknownError: new (message: string) => UnknownPluginError;
}

export function buildPluginRegistry<Plugin extends { name: string }>(all: Plugin[], kind: PluginKind<Plugin>): PluginRegistry<Plugin> {
  const byName = new Map<string, Plugin>();
  for (const plugin of all) {
    for (const name of kind.namesOf?.(plugin) ?? [plugin.name]) {
      const clash = byName.get(name);
      // Two files claiming one name would make the choice between them depend on file order.
      if (clash)
        throw new Error(
          `${kind.noun} name '${name}' is declared ${clash.name === plugin.name ? 'twice' : `by both '${clash.name}' and '${plugin.name}'`}`,
        );
      byName.set(name, plugin);
    }
  }
  return {
    all,
    get: (name) => {
      const found = byName.get(name.toLowerCase());
      if (found) return found;
      const close = closestNames(name, [...byName.keys()]);
      const hint = close.length > 0 ? `; did you mean ${close.join(', ')}?` : `; run 'actbench ${kind.listCommand}' for the list`;
      throw new kind.unknownError(`unknown ${kind.noun} '${name}'${hint}`);
    },
    has: (name) => byName.has(name.toLowerCase()),
  };
}

export interface PluginFolder<Registry> {
  /** Discovers the folder on the first call; every later call shares that one load. */
  load(): Promise<Registry>;
  /** The registry once load() has resolved; undefined before. */
  loaded(): Registry | undefined;
}

/**
 * The folder's plugins, each checked by `check` (which names the file when its default export is
 * not a plugin), built into a registry by `build` once, on first use: importing every plugin
 * module is slow (activations load TensorFlow.js), and commands that need no registry skip it.
 */
export function pluginFolder<Plugin, Registry>(
  folder: URL,
  check: (value: unknown, file: string) => Plugin,
  build: (all: Plugin[]) => Registry,
): PluginFolder<Registry> {
  let loading: Promise<Registry> | undefined;
  let loaded: Registry | undefined;
  return {
    load: () => {
      loading ??= discoverPlugins(folder, check).then((all) => {
        loaded = build(all);
        return loaded;
      });
      return loading;
    },
    loaded: () => loaded,
  };
}
