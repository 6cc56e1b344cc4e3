// Finds plugin files in a folder (one plugin per file, default export) so that adding an
// activation or a task means adding a file, never editing a list.
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

/**
 * Plugin modules are .ts when run from source (tsx) and .js once compiled. Skipped: tests, test
 * support (`*-test-support.ts`, never built into dist/), declarations, index files, and names
 * starting with '_' (the commented _template.ts in each plugin folder, docs/contributing.md).
 */
export function isPluginFile(file: string): boolean {
  if (
    file.endsWith('.d.ts') ||
    /\.test\.[jt]s$/.test(file) ||
    /-test-support\.[jt]s$/.test(file) ||
    file.startsWith('_') ||
    file.startsWith('index.')
  )
    return false;
  return file.endsWith('.ts') || file.endsWith('.js');
}

export async function discoverPlugins<T>(folderUrl: URL, check: (value: unknown, file: string) => T): Promise<T[]> {
  const folder = fileURLToPath(folderUrl);
  const files = readdirSync(folder).filter(isPluginFile).sort();
  const plugins: T[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(path.join(folder, file)).href)) as { default?: unknown };
    if (module.default === undefined) throw new Error(`${path.join(folder, file)}: a plugin file must have a default export`);
    plugins.push(check(module.default, path.join(folder, file)));
  }
  return plugins;
}
