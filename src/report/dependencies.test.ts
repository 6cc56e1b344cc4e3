// Reports read ledgers and work without TensorFlow.js (docs/contributing.md §1): no module of src/report may
// reach a @tensorflow package through any chain of imports, static or dynamic. Checked on the
// source, so it fails the moment someone adds such an import, whatever the tests exercise.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

const REPORT_DIR = path.dirname(fileURLToPath(import.meta.url));
const IMPORT_PATTERN = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function specifiers(file: string): { specifier: string; typeOnly: boolean }[] {
  const source = readFileSync(file, 'utf8');
  const found: { specifier: string; typeOnly: boolean }[] = [];
  for (const match of source.matchAll(IMPORT_PATTERN)) {
    const specifier = match[1] ?? match[2]!;
    // `import type` is erased by the compiler and loads nothing.
    found.push({ specifier, typeOnly: /^\s*[;\s]?(?:import|export)\s+type\s/.test(match[0]) });
  }
  return found;
}

function resolveLocal(from: string, specifier: string): string | null {
  const target = path.resolve(path.dirname(from), specifier);
  for (const candidate of [target.replace(/\.js$/, '.ts'), target, `${target}.ts`, path.join(target, 'index.ts')]) {
    if (existsSync(candidate) && candidate.endsWith('.ts')) return candidate;
  }
  return null;
}

/** Chains of imports from `start` that end in a @tensorflow package. */
function tensorflowChains(start: string): string[] {
  const chains: string[] = [];
  const seen = new Set<string>();
  const visit = (file: string, chain: string[]): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const { specifier, typeOnly } of specifiers(file)) {
      if (typeOnly) continue;
      if (specifier.startsWith('@tensorflow/')) {
        chains.push([...chain, specifier].map((f) => path.relative(REPORT_DIR, f) || f).join(' → '));
      } else if (specifier.startsWith('.')) {
        const next = resolveLocal(file, specifier);
        if (next) visit(next, [...chain, next]);
      }
    }
  };
  visit(start, [start]);
  return chains;
}

function reportModules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return reportModules(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('report dependencies', () => {
  it('no report module loads TensorFlow.js, directly or through other modules', () => {
    const modules = reportModules(REPORT_DIR);
    assert.ok(modules.length > 10);
    assert.deepEqual(modules.flatMap(tensorflowChains), []);
  });

  it('the check itself finds a chain: the activation registry does reach TensorFlow.js', () => {
    const registry = path.resolve(REPORT_DIR, '../activation/curves.ts');
    assert.ok(tensorflowChains(registry).length > 0);
  });
});
