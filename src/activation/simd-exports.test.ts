// Every activation's `simd` field names a kernel pair the committed activations.wasm exports (that
// the module matches its C source is src/backend/kernels/simd/kernels-build.test.ts's check).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { activationKernelsPath } from '../backend/kernels/wasm-modules.js';

test('the SIMD module exports a forward and a backward kernel for every kernel an activation names', async () => {
  const { loadActivations } = await import('./registry.js');
  const registry = await loadActivations();
  const exports = new Set(WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(activationKernelsPath()))).map((e) => e.name));
  for (const activation of registry.all) {
    if (activation.kind !== 'elementwise' || !activation.simd) continue;
    for (const direction of ['forward', 'backward']) {
      assert.ok(
        exports.has(`${activation.simd.kernel}_${direction}`),
        `${activation.name}: no export ${activation.simd.kernel}_${direction}`,
      );
    }
  }
});
