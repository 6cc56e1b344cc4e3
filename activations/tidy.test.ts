// The tidy contract (docs/contributing.md §2): every activation, called outside tf.tidy, leaves
// nothing behind but its result, in every variant and on both CPU backends: its apply, its
// gradient, its function at initial parameters, and its layer once built. A leak here would go
// unnoticed inside a model (the layer's tf.tidy frees it) and pile up everywhere else: plots,
// benchmarks, a caller's own training loop. Checked by counting tensors, as tfjs-layers' own tests
// do, for every registered activation without naming one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../src/backend/backends.js';
import { activationLayer } from '../src/activation/layers/index.js';
import { availableVariants, implementation, loadActivations } from '../src/activation/registry.js';

const registry = await loadActivations();
const INPUTS = [-20, -2, -0.5, 0, 0.5, 2, 20, NaN, Infinity, -Infinity];

/** How many tensors `make` leaves behind besides the one it returns. */
function leftBehind(make: () => tf.Tensor): number {
  const before = tf.memory().numTensors;
  const result = make();
  const left = tf.memory().numTensors - before - 1;
  result.dispose();
  return left;
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`activations leave no tensor behind outside tf.tidy (${backend})`, () => {
    it('apply and gradient, every variant; the function at initial parameters', async () => {
      await initBackend(backend);
      const x = tf.tensor1d(INPUTS);
      const leaks: string[] = [];
      for (const activation of registry.all) {
        const functions: [string, (x: tf.Tensor) => tf.Tensor][] =
          activation.kind === 'elementwise'
            ? availableVariants(activation, backend).map((variant) => [variant, implementation(activation, variant)])
            : activation.atInit
              ? [['atInit', activation.atInit.composite]]
              : [];
        for (const [variant, fn] of functions) {
          const forward = leftBehind(() => fn(x));
          const gradient = leftBehind(() => tf.grad(fn)(x));
          if (forward !== 0 || gradient !== 0) leaks.push(`${activation.name} ${variant}: forward ${forward}, gradient ${gradient}`);
        }
      }
      x.dispose();
      assert.deepEqual(leaks, []);
    });

    it('as a layer: after the first call builds its weights, each call leaves only its output', async () => {
      await initBackend(backend);
      // Maxout reshapes its kernel's output into k pieces per unit: 4 units of a width-6 input.
      const x = tf.randomNormal([3, 6], 0, 1, 'float32', 5);
      const leaks: string[] = [];
      for (const activation of registry.all) {
        const layer = activationLayer(activation.name, { units: 4 });
        leftBehind(() => layer.apply(x) as tf.Tensor);
        const left = leftBehind(() => layer.apply(x) as tf.Tensor);
        if (left !== 0) leaks.push(`${activation.name}: ${left}`);
        layer.dispose();
      }
      x.dispose();
      assert.deepEqual(leaks, []);
    });
  });
}
