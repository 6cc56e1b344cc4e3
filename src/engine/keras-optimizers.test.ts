// Keras 2's optimizers against Keras 2's formulas, written out here in float64 straight from
// keras/optimizers.py (2.1.3–2.2.5: ε = 1e-7, accumulators from zero), element by element: several
// steps of each keras2-* optimizer, with the fused kernel and with the op-by-op form, on both CPU
// backends. Single first steps are also worked by hand where Keras and tfjs part ways.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { registerTrainingKernels } from '../backend/kernels/index.js';
import { OPTIMIZER_UPDATE } from '../backend/kernels/optimizer-update.js';
import { KERAS2_OPTIMIZERS } from '../task/training-choices.js';
import { makeOptimizer } from './optimizers.js';

const EPS = 1e-7;

/** Keras 2's per-element update of `p` by gradients `grads[t]`, t = 1…, in float64; returns p after each step. */
function kerasReference(name: string, lr: number, p0: number, grads: number[]): number[] {
  let p = p0;
  let a = 0; // Adagrad/RMSprop/Adadelta accumulator, Adam/Nadam v, Adamax u
  let d = 0; // Adadelta's delta accumulator
  let m = 0;
  let mSchedule = 1;
  const out: number[] = [];
  grads.forEach((g, index) => {
    const t = index + 1;
    switch (name) {
      case 'keras2-sgd':
        p = p - lr * g;
        break;
      case 'keras2-rmsprop':
        a = 0.9 * a + (1 - 0.9) * g * g;
        p = p - (lr * g) / (Math.sqrt(a) + EPS);
        break;
      case 'keras2-adagrad':
        a = a + g * g;
        p = p - (lr * g) / (Math.sqrt(a) + EPS);
        break;
      case 'keras2-adadelta': {
        a = 0.95 * a + (1 - 0.95) * g * g;
        const update = (g * Math.sqrt(d + EPS)) / Math.sqrt(a + EPS);
        p = p - lr * update;
        d = 0.95 * d + (1 - 0.95) * update * update;
        break;
      }
      case 'keras2-adam': {
        const lrT = (lr * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t);
        m = 0.9 * m + (1 - 0.9) * g;
        a = 0.999 * a + (1 - 0.999) * g * g;
        p = p - (lrT * m) / (Math.sqrt(a) + EPS);
        break;
      }
      case 'keras2-adamax': {
        const lrT = lr / (1 - 0.9 ** t);
        m = 0.9 * m + (1 - 0.9) * g;
        a = Math.max(0.999 * a, Math.abs(g));
        p = p - (lrT * m) / (a + EPS);
        break;
      }
      case 'keras2-nadam': {
        const cacheT = 0.9 * (1 - 0.5 * 0.96 ** (t * 0.004));
        const cacheNext = 0.9 * (1 - 0.5 * 0.96 ** ((t + 1) * 0.004));
        const scheduleNew = mSchedule * cacheT;
        const scheduleNext = mSchedule * cacheT * cacheNext;
        mSchedule = scheduleNew;
        const gPrime = g / (1 - scheduleNew);
        m = 0.9 * m + (1 - 0.9) * g;
        const mPrime = m / (1 - scheduleNext);
        a = 0.999 * a + (1 - 0.999) * g * g;
        const vPrime = a / (1 - 0.999 ** t);
        const mBar = (1 - cacheT) * gPrime + cacheNext * mPrime;
        p = p - (lr * mBar) / (Math.sqrt(vPrime) + EPS);
        break;
      }
      default:
        throw new Error(`no reference for ${name}`);
    }
    out.push(p);
  });
  return out;
}

/** Starting values and per-step gradients for 11 elements (odd, so the kernel's tail runs); magnitudes from 1e-4 to 3. */
const START = Array.from({ length: 11 }, (_, i) => 0.5 - 0.09 * i);
const GRADIENTS = [0, 1, 2, 3, 4].map((step) =>
  START.map((_, i) => Math.sin(1 + i * 1.7 + step * 2.3) * 10 ** ((i % 5) - 3 + (step % 2)) * 0.3),
);

/** Runs `name` (default rate × 3) over GRADIENTS on the current backend; the values after each step. */
function runOptimizer(name: string): number[][] {
  const variable = tf.tidy(() => tf.variable(tf.tensor1d(START), true, `keras_${name}_${Math.random()}`));
  const { optimizer } = makeOptimizer(name, 3);
  const after: number[][] = [];
  for (const gradient of GRADIENTS) {
    tf.tidy(() => optimizer.applyGradients([{ name: variable.name, tensor: tf.tensor1d(gradient) }]));
    after.push(Array.from(variable.dataSync()));
  }
  optimizer.dispose();
  variable.dispose();
  return after;
}

