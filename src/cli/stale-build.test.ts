// The stale-build warning on a fake checkout: silent while dist/ is current, one line on stderr
// once a built source is newer, a plugin is not compiled or a compiled plugin lost its source;
// silent outside a checkout and when running from the sources.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { staleBuildReason, warnIfStaleBuild } from './stale-build.js';

const BUILT = new Date('2026-01-02T00:00:00Z');
const BEFORE = new Date('2026-01-01T00:00:00Z');
const AFTER = new Date('2026-01-03T00:00:00Z');

let root: string;

function put(relative: string, time: Date): void {
  const file = path.join(root, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, '// fixture\n');
  utimesSync(file, time, time);
}

/** Runs the check as the compiled module would, and returns what it wrote. */
function warnings(moduleFile = path.join(root, 'dist', 'src', 'cli', 'stale-build.js')): string[] {
  const written: string[] = [];
  warnIfStaleBuild((text) => written.push(text), moduleFile);
  return written;
}

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'actbench-stale-'));
  for (const source of [
    'src/cli/main.ts',
    'src/cli/stale-build.ts',
    'src/util/thing.ts',
    'activations/relu.ts',
    'tasks/task-a.ts',
    'datasets/data-a.ts',
  ]) {
    put(source, BEFORE);
    put(`dist/${source.replace(/\.ts$/, '.js')}`, BUILT);
  }
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

test('a build newer than every source: no reason, no output', () => {
  assert.equal(staleBuildReason(root), undefined);
  assert.deepEqual(warnings(), []);
});

test('a source changed after the build: one line on stderr naming it and saying what to run', () => {
  put('src/util/thing.ts', AFTER);
  assert.equal(staleBuildReason(root), 'src/util/thing.ts changed');
  const written = warnings();
  assert.equal(written.length, 1);
  assert.equal(
    written[0],
    'actbench: dist/ is older than the sources (src/util/thing.ts changed); run `npm run build`, or `npm run actbench -- …` to run from the sources\n',
  );
});

test('a new activation is found even with an old timestamp (copied with its time kept), and several reasons are counted', () => {
  put('activations/new-one.ts', BEFORE);
  assert.equal(staleBuildReason(root), 'activations/new-one.ts is not built');
  put('tasks/task-a.ts', AFTER);
  assert.equal(staleBuildReason(root), 'tasks/task-a.ts changed, and 1 more');
});

test('a compiled plugin whose source was deleted makes the build stale', () => {
  put('dist/datasets/removed.js', BUILT);
  assert.equal(staleBuildReason(root), 'datasets/removed.ts is gone');
});

test('sources the build leaves out (tests, test support) do not count', () => {
  put('src/util/thing.test.ts', AFTER);
  put('src/util/fixture-test-support.ts', AFTER);
  put('tasks/task-a.test.ts', AFTER);
  assert.equal(staleBuildReason(root), undefined);
});

test('silent outside a checkout, when running from the sources, and without a build', () => {
  put('src/util/thing.ts', AFTER);
  assert.deepEqual(warnings(path.join(root, 'src', 'cli', 'stale-build.ts')), [], 'running under tsx');
  rmSync(path.join(root, 'src', 'cli', 'main.ts'));
  assert.deepEqual(warnings(), [], 'an installed package has no src/cli/main.ts');
  put('src/cli/main.ts', BEFORE);
  rmSync(path.join(root, 'dist', 'src', 'cli', 'main.js'));
  assert.equal(staleBuildReason(root), undefined);
  assert.deepEqual(warnings(), []);
});
