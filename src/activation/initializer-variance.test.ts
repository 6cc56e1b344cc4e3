// σ_w² per initializer against what tfjs-layers actually draws (through the project's own
// KernelInitializers), so the card's "He normal → 1.547" is pinned to the library, not to Keras.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../backend/backends.js';
import { KernelInitializers, STUDY_KERNEL_INITIALIZERS } from '../models/mlp-initializers.js';
import { initializerWeightVariance, TRUNCATED_NORMAL_VARIANCE } from './initializer-variance.js';

describe('initializerWeightVariance', () => {
  test('closed forms: uniform fan-scaled → 1 or 2; truncated normal (not corrected) → 0.7737 × scale', () => {
    // Var of N(0, 1) truncated to ±2: 1 − 4ϕ(2)/(2Φ(2) − 1) = 0.773741…
    assert.ok(Math.abs(TRUNCATED_NORMAL_VARIANCE - 0.7737413) < 1e-6, String(TRUNCATED_NORMAL_VARIANCE));
    assert.equal(initializerWeightVariance('glorotUniform', 256).sigmaW2, 1);
    assert.equal(initializerWeightVariance('he_uniform', 256).sigmaW2, 2);
    assert.equal(initializerWeightVariance('orthogonal', 256).sigmaW2, 1);
    assert.equal(initializerWeightVariance('heNormal', 256).sigmaW2, 2 * TRUNCATED_NORMAL_VARIANCE);
    assert.ok(Math.abs(initializerWeightVariance('randomNormal', 400).sigmaW2 - 1) < 1e-12);
    assert.ok(Math.abs(initializerWeightVariance('randomUniform', 1200).sigmaW2 - 1) < 1e-12);
    assert.equal(initializerWeightVariance('randomNormal', 256).widthDependent, true);
    assert.throws(() => initializerWeightVariance('kaiming', 256), /unknown kernel initializer 'kaiming'/);
  });

  test('every study initializer, sampled from tfjs-layers at N = 256, has variance σ_w²/N', async () => {
    await initBackend('cpu');
    const n = 256;
    for (const name of STUDY_KERNEL_INITIALIZERS) {
      const kernel = new KernelInitializers(name, 7).next().apply([n, n]) as tf.Tensor;
      const values = kernel.dataSync();
      kernel.dispose();
      let sum = 0;
      let squares = 0;
      for (const v of values) {
        sum += v;
        squares += v * v;
      }
      const mean = sum / values.length;
      const variance = squares / values.length - mean * mean;
      const expected = initializerWeightVariance(name, n).sigmaW2 / n;
      // 65 536 draws: the sample variance is within ~1 % (a few standard errors) of the truth.
      assert.ok(Math.abs(variance / expected - 1) < 0.03, `${name}: sample variance ${variance * n}·/N, expected ${expected * n}/N`);
    }
  });
});
