// Dependencies point down (docs/contributing.md §1): command line → study, report, cluster → engine
// → tasks → models → activations → backend. Each rule below names a layer and the layers above it
// that it must never import, not even for a type (a type names what the module knows about, and
// "activations must not know models" is the point), and that it must not reach at runtime through
// any other module either (src/util, src/data…). The engine runs tasks, so the engine imports the
// task layer and a task never imports the engine. Checked on the source text, with the walker the
// report's and the command line's rules use. The activation and task plugins keep their layer's
// rule. Tests and test support (`*-test-support.ts`) are left out: checking that two layers agree
// is a test's business.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { importChains, importsOf, isTestSupport, resolveLocalImport, sourceModules } from './import-graph-test-support.js';

const SRC_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const ROOT = path.dirname(SRC_DIR);
/** The kernels' C, their shared header and the modules built from them (src/backend/kernels/wasm-modules.ts). */
const KERNEL_DIR = path.join(SRC_DIR, 'backend', 'kernels', 'simd');

/** The top of the stack: nothing below these may know them. */
const TOP = ['study', 'report', 'cluster', 'cli', 'bench'];

interface LayerRule {
  layer: string;
  /** The plugin folder that builds on the layer and keeps its rule (activations/ on src/activation). */
  plugins?: string;
  never: string[];
}

const RULES: LayerRule[] = [
  { layer: 'backend', never: ['activation', 'models', 'task', 'engine', ...TOP] },
  { layer: 'activation', plugins: 'activations', never: ['models', 'task', 'engine', ...TOP] },
  { layer: 'models', never: ['task', 'engine', ...TOP] },
  { layer: 'task', plugins: 'tasks', never: ['engine', ...TOP] },
  { layer: 'engine', never: TOP },
];

/** The folder of src/ a module lies in ('models'), or null outside src/. */
function layerOf(file: string | null): string | null {
  if (file === null || !file.startsWith(`${SRC_DIR}${path.sep}`)) return null;
  return path.relative(SRC_DIR, file).split(path.sep)[0]!;
}

const relative = (file: string) => path.relative(ROOT, file);
const modulesOf = (layer: string, plugins?: string) =>
  [...sourceModules(path.join(SRC_DIR, layer)), ...(plugins ? sourceModules(path.join(ROOT, plugins)) : [])].filter(
    (file) => !isTestSupport(file),
  );

describe('layers point down', () => {
  for (const { layer, plugins, never } of RULES) {
    const forbidden = (resolved: string | null) => never.includes(layerOf(resolved) ?? '');

    const which = plugins ? `src/${layer} and ${plugins}/` : `src/${layer}`;
    it(`${which} ${plugins ? 'import' : 'imports'} nothing from ${never.map((l) => `src/${l}`).join(', ')}, not even a type`, () => {
      const modules = modulesOf(layer, plugins);
      assert.ok(modules.length > 5, `src/${layer} has modules`);
      const imports = modules.flatMap((file) =>
        importsOf(file)
          .filter(({ specifier }) => specifier.startsWith('.') && forbidden(resolveLocalImport(file, specifier)))
          .map(({ specifier }) => `${relative(file)} → ${specifier}`),
      );
      assert.deepEqual(imports, []);
    });

    it(`${which} ${plugins ? 'reach' : 'reaches'} none of them through other modules`, () => {
      const chains = modulesOf(layer, plugins).flatMap((file) =>
        importChains(file, (_specifier, resolved) => forbidden(resolved)).map((chain) => chain.map(relative).join(' → ')),
      );
      assert.deepEqual(chains, []);
    });
  }

  it('the checks find what they look for: the engine imports the tasks, models import activations', () => {
    const importsInto = (from: string, to: string) =>
      modulesOf(from).some((file) =>
        importsOf(file).some(({ specifier }) => specifier.startsWith('.') && layerOf(resolveLocalImport(file, specifier)) === to),
      );
    assert.ok(importsInto('engine', 'task'));
    assert.ok(importsInto('models', 'activation'));
    assert.ok(importsInto('activation', 'backend'));
  });

  it('the C kernels, their shared header and nothing else of C live in src/backend/kernels/simd, including only from there', () => {
    const cFiles = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return cFiles(full);
        return /\.[ch]$/.test(entry.name) ? [full] : [];
      });
    const files = cFiles(SRC_DIR);
    assert.ok(files.some((file) => file.endsWith('activation-formulas.h')));
    assert.deepEqual(files.filter((file) => path.dirname(file) !== KERNEL_DIR).map(relative), []);
    const outside = files.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/^#include\s+"([^"]+)"/gm)]
        .map((match) => match[1]!)
        .filter((included) => included.includes('/'))
        .map((included) => `${relative(file)} → ${included}`),
    );
    assert.deepEqual(outside, []);
  });
});
