// FusedAdam against tfjs's AdamOptimizer: the same variables and gradients for several steps, on
// both CPU backends, give the same values and moments to the bit; its state is tfjs's (weights
// round-trip); where the fused kernel is not registered, tfjs's own update runs.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { registerTrainingKernels } from '../backend/kernels/index.js';
import { ADAM_UPDATE } from '../backend/kernels/adam-update.js';
import { randomValues } from '../backend/kernels/kernel-test-support.js';
import { FusedAdam } from './fused-adam.js';

/** Odd sizes, so the SIMD loop's scalar tail runs too. */
const SHAPES = [[7, 5], [13], [1]];

/** Runs `steps` updates of fresh variables with seeded gradients; returns values and moments. */
async function train(make: () => tf.Optimizer, steps: number, prefix: string): Promise<Float32Array[]> {
  const variables = tf.tidy(() => SHAPES.map((shape, i) => tf.variable(tf.tensor(randomValues(shape.reduce((a, b) => a * b, 1), 40 + i, 0), shape), true, `${prefix}_${i}`)));
  const optimizer = make();
  for (let step = 0; step < steps; step++) {
    tf.tidy(() => {
      // Gradients spanning magnitudes, zeros included, as real ones do.
      const grads = variables.map((v, i) => tf.mul(tf.tensor(randomValues(v.size, 100 * step + i, 0.2), v.shape), 10 ** ((step % 5) - 3)));
      optimizer.applyGradients(variables.map((v, i) => ({ name: v.name, tensor: grads[i]! })));
    });
  }
  const weights = await optimizer.getWeights();
  const result = [...variables.map((v) => v.dataSync() as Float32Array), ...weights.map((w) => w.tensor.dataSync() as Float32Array)].map((a) => a.slice());
  // The first entry (the iteration count) is a tensor of its own; the moments are the optimizer's.
  weights[0]!.tensor.dispose();
  optimizer.dispose();
  tf.dispose(variables);
  return result;
}

describe('FusedAdam', () => {
  before(() => registerTrainingKernels());

  for (const backendName of ['wasm', 'cpu']) {
    it(`matches tfjs's Adam to the bit on ${backendName}, values and moments, over 12 steps`, async () => {
      assert.ok(await tf.setBackend(backendName));
      assert.ok(tf.getKernel(ADAM_UPDATE, backendName), 'the fused kernel is registered');
      const before = tf.memory().numTensors;
      const want = await train(() => tf.train.adam(0.01, 0.9, 0.999, 1e-7), 12, `stock_${backendName}`);
      const got = await train(() => new FusedAdam(0.01, 0.9, 0.999, 1e-7), 12, `fused_${backendName}`);
      assert.equal(got.length, want.length);
      got.forEach((values, i) => assert.deepEqual(values, want[i], `array ${i} (variables, then iterations, m and v)`));
      assert.equal(tf.memory().numTensors, before, 'no tensors left behind');
    });
  }

  it('keeps tfjs state: a changed learning rate applies, and weights load into a stock Adam', async () => {
    assert.ok(await tf.setBackend('wasm'));
    const v = tf.tidy(() => tf.variable(tf.tensor([1, -2, 3]), true, 'state_check'));
    const optimizer = new FusedAdam(0.1, 0.9, 0.999, 1e-7);
    optimizer.applyGradients([{ name: v.name, tensor: tf.tensor([1, 1, 1]) }]);
    // Adam's first step moves each weight by ≈ lr against the gradient's sign.
    assert.ok(Math.abs((v.dataSync()[0] as number) - 0.9) < 1e-5);
    (optimizer as unknown as { learningRate: number }).learningRate = 0.01;
    optimizer.applyGradients([{ name: v.name, tensor: tf.tensor([1, 1, 1]) }]);
    assert.ok(Math.abs((v.dataSync()[0] as number) - 0.89) < 1e-4, `second step used the new rate: ${v.dataSync()[0]}`);
    const stock = tf.train.adam(0.01, 0.9, 0.999, 1e-7);
    await stock.setWeights(await optimizer.getWeights());
    assert.equal(await stock.iterations, 2);
    tf.dispose([v]);
    optimizer.dispose();
    stock.dispose();
  });

  it("runs tfjs's own update where the kernel is not registered", async () => {
    assert.ok(await tf.setBackend('cpu'));
    const kernel = tf.getKernel(ADAM_UPDATE, 'cpu')!;
    tf.unregisterKernel(ADAM_UPDATE, 'cpu');
    try {
      const want = await train(() => tf.train.adam(0.01, 0.9, 0.999, 1e-7), 3, 'unfused_stock');
      const got = await train(() => new FusedAdam(0.01, 0.9, 0.999, 1e-7), 3, 'unfused');
      got.forEach((values, i) => assert.deepEqual(values, want[i]));
    } finally {
      tf.registerKernel(kernel);
    }
  });
});
