// The warning for a stale build: `npx actbench` runs the compiled dist/, so in a checkout whose
// sources changed since the last `npm run build` it would silently run the old code (a new
// activation file would simply be missing). Only when running compiled code inside a checkout
// (src/cli/main.ts beside dist/): one stat walk over the compiled folders, a few milliseconds.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folders tsconfig.build.json compiles into dist/ for the command line. */
export const BUILT_FOLDERS = ['src', 'activations', 'tasks', 'datasets'] as const;

/** The plugin folders, where a source without its compiled file (or the reverse) changes what runs. */
const PLUGIN_FOLDERS = ['activations', 'tasks', 'datasets'] as const;

/** Sources the build leaves out (tsconfig.build.json): changing them does not make dist/ stale. */
function isBuiltSource(file: string): boolean {
  return file.endsWith('.ts') && !file.endsWith('.d.ts') && !/(\.test|-test-support)\.ts$/.test(file);
}

/** Paths (relative to root, '/'-separated) of the built sources under `folder`, recursively. */
function builtSources(root: string, folder: string): string[] {
  const found: string[] = [];
  const visit = (relative: string): void => {
    for (const entry of readdirSync(path.join(root, relative), { withFileTypes: true })) {
      const child = `${relative}/${entry.name}`;
      if (entry.isDirectory()) visit(child);
      else if (entry.isFile() && isBuiltSource(entry.name)) found.push(child);
    }
  };
  if (existsSync(path.join(root, folder))) visit(folder);
  return found;
}

/** Module names (no extension) of the plugin files directly in `dir`: built sources (.ts) or compiled ones (.js). */
function moduleNames(dir: string, extension: '.ts' | '.js'): Set<string> {
  if (!existsSync(dir)) return new Set();
  const wanted = extension === '.ts' ? isBuiltSource : (file: string) => file.endsWith('.js') && !file.endsWith('.test.js');
  return new Set(
    readdirSync(dir)
      .filter(wanted)
      .map((file) => file.slice(0, -extension.length)),
  );
}

/**
 * Why the build in `root`/dist is older than the sources, as a few words, or undefined when it is
 * not: a built source modified after dist/src/cli/main.js was written, a plugin file never
 * compiled, or a compiled plugin whose source is gone. Undefined too when there is no build.
 */
export function staleBuildReason(root: string): string | undefined {
  const compiledMain = path.join(root, 'dist', 'src', 'cli', 'main.js');
  if (!existsSync(compiledMain)) return undefined;
  const builtAt = statSync(compiledMain).mtimeMs;
  const reasons: string[] = [];
  for (const folder of BUILT_FOLDERS) {
    for (const source of builtSources(root, folder)) {
      if (statSync(path.join(root, source)).mtimeMs > builtAt) reasons.push(`${source} changed`);
    }
  }
  for (const folder of PLUGIN_FOLDERS) {
    const sources = moduleNames(path.join(root, folder), '.ts');
    const compiled = moduleNames(path.join(root, 'dist', folder), '.js');
    for (const name of sources) if (!compiled.has(name)) reasons.push(`${folder}/${name}.ts is not built`);
    for (const name of compiled) if (!sources.has(name)) reasons.push(`${folder}/${name}.ts is gone`);
  }
  const unique = [...new Set(reasons)];
  if (unique.length === 0) return undefined;
  return unique.length === 1 ? unique[0] : `${unique[0]!}, and ${unique.length - 1} more`;
}

/** The one line printed for a stale build. */
export function staleBuildWarning(reason: string): string {
  return `actbench: dist/ is older than the sources (${reason}); run \`npm run build\`, or \`npm run actbench -- …\` to run from the sources\n`;
}

/**
 * Called first by main.ts. When this module runs compiled (dist/src/cli/stale-build.js) in a
 * checkout (src/cli/main.ts exists beside dist/) and the sources are newer, writes the warning
 * to stderr; stdout stays clean for machine-readable output. Never throws: a check that fails
 * must not stop the command it guards.
 */
export function warnIfStaleBuild(
  write: (text: string) => void = (text) => process.stderr.write(text),
  moduleFile = fileURLToPath(import.meta.url),
): void {
  try {
    if (!moduleFile.endsWith('.js')) return; // running from the sources (tsx)
    const distFolder = path.resolve(path.dirname(moduleFile), '..', '..');
    if (path.basename(distFolder) !== 'dist') return;
    const root = path.dirname(distFolder);
    if (!existsSync(path.join(root, 'src', 'cli', 'main.ts'))) return; // an installed package, not a checkout
    const reason = staleBuildReason(root);
    if (reason !== undefined) write(staleBuildWarning(reason));
  } catch {
    // An unreadable folder says nothing about staleness; the command runs as asked.
  }
}
