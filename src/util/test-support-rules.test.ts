// One naming convention keeps test code out of dist/ (docs/contributing.md §5): tests are
// `*.test.ts`, the modules only tests use are `*-test-support.ts`, and tsconfig.build.json leaves
// out exactly those two. Pinned on the import graph of the source text, so that (a) no production
// module imports test support (the compiler would follow the import and emit it into dist/ despite
// the exclusion, even for `import type`) and (b) a helper that only tests import cannot keep a
// production name and slip into dist/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { BUILT_FOLDERS } from '../cli/stale-build.js';
import { isPluginFile } from '../plugins/discover.js';
import { importsOf, isTestSupport, modulesWithTests, resolveLocalImport } from './import-graph-test-support.js';

const ROOT = path.dirname(path.dirname(path.dirname(fileURLToPath(import.meta.url))));
const relative = (file: string) => path.relative(ROOT, file);

const isTest = (file: string) => file.endsWith('.test.ts');
const isTestCode = (file: string) => isTest(file) || isTestSupport(file);
/** Plugin files are loaded by discovery, not by an import: production whoever else imports them. */
const PLUGIN_DIRS = ['activations', 'tasks', 'datasets'].map((folder) => path.join(ROOT, folder));
const isPlugin = (file: string) => PLUGIN_DIRS.includes(path.dirname(file)) && isPluginFile(path.basename(file));

/** Every module of the built folders, tests included, and scripts/ (never built, but its imports keep a module in use). */
const modules = [...BUILT_FOLDERS, 'scripts'].flatMap((folder) => modulesWithTests(path.join(ROOT, folder)));

/** Test support run as a script (`node --import tsx FILE`) rather than imported. */
const RUN_BY_PATH = ['src/report/fixtures/write-fixtures-test-support.ts'];

/** For each local module, the modules that import it (any import, type-only included: the compiler follows those too). */
function importers(): Map<string, string[]> {
  const byTarget = new Map<string, string[]>();
  for (const file of modules) {
    for (const { specifier } of importsOf(file)) {
      const resolved = specifier.startsWith('.') ? resolveLocalImport(file, specifier) : null;
      if (resolved) byTarget.set(resolved, [...(byTarget.get(resolved) ?? []), file]);
    }
  }
  return byTarget;
}

describe('test code is named so that the build leaves it out', () => {
  const byTarget = importers();

  it('tsconfig.build.json leaves out exactly the tests, the test support and scripts/', () => {
    const build = JSON.parse(readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf8')) as { exclude: string[] };
    assert.deepEqual(build.exclude, ['**/*.test.ts', '**/*-test-support.ts', 'scripts/**']);
  });

  it('no production module imports a *-test-support.ts module, not even for a type', () => {
    const imports = [...byTarget]
      .filter(([target]) => isTestSupport(target))
      .flatMap(([target, from]) => from.filter((file) => !isTestCode(file)).map((file) => `${relative(file)} → ${relative(target)}`));
    assert.deepEqual(imports, []);
  });

  it('every module that only tests and test support import is named *-test-support.ts', () => {
    const misnamed = [...byTarget]
      .filter(([target, from]) => !isTestCode(target) && !isPlugin(target) && from.every(isTestCode))
      .map(([target, from]) => `${relative(target)} (imported only by ${from.map(relative).join(', ')}): rename it to *-test-support.ts`);
    assert.deepEqual(misnamed, []);
  });

  it('the graph is the whole source tree: plugins, tests, test support and scripts all import', () => {
    assert.ok(modules.length > 300, `${modules.length} modules`);
    assert.ok(modules.some(isTest) && modules.some(isTestSupport));
    const support = modules.filter(isTestSupport);
    // Every test support module is in use (a stale one would be dead code).
    const unused = support.filter((file) => !byTarget.has(file) && !RUN_BY_PATH.includes(relative(file)));
    assert.deepEqual(unused, []);
  });
});
