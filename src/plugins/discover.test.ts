// Which files plugin discovery loads: plugin modules (.ts from the sources, .js once compiled),
// never tests, declarations, index files or names starting with '_', which is what keeps the
// commented _template.ts in each plugin folder out of the registries.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../util/package-root.js';
import { discoverPlugins } from './discover.js';

const fileName = (_value: unknown, file: string): string => path.basename(file);

test('discovery loads .ts and .js plugin files, skipping tests, test support, declarations, index files and names starting with _', async () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'actbench-discover-'));
  try {
    writeFileSync(path.join(folder, 'package.json'), '{ "type": "module" }\n');
    for (const file of [
      'b-plugin.ts',
      'a-plugin.js',
      '_template.ts',
      '_draft.js',
      'b-plugin.test.ts',
      'a-plugin.test.js',
      'fixture-test-support.ts',
      'types.d.ts',
      'index.ts',
      'notes.md',
    ]) {
      writeFileSync(path.join(folder, file), `export default ${JSON.stringify(file)};\n`);
    }
    const loaded = await discoverPlugins(pathToFileURL(`${folder}/`), (value, file) => ({ value, file: path.basename(file) }));
    assert.deepEqual(loaded, [
      { value: 'a-plugin.js', file: 'a-plugin.js' },
      { value: 'b-plugin.ts', file: 'b-plugin.ts' },
    ]);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('a plugin file without a default export is an error naming the file', async () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'actbench-discover-'));
  try {
    writeFileSync(path.join(folder, 'package.json'), '{ "type": "module" }\n');
    writeFileSync(path.join(folder, 'named-only.ts'), 'export const plugin = 1;\n');
    await assert.rejects(
      discoverPlugins(pathToFileURL(`${folder}/`), fileName),
      /named-only\.ts: a plugin file must have a default export/,
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

for (const folder of ['activations', 'tasks', 'datasets']) {
  test(`${folder}/ holds a _template.ts that discovery skips, and the template is a valid declaration`, async () => {
    const dir = path.join(packageRoot(), folder);
    assert.ok(readdirSync(dir).includes('_template.ts'), `${folder}/_template.ts is missing (docs/contributing.md points to it)`);
    const discovered = await discoverPlugins(pathToFileURL(`${dir}/`), fileName);
    assert.ok(discovered.length > 0, `nothing discovered in ${folder}/`);
    assert.ok(
      !discovered.some((file) => file.startsWith('_')),
      `discovered ${discovered.filter((file) => file.startsWith('_')).join(', ')}`,
    );
    // Importing runs the define* helper, which validates the declaration (names, defaults against the space).
    const template = ((await import(pathToFileURL(path.join(dir, '_template.ts')).href)) as { default: Record<string, unknown> }).default;
    assert.equal(typeof template['name'], 'string');
    assert.ok(String(template['name']).startsWith('template-'), 'the template keeps a name no real plugin would take');
    const entryPoint = { activations: 'composite', tasks: 'prepare', datasets: 'load' }[folder]!;
    assert.equal(typeof template[entryPoint], 'function', `${folder}/_template.ts declares no ${entryPoint}`);
  });
}
