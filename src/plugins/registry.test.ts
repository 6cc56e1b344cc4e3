// The registry every plugin folder shares: names and aliases resolved in any case, a name claimed
// twice refused when the folder loads, an unknown name answered with close ones (or the command
// that lists them) as the kind's own error, an input error that exits 2, and one load per folder.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { InputError } from '../util/input-error.js';
import { buildPluginRegistry, pluginFolder, UnknownPluginError, type PluginKind } from './registry.js';

interface Widget {
  name: string;
  aliases: string[];
}

class UnknownWidgetError extends UnknownPluginError {
  override name = 'UnknownWidgetError';
}

const WIDGETS: PluginKind<Widget> = {
  noun: 'widget',
  listCommand: 'widgets',
  namesOf: (widget) => [widget.name, ...widget.aliases],
  unknownError: UnknownWidgetError,
};

const sprocket: Widget = { name: 'sprocket', aliases: ['cog_wheel'] };
const gear: Widget = { name: 'gear', aliases: [] };

test('a plugin is found by its name or an alias, in any case', () => {
  const registry = buildPluginRegistry([sprocket, gear], WIDGETS);
  assert.equal(registry.get('Sprocket'), sprocket);
  assert.equal(registry.get('cog_wheel'), sprocket);
  assert.ok(registry.has('GEAR'));
  assert.ok(!registry.has('flange'));
  assert.deepEqual(registry.all, [sprocket, gear]);
});

test("an unknown name: the kind's error, an input error (exit 2), naming close matches or the listing command", () => {
  const registry = buildPluginRegistry([sprocket, gear], WIDGETS);
  assert.throws(
    () => registry.get('sprockt'),
    (error: unknown) =>
      error instanceof UnknownWidgetError &&
      error instanceof InputError &&
      error.exitCode === 2 &&
      error.message === "unknown widget 'sprockt'; did you mean sprocket?",
  );
  assert.throws(() => registry.get('flange'), {
    name: 'UnknownWidgetError',
    message: "unknown widget 'flange'; run 'actbench widgets' for the list",
  });
});

test('a name two plugins claim is refused, naming both (or "twice" for one name declared twice)', () => {
  assert.throws(() => buildPluginRegistry([sprocket, { name: 'cog', aliases: ['cog_wheel'] }], WIDGETS), {
    message: "widget name 'cog_wheel' is declared by both 'sprocket' and 'cog'",
  });
  assert.throws(() => buildPluginRegistry([gear, { name: 'gear', aliases: [] }], { ...WIDGETS, namesOf: undefined }), {
    message: "widget name 'gear' is declared twice",
  });
});

test('a plugin folder is discovered once, on first use, and its registry is then at hand synchronously', async () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'actbench-registry-'));
  try {
    writeFileSync(path.join(folder, 'package.json'), '{ "type": "module" }\n');
    writeFileSync(path.join(folder, 'gear.js'), "export default { name: 'gear', aliases: [] };\n");
    let builds = 0;
    const widgets = pluginFolder(
      pathToFileURL(`${folder}/`),
      (value) => value as Widget,
      (all) => {
        builds++;
        return buildPluginRegistry(all, WIDGETS);
      },
    );
    assert.equal(widgets.loaded(), undefined);
    const [first, second] = await Promise.all([widgets.load(), widgets.load()]);
    assert.equal(first, second);
    assert.equal(widgets.loaded(), first);
    assert.equal(builds, 1);
    assert.equal(first.get('gear').name, 'gear');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
