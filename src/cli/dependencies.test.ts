// The command line is the top layer and the plugins sit near the bottom (docs/contributing.md §1):
// no module of src/ outside src/cli imports the command line, and no plugin (activations/, tasks/,
// datasets/) reaches the command line or the study engine through any chain of imports, static or
// dynamic. A plugin that did could print, parse flags or drive a run, which is the engine's and the
// command line's business. Checked on the source text, with the walker the report's rule uses.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { importChains, importsOf, isTestSupport, resolveLocalImport, sourceModules } from '../util/import-graph-test-support.js';

const CLI_DIR = path.dirname(fileURLToPath(import.meta.url));
const SRC_DIR = path.dirname(CLI_DIR);
const ROOT = path.dirname(SRC_DIR);
const STUDY_DIR = path.join(SRC_DIR, 'study');
const PLUGIN_DIRS = ['activations', 'tasks', 'datasets'].map((folder) => path.join(ROOT, folder));

const within = (dir: string) => (file: string | null) => file !== null && file.startsWith(`${dir}${path.sep}`);
const inCli = within(CLI_DIR);
const inStudy = within(STUDY_DIR);
const relative = (file: string) => path.relative(ROOT, file);

describe('layers', () => {
  it('no module of src/ outside src/cli imports src/cli, not even for a type', () => {
    // Modules that exist only for tests (the CLI's runners among them) may drive the command line.
    const modules = sourceModules(SRC_DIR).filter((file) => !inCli(file) && !isTestSupport(file));
    assert.ok(modules.length > 100);
    const imports = modules.flatMap((file) =>
      importsOf(file)
        .filter(({ specifier }) => specifier.startsWith('.') && inCli(resolveLocalImport(file, specifier)))
        .map(({ specifier }) => `${relative(file)} → ${specifier}`),
    );
    assert.deepEqual(imports, []);
  });

  it('no plugin reaches src/cli or src/study, directly or through other modules', () => {
    const plugins = PLUGIN_DIRS.flatMap(sourceModules);
    assert.ok(plugins.length > 40);
    const chains = plugins.flatMap((plugin) =>
      importChains(plugin, (_specifier, resolved) => inCli(resolved) || inStudy(resolved)).map((chain) => chain.map(relative).join(' → ')),
    );
    assert.deepEqual(chains, []);
  });

  it('the checks find what they look for: the command line does reach the study engine', () => {
    assert.ok(importChains(path.join(CLI_DIR, 'study-commands.ts'), (_specifier, resolved) => inStudy(resolved)).length > 0);
    assert.ok(
      importsOf(path.join(CLI_DIR, 'main.ts')).some(({ specifier }) => inCli(resolveLocalImport(path.join(CLI_DIR, 'main.ts'), specifier))),
    );
  });
});
