// How generated scripts start actbench: node's flags carried over with a bare tsx loader made
// absolute, local-only flags dropped, and the resulting command runs from any folder; shell
// quoting survives a real bash.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { test } from 'node:test';
import { actbenchCommand, nodeFlags, shellQuote, tsxLoaderUrl } from './invocation.js';

test('node flags: a bare tsx loader becomes an absolute URL, from source the loader is added, debugger flags stay behind', () => {
  const loader = tsxLoaderUrl();
  assert.match(loader, /^file:\/\/\/.*\/node_modules\/tsx\//);
  assert.deepEqual(nodeFlags(['--import', 'tsx'], true), ['--import', loader]);
  assert.deepEqual(nodeFlags(['--import=tsx'], true), [`--import=${loader}`]);
  assert.deepEqual(nodeFlags([], true), ['--import', loader]);
  assert.deepEqual(nodeFlags([], false), []);
  assert.deepEqual(nodeFlags(['--max-old-space-size=8192', '--inspect=9229', '--import', 'file:///x/loader.mjs'], false), [
    '--max-old-space-size=8192',
    '--import',
    'file:///x/loader.mjs',
  ]);
  // A loader given by path that is tsx already is kept and not doubled.
  assert.deepEqual(nodeFlags(['--import', '/opt/node_modules/tsx/dist/loader.mjs'], true), [
    '--import',
    '/opt/node_modules/tsx/dist/loader.mjs',
  ]);
});

test('the command of this installation runs from another folder', () => {
  const [node, ...args] = actbenchCommand();
  assert.equal(node, process.execPath);
  assert.ok(args.at(-1)!.endsWith('/src/cli/main.ts'), args.join(' '));
  const result = spawnSync(node!, [...args, 'tasks', '--json'], { cwd: tmpdir(), encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  assert.ok(Array.isArray(JSON.parse(result.stdout)));
});

test('shell quoting gives bash back every word unchanged', () => {
  const words = ['plain', '/abs/path-1.2/x', "it's", 'two words', '$HOME', '`date`', 'a"b', 'back\\slash', '*', ''];
  const result = spawnSync('bash', ['-c', `printf '%s\\n' ${words.map(shellQuote).join(' ')}`], { encoding: 'utf8' });
  assert.equal(result.stdout, words.map((word) => `${word}\n`).join(''));
  assert.equal(shellQuote('/abs/path-1.2/x'), '/abs/path-1.2/x');
});