function assertMatchesKeras(name: string, got: number[][]): void {
  const made = makeOptimizer(name, 3);
  made.optimizer.dispose();
  const lr = made.learningRate;
  START.forEach((p0, i) => {
    const expected = kerasReference(
      name,
      lr,
      p0,
      GRADIENTS.map((g) => g[i]!),
    );
    expected.forEach((value, step) => {
      const actual = got[step]![i]!;
      // float32 against float64: a few ulps of the value, and of the step's size.
      const tolerance = 2e-6 * Math.max(1, Math.abs(value)) + 1e-5 * Math.abs(value - (step === 0 ? p0 : expected[step - 1]!));
      assert.ok(Math.abs(actual - value) <= tolerance, `${name} element ${i} step ${step + 1}: ${actual} vs Keras ${value}`);
    });
  });
}

describe("Keras 2's optimizers", () => {
  before(() => registerTrainingKernels());

  for (const backendName of ['wasm', 'cpu']) {
    for (const fused of [true, false]) {
      for (const name of KERAS2_OPTIMIZERS) {
        it(`${name} on ${backendName} ${fused ? 'with' : 'without'} the fused kernel follows Keras's formula over 5 steps`, async () => {
          assert.ok(await tf.setBackend(backendName));
          const kernel = tf.getKernel(OPTIMIZER_UPDATE, backendName);
          assert.ok(kernel, 'the fused kernel is registered');
          if (!fused) tf.unregisterKernel(OPTIMIZER_UPDATE, backendName);
          try {
            const tensorsBefore = tf.memory().numTensors;
            const values = runOptimizer(name);
            assert.equal(tf.memory().numTensors, tensorsBefore, 'no tensor left behind');
            assertMatchesKeras(name, values);
          } finally {
            if (!fused) tf.registerKernel(kernel);
          }
        });
      }
    }
  }

  it('the fused kernel and the op-by-op form give the same values to the bit', async () => {
    assert.ok(await tf.setBackend('wasm'));
    for (const name of KERAS2_OPTIMIZERS) {
      const withKernel = runOptimizer(name);
      const kernel = tf.getKernel(OPTIMIZER_UPDATE, 'wasm')!;
      tf.unregisterKernel(OPTIMIZER_UPDATE, 'wasm');
      let withoutKernel: number[][];
      try {
        withoutKernel = runOptimizer(name);
      } finally {
        tf.registerKernel(kernel);
      }
      assert.deepEqual(withKernel, withoutKernel, name);
    }
  });

  // First steps worked by hand, where the two families differ most.
  const firstStep = (name: string, lrFactor: number, p: number, g: number): number => {
    const variable = tf.tidy(() => tf.variable(tf.scalar(p), true, `first_${name}_${Math.random()}`));
    const { optimizer } = makeOptimizer(name, lrFactor);
    tf.tidy(() => optimizer.applyGradients([{ name: variable.name, tensor: tf.scalar(g) }]));
    const value = variable.dataSync()[0]!;
    optimizer.dispose();
    variable.dispose();
    return value;
  };

  it("Adadelta's first step: Keras divides by √(0.05·g² + ε), so a gradient of 1 moves 1 by √1e-7/√0.0500001 = 0.0014142; tfjs's moves it by g·√ε/√ε = 1", async () => {
    assert.ok(await tf.setBackend('wasm'));
    assert.ok(Math.abs(firstStep('keras2-adadelta', 1, 1, 1) - (1 - 0.00141421)) < 1e-6);
    assert.ok(Math.abs(firstStep('adadelta', 1, 1, 1) - 0) < 1e-6);
  });

  it("Adagrad's first step: Keras moves by lr·g/(|g| + ε) = 0.01·0.5/0.5000001; tfjs by lr·g/√(0.1 + g² + ε)", async () => {
    assert.ok(await tf.setBackend('wasm'));
    assert.ok(Math.abs(firstStep('keras2-adagrad', 1, 1, 0.5) - (1 - 0.009999998)) < 1e-7);
    assert.ok(Math.abs(firstStep('adagrad', 1, 1, 0.5) - (1 - (0.01 * 0.5) / Math.sqrt(0.35))) < 1e-7);
  });

  it("Adam's first step on a gradient of 1e-6: Keras's ε on √v gives lr·0.31623·1e-7/(3.1623e-8 + 1e-7) = 0.24025·lr; tfjs's ε on √v̂ gives lr·1e-6/1.1e-6 = 0.90909·lr", async () => {
    assert.ok(await tf.setBackend('wasm'));
    assert.ok(Math.abs((1 - firstStep('keras2-adam', 1, 1, 1e-6)) / 0.001 - 0.24025) < 2e-3);
    assert.ok(Math.abs((1 - firstStep('adam', 1, 1, 1e-6)) / 0.001 - 0.90909) < 2e-3);
  });
});
