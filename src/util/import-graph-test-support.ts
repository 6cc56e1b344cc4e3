// Following the imports of the sources, for tests that pin which modules may depend on which
// (docs/contributing.md §1). Read from the source text, so such a test fails the moment someone
// adds an import, whatever the other tests happen to exercise.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const IMPORT_PATTERN = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

export interface ImportStatement {
  specifier: string;
  /** `import type` is erased by the compiler and loads nothing. */
  typeOnly: boolean;
}

/** The naming convention for modules that exist only for tests (docs/contributing.md §5). */
export const isTestSupport = (file: string): boolean => file.endsWith('-test-support.ts');

/** Every import and re-export of a module, static or dynamic. */
export function importsOf(file: string): ImportStatement[] {
  const source = readFileSync(file, 'utf8');
  const found: ImportStatement[] = [];
  for (const match of source.matchAll(IMPORT_PATTERN)) {
    const specifier = match[1] ?? match[2]!;
    found.push({ specifier, typeOnly: /^\s*[;\s]?(?:import|export)\s+type\s/.test(match[0]) });
  }
  return found;
}

/** The .ts source a relative specifier names ('./x.js' is x.ts under tsx), or null when there is none. */
export function resolveLocalImport(from: string, specifier: string): string | null {
  const target = path.resolve(path.dirname(from), specifier);
  for (const candidate of [target.replace(/\.js$/, '.ts'), target, `${target}.ts`, path.join(target, 'index.ts')]) {
    if (existsSync(candidate) && candidate.endsWith('.ts')) return candidate;
  }
  return null;
}

/** The .ts files under `dir`, at any depth, that `keep` accepts by name. */
function tsFiles(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(full, keep);
    return entry.name.endsWith('.ts') && keep(entry.name) ? [full] : [];
  });
}

/** The .ts modules under `dir`, at any depth, tests left out. */
export function sourceModules(dir: string): string[] {
  return tsFiles(dir, (name) => !name.endsWith('.test.ts'));
}

/** The .ts modules under `dir`, at any depth, tests included (they import too). */
export function modulesWithTests(dir: string): string[] {
  return tsFiles(dir, () => true);
}

/**
 * The chains of runtime imports (type-only ones load nothing) that lead from `start` to an import
 * `isTarget` accepts: each chain lists the modules from `start` on and ends with the target, its
 * file when it is a local module (`resolved`), else its specifier. Each module is followed once.
 */
export function importChains(start: string, isTarget: (specifier: string, resolved: string | null) => boolean): string[][] {
  const chains: string[][] = [];
  const seen = new Set<string>();
  const visit = (file: string, chain: string[]): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const { specifier, typeOnly } of importsOf(file)) {
      if (typeOnly) continue;
      const resolved = specifier.startsWith('.') ? resolveLocalImport(file, specifier) : null;
      if (isTarget(specifier, resolved)) chains.push([...chain, resolved ?? specifier]);
      else if (resolved) visit(resolved, [...chain, resolved]);
    }
  };
  visit(start, [start]);
  return chains;
}
