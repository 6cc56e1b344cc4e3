// Backend selection in-process. The order of the tests matters: initBackend() without a request
// keeps whatever is already active, so the auto-order test has to run before any explicit choice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { createRequire } from 'node:module';
import { activeBackend, BACKEND_NAMES, BackendUnavailableError, initBackend, parseBackendName } from './backends.js';

const envAtLoad = process.env['ACTBENCH_BACKEND'];

/** Runs fn with ACTBENCH_BACKEND set (or removed for undefined), restoring the caller's value even on failure. */
async function withEnv<T>(value: string | undefined, fn: () => Promise<T>): Promise<T> {
  const saved = process.env['ACTBENCH_BACKEND'];
  if (value === undefined) delete process.env['ACTBENCH_BACKEND'];
  else process.env['ACTBENCH_BACKEND'] = value;
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env['ACTBENCH_BACKEND'];
    else process.env['ACTBENCH_BACKEND'] = saved;
  }
}

// The tfjs-node packages are optional dependencies that are not installed in this checkout; where
// they are, the auto order rightly picks them and the assertions below about 'node' do not apply.
function nodePackagePresent(): boolean {
  try {
    createRequire(import.meta.url).resolve('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
}
const skipNative = nodePackagePresent() ? 'the @tensorflow/tfjs-node package is installed here' : false;

test('the preference order is node-gpu, node, wasm, cpu', () => {
  assert.deepEqual([...BACKEND_NAMES], ['node-gpu', 'node', 'wasm', 'cpu']);
});

test('with no request and no ACTBENCH_BACKEND the first backend that works is chosen: wasm without the native packages', {
  skip: skipNative,
}, async () => {
  const backend = await withEnv(undefined, () => initBackend());
  assert.equal(backend.name, 'wasm');
  assert.equal(backend.tfjsName, 'wasm');
  assert.equal(tf.getBackend(), 'wasm');
  assert.match(backend.description, /^wasm \(@tensorflow\/tfjs-backend-wasm/);
  assert.equal(activeBackend(), backend);
});

test("initBackend('cpu') activates the pure-JS backend and says so", async () => {
  const backend = await initBackend('cpu');
  assert.equal(backend.name, 'cpu');
  assert.equal(tf.getBackend(), 'cpu');
  assert.match(backend.description, /^cpu \(@tensorflow\/tfjs-backend-cpu, pure JS; tfjs \d+\.\d+\.\d+\)$/);
  assert.equal(activeBackend(), backend);
});

test('a call without a request keeps the active backend instead of probing again', async () => {
  // Library code calls initBackend(options.backend) with undefined; that must not undo a --backend choice.
  await initBackend('cpu');
  const again = await withEnv(undefined, () => initBackend());
  assert.equal(again.name, 'cpu');
  assert.equal(tf.getBackend(), 'cpu');
});

test("initBackend('wasm') activates the WASM backend and names it", async () => {
  const backend = await initBackend('wasm');
  assert.equal(backend.name, 'wasm');
  assert.equal(tf.getBackend(), 'wasm');
  assert.match(backend.description, /^wasm \(@tensorflow\/tfjs-backend-wasm, (SIMD|no SIMD), 1 thread; tfjs \d+\.\d+\.\d+\)$/);
});

test("initBackend('node') without @tensorflow/tfjs-node rejects with the package and the reason, and leaves the active backend alone", {
  skip: skipNative,
}, async () => {
  await initBackend('cpu');
  await assert.rejects(initBackend('node'), (error: unknown) => {
    assert.ok(error instanceof BackendUnavailableError, `expected BackendUnavailableError, got ${String(error)}`);
    assert.match(error.message, /^backend 'node' is not available: @tensorflow\/tfjs-node could not be loaded/);
    assert.match(error.message, /Cannot find module/);
    // The CLI prints only the first line of a message; the reason has to be in it.
    assert.doesNotMatch(error.message, /\n/);
    return true;
  });
  assert.equal(tf.getBackend(), 'cpu');
  assert.equal(activeBackend()?.name, 'cpu');
});

test("initBackend('node-gpu') without @tensorflow/tfjs-node-gpu rejects naming that package", { skip: skipNative }, async () => {
  await assert.rejects(
    initBackend('node-gpu'),
    (error: unknown) => error instanceof BackendUnavailableError && /@tensorflow\/tfjs-node-gpu could not be loaded/.test(error.message),
  );
});

test('an unknown backend name is rejected naming the flag and every valid choice', async () => {
  await assert.rejects(initBackend('bogus'), (error: unknown) => {
    assert.ok(error instanceof BackendUnavailableError);
    assert.equal(error.message, "--backend: unknown backend 'bogus'; choose one of node-gpu, node, wasm, cpu");
    return true;
  });
  // Names are exact: no case folding, no prefixes.
  assert.throws(() => parseBackendName('CPU', '--backend'), BackendUnavailableError);
  assert.throws(() => parseBackendName('was', '--backend'), BackendUnavailableError);
  for (const name of BACKEND_NAMES) assert.equal(parseBackendName(name, '--backend'), name);
});

test('ACTBENCH_BACKEND is used when no backend is requested, and named when it is wrong', async () => {
  await initBackend('wasm');
  const backend = await withEnv('cpu', () => initBackend());
  assert.equal(backend.name, 'cpu');
  assert.equal(tf.getBackend(), 'cpu');

  await assert.rejects(
    withEnv('bogus', () => initBackend()),
    (error: unknown) =>
      error instanceof BackendUnavailableError &&
      error.message.startsWith("ACTBENCH_BACKEND: unknown backend 'bogus'; choose one of node-gpu"),
  );
});

test('an explicit request wins over ACTBENCH_BACKEND, and an empty ACTBENCH_BACKEND counts as unset', async () => {
  const requested = await withEnv('bogus', () => initBackend('wasm'));
  assert.equal(requested.name, 'wasm');
  await initBackend('cpu');
  const fromEmpty = await withEnv('', () => initBackend());
  assert.equal(fromEmpty.name, 'cpu');
});

test('the environment is restored after these tests', () => {
  // Guards the helper itself: a leaked ACTBENCH_BACKEND would change what later test files run on.
  assert.equal(process.env['ACTBENCH_BACKEND'], envAtLoad);
});
