// The fused optimizer updates against tfjs's own: every optimizer makeOptimizer builds, trained on
// the same variables and gradients for several steps, gives the same values and state to the bit
// with the fused kernel as without it (without it, each class runs tfjs's own applyGradients; Nadam
// its op-by-op form), on both CPU backends. Their state is tfjs's: weights load into a stock
// optimizer, a changed learning rate applies.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { registerTrainingKernels } from '../backend/kernels/index.js';
import { OPTIMIZER_UPDATE } from '../backend/kernels/optimizer-update.js';
import { randomValues } from '../backend/kernels/kernel-test-support.js';
import { ALL_OPTIMIZERS, makeOptimizer } from './optimizers.js';

/** Odd sizes, so the SIMD loop's partial last vector runs too. */
const SHAPES = [[7, 5], [13], [1], [8]];

/** `steps` updates of fresh variables with seeded gradients; returns values, then the optimizer's weights where it has them. */
async function train(make: () => tf.Optimizer, steps: number, prefix: string): Promise<Float32Array[]> {
  const variables = tf.tidy(() =>
    SHAPES.map((shape, i) =>
      tf.variable(
        tf.tensor(
          randomValues(
            shape.reduce((a, b) => a * b, 1),
            40 + i,
            0,
          ),
          shape,
        ),
        true,
        `${prefix}_${i}`,
      ),
    ),
  );
  const optimizer = make();
  for (let step = 0; step < steps; step++) {
    tf.tidy(() => {
      // Gradients spanning magnitudes, zeros included, as real ones do; one variable skips a step.
      const grads = variables.map((v, i) => tf.mul(tf.tensor(randomValues(v.size, 100 * step + i, 0.2), v.shape), 10 ** ((step % 5) - 3)));
      optimizer.applyGradients(variables.flatMap((v, i) => (i === 3 && step === 1 ? [] : [{ name: v.name, tensor: grads[i]! }])));
    });
  }
  const arrays = variables.map((v) => (v.dataSync() as Float32Array).slice());
  const weights = await optimizer.getWeights().catch(() => []);
  arrays.push(...weights.map((w) => (w.tensor.dataSync() as Float32Array).slice()));
  // The first weight (the iteration count) is a tensor of its own; the rest are the optimizer's.
  weights[0]?.tensor.dispose();
  optimizer.dispose();
  tf.dispose(variables);
  return arrays;
}

async function withoutFusedKernel<T>(backendName: string, run: () => Promise<T>): Promise<T> {
  const kernel = tf.getKernel(OPTIMIZER_UPDATE, backendName)!;
  tf.unregisterKernel(OPTIMIZER_UPDATE, backendName);
  try {
    return await run();
  } finally {
    tf.registerKernel(kernel);
  }
}

describe('fused optimizer updates', () => {
  before(() => registerTrainingKernels());

  for (const backendName of ['wasm', 'cpu']) {
    for (const name of ALL_OPTIMIZERS) {
      it(`${name} on ${backendName}: the same values and state to the bit over 12 steps`, async () => {
        assert.ok(await tf.setBackend(backendName));
        assert.ok(tf.getKernel(OPTIMIZER_UPDATE, backendName), 'the fused kernel is registered');
        const before = tf.memory().numTensors;
        // A learning rate well above the default, so that the updates move the weights visibly.
        const make = () => makeOptimizer(name, 10).optimizer;
        const want = await withoutFusedKernel(backendName, () => train(make, 12, `stock_${name}_${backendName}`));
        const got = await train(make, 12, `fused_${name}_${backendName}`);
        assert.equal(got.length, want.length);
        got.forEach((values, i) => assert.deepEqual(values, want[i], `array ${i} (variables, then iterations and state)`));
        assert.ok(
          got.slice(0, SHAPES.length).some((values, i) => values.some((v, k) => v !== randomValues(values.length, 40 + i, 0)[k])),
          'the weights moved',
        );
        assert.equal(tf.memory().numTensors, before, 'no tensors left behind');
      });
    }
  }

  it("without the kernel, the fused classes are tfjs's optimizers", async () => {
    assert.ok(await tf.setBackend('cpu'));
    const want = await train(() => tf.train.adam(0.01, 0.9, 0.999, 1e-7), 3, 'tfjs_adam');
    const got = await withoutFusedKernel('cpu', () => train(() => makeOptimizer('adam', 10).optimizer, 3, 'plain_adam'));
    got.forEach((values, i) => assert.deepEqual(values, want[i]));
  });

  it('keeps tfjs state: a changed learning rate applies, and weights load into a stock Adam', async () => {
    assert.ok(await tf.setBackend('wasm'));
    const v = tf.tidy(() => tf.variable(tf.tensor([1, -2, 3]), true, 'state_check'));
    const { optimizer, setLearningRate } = makeOptimizer('adam', 100);
    optimizer.applyGradients([{ name: v.name, tensor: tf.tidy(() => tf.ones([3])) }]);
    // Adam's first step moves each weight by ≈ lr (here 0.1) against the gradient's sign.
    assert.ok(Math.abs((v.dataSync()[0] as number) - 0.9) < 1e-5);
    setLearningRate(0.01);
    optimizer.applyGradients([{ name: v.name, tensor: tf.tidy(() => tf.ones([3])) }]);
    assert.ok(Math.abs((v.dataSync()[0] as number) - 0.89) < 1e-4, `second step used the new rate: ${v.dataSync()[0]}`);
    const stock = tf.train.adam(0.01, 0.9, 0.999, 1e-7);
    const weights = await optimizer.getWeights();
    await stock.setWeights(weights);
    assert.equal(await stock.iterations, 2);
    weights[0]!.tensor.dispose();
    tf.dispose([v]);
    optimizer.dispose();
    stock.dispose();
  });
});
