// The committed activations.wasm must be what scripts/build-simd.sh makes of activations.c today;
// otherwise a kernel change would be tested here but not shipped. Needs clang (CI installs it).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { simdModulePath } from '../simd-kernel.js';
import { packageRoot } from '../../util/package-root.js';
import { skipUnlessTool } from '../../util/system-tool.js';

const skipClang = skipUnlessTool('clang', 'apt-get install clang lld');

test('activations.wasm is up to date with activations.c', { skip: skipClang }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'actbench-simd-'));
  try {
    const rebuilt = path.join(dir, 'activations.wasm');
    const build = spawnSync('bash', [path.join(packageRoot(), 'scripts', 'build-simd.sh'), rebuilt], { encoding: 'utf8' });
    assert.equal(build.status, 0, build.stderr);
    assert.ok(readFileSync(rebuilt).equals(readFileSync(simdModulePath())), 'run scripts/build-simd.sh and commit src/activation/simd/activations.wasm');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the SIMD module exports a forward and a backward kernel for every kernel an activation names', async () => {
  const { loadActivations } = await import('../registry.js');
  const registry = await loadActivations();
  const exports = new Set(WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(simdModulePath()))).map((e) => e.name));
  for (const activation of registry.all) {
    if (activation.kind !== 'elementwise' || !activation.simd) continue;
    for (const direction of ['forward', 'backward']) {
      assert.ok(exports.has(`${activation.simd.kernel}_${direction}`), `${activation.name}: no export ${activation.simd.kernel}_${direction}`);
    }
  }
});
