// The sentence MLP: shapes and parameter counts worked out by hand, every registry activation and
// every study initializer builds and runs, it learns a separable problem, and it round-trips
// through save/load. On the WASM backend, as the study runs.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { saveAndLoad } from '../activation/layers/layer-test-support.js';
import { loadActivations } from '../activation/registry.js';
import { initBackend } from '../backend/backends.js';
import { seededRandom } from '../util/random.js';
import { fitAndScore } from './model-test-support.js';
import { ActbenchOrthogonal } from '../activation/layers/orthogonal-initializer.js';
import { STUDY_KERNEL_INITIALIZERS, buildMlp, canonicalKernelInitializer } from './mlp.js';

const registry = await loadActivations();

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** `classes` Gaussian clusters in `dim` dimensions, centres ~N(0, 1), spread `spread`, one-hot labels. */
function clusters(
  count: number,
  dim: number,
  classes: number,
  spread: number,
  seed: number,
): { xs: tf.Tensor2D; ys: tf.Tensor2D; labels: number[] } {
  const centres = seededRandom(1234);
  const centre: number[][] = Array.from({ length: classes }, () => Array.from({ length: dim }, () => gaussian(centres)));
  const random = seededRandom(seed);
  const values = new Float32Array(count * dim);
  const labels: number[] = [];
  for (let n = 0; n < count; n++) {
    const label = n % classes;
    labels.push(label);
    for (let d = 0; d < dim; d++) values[n * dim + d] = centre[label]![d]! + spread * gaussian(random);
  }
  return {
    xs: tf.tensor2d(values, [count, dim]),
    ys: tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), classes), 'float32') as tf.Tensor2D,
    labels,
  };
}

function countParams(weights: tfl.LayerVariable[]): number {
  return weights.reduce((sum, w) => sum + w.shape.reduce<number>((a, b) => a * (b ?? Number.NaN), 1), 0);
}

const SMALL = { inputDim: 5, numClasses: 3, layers: 2, units: 4, dropout: 0.5, kernelInitializer: 'glorotUniform', seed: 7 } as const;

describe('buildMlp', () => {
  before(async () => {
    await initBackend('wasm');
  });

  test('shapes and parameter counts match the hand count', () => {
    // Dense 5→4: 24, Dense 4→4: 20, output 4→3: 15.
    const expected: Record<string, number> = {
      relu: 24 + 20 + 15,
      // one slope per unit per hidden layer
      prelu: 24 + 4 + 20 + 4 + 15,
      // one β per hidden layer
      'swish-beta': 24 + 1 + 20 + 1 + 15,
      // maxout-2 replaces the Dense: 5→4·2 (+8 biases) = 48, 4→8 (+8) = 40
      'maxout-2': 48 + 40 + 15,
      'maxout-4': 5 * 16 + 16 + (4 * 16 + 16) + 15,
    };
    for (const [activation, params] of Object.entries(expected)) {
      const model = buildMlp({ ...SMALL, activation });
      assert.deepEqual(model.inputs[0]!.shape, [null, 5], activation);
      assert.deepEqual(model.outputs[0]!.shape, [null, 3], activation);
      assert.equal(model.countParams(), params, activation);
      assert.equal(countParams(model.trainableWeights), params, `${activation}: all trainable`);
      const denseLike = model.layers.filter((l) => l.name.endsWith('_dense') || l.name.endsWith('_maxout'));
      assert.equal(denseLike.length, 2, `${activation}: one Dense or maxout per hidden layer`);
      const dropouts = model.layers.filter((l) => l.getClassName() === 'Dropout');
      assert.equal(dropouts.length, 2, activation);
      model.dispose();
    }
    const logistic = buildMlp({ ...SMALL, layers: 0, activation: 'relu' });
    assert.equal(logistic.countParams(), 5 * 3 + 3);
    logistic.dispose();
  });

  test('maxout replaces Dense+activation; prelu and swish-beta follow a Dense', () => {
    const classes = (activation: string): string[] => {
      const model = buildMlp({ ...SMALL, layers: 1, activation });
      const names = model.layers.map((l) => l.getClassName());
      model.dispose();
      return names;
    };
    assert.deepEqual(classes('maxout-3'), ['InputLayer', 'ActbenchMaxout', 'Dropout', 'Dense']);
    assert.deepEqual(classes('prelu'), ['InputLayer', 'Dense', 'ActbenchPReLU', 'Dropout', 'Dense']);
    assert.deepEqual(classes('swish-beta'), ['InputLayer', 'Dense', 'ActbenchSwishBeta', 'Dropout', 'Dense']);
    assert.deepEqual(classes('penalized_tanh'), ['InputLayer', 'Dense', 'ActbenchActivation', 'Dropout', 'Dense']);
  });

  test('every registry activation builds and runs forward', () => {
    const xs = tf.randomNormal([7, SMALL.inputDim], 0, 1, 'float32', 3);
    for (const activation of registry.all) {
      const model = buildMlp({ ...SMALL, activation: activation.name });
      const probabilities = model.predict(xs) as tf.Tensor;
      assert.deepEqual(probabilities.shape, [7, 3], activation.name);
      const values = probabilities.dataSync();
      assert.ok(values.every(Number.isFinite), `${activation.name}: non-finite output`);
      for (let row = 0; row < 7; row++) {
        const sum = values[row * 3]! + values[row * 3 + 1]! + values[row * 3 + 2]!;
        assert.ok(Math.abs(sum - 1) < 1e-5, `${activation.name}: row ${row} sums to ${sum}`);
      }
      probabilities.dispose();
      model.dispose();
    }
    xs.dispose();
  });

  test('every study initializer builds, in tfjs and Keras spelling; seeds make weights reproducible', () => {
    const keras = [
      'random_normal',
      'random_uniform',
      'variance_scaling',
      'orthogonal',
      'lecun_uniform',
      'glorot_normal',
      'glorot_uniform',
      'he_normal',
      'he_uniform',
    ];
    assert.deepEqual(keras.map(canonicalKernelInitializer), [...STUDY_KERNEL_INITIALIZERS]);
    const firstKernel = (kernelInitializer: string, seed: number | undefined, activation = 'relu'): Float32Array => {
      const model = buildMlp({ ...SMALL, units: 64, activation, kernelInitializer, ...(seed !== undefined ? { seed } : {}) });
      const values = model.getWeights()[0]!.dataSync() as Float32Array;
      model.dispose();
      return values;
    };
    for (const name of [...STUDY_KERNEL_INITIALIZERS, ...keras]) {
      const a = firstKernel(name, 11);
      assert.deepEqual(a, firstKernel(name, 11), `${name}: same seed, same weights`);
      assert.notDeepEqual(a, firstKernel(name, 12), `${name}: another seed, other weights`);
      assert.ok(
        a.some((v) => v !== 0),
        name,
      );
    }
    assert.deepEqual(
      firstKernel('he_uniform', 5, 'maxout-2'),
      firstKernel('heUniform', 5, 'maxout-2'),
      'the seed reaches the maxout kernel',
    );
    // Two equal-shaped layers under one seed must not start identical.
    const model = buildMlp({ ...SMALL, layers: 3, units: 6, activation: 'relu', seed: 3 });
    const [, , second, , third] = model.getWeights().map((w) => Array.from(w.dataSync()));
    assert.notDeepEqual(second, third);
    model.dispose();
  });

  test('orthogonal: orthonormal columns (rows when wide), Keras flattening for conv kernels, saved under its own class', async () => {
    const gram = (values: Float32Array | Int32Array | Uint8Array, rows: number, cols: number, byColumns: boolean): number[] => {
      const [outer, inner] = byColumns ? [cols, rows] : [rows, cols];
      const at = (o: number, i: number): number => (byColumns ? values[i * cols + o]! : values[o * cols + i]!);
      const products: number[] = [];
      for (let a = 0; a < outer; a++)
        for (let b = 0; b < outer; b++) {
          let dot = 0;
          for (let i = 0; i < inner; i++) dot += at(a, i) * at(b, i);
          products.push(dot - (a === b ? 1 : 0));
        }
      return products;
    };
    for (const [shape, rows, cols] of [
      [[40, 12], 40, 12],
      [[12, 40], 12, 40],
      [[3, 8, 10], 24, 10],
      [[16, 16], 16, 16],
    ] as const) {
      const kernel = new ActbenchOrthogonal({ seed: 4 }).apply([...shape]);
      assert.deepEqual(kernel.shape, [...shape]);
      const deviation = Math.max(...gram(kernel.dataSync(), rows, cols, rows >= cols).map(Math.abs));
      assert.ok(deviation < 1e-5, `[${shape.join(', ')}]: QᵀQ − I up to ${deviation}`);
      kernel.dispose();
    }
    const gained = new ActbenchOrthogonal({ seed: 4, gain: 2 }).apply([5, 5]);
    const plain = new ActbenchOrthogonal({ seed: 4 }).apply([5, 5]);
    assert.deepEqual(
      Array.from(gained.dataSync()),
      Array.from(plain.dataSync()).map((v) => 2 * v),
    );
    tf.dispose([gained, plain]);

    const model = buildMlp({ ...SMALL, activation: 'maxout-2', kernelInitializer: 'orthogonal' });
    const topology = JSON.stringify(model.toJSON(null, false));
    assert.ok(
      topology.includes('ActbenchOrthogonal') && !topology.includes('"Orthogonal"'),
      "tfjs's own Orthogonal never appears in a saved model",
    );
    const loaded = await saveAndLoad(model);
    assert.deepEqual(loaded.getWeights()[0]!.dataSync(), model.getWeights()[0]!.dataSync());
    model.dispose();
    loaded.dispose();
  });

  test('bad options are rejected with a message naming them', () => {
    assert.throws(() => buildMlp({ ...SMALL, activation: 'relux' }), /unknown activation 'relux'/);
    assert.throws(() => buildMlp({ ...SMALL, activation: 'relu', kernelInitializer: 'xavier' }), /unknown kernel initializer 'xavier'/);
    assert.throws(() => buildMlp({ ...SMALL, activation: 'relu', units: 0 }), /units must be a positive integer/);
    assert.throws(() => buildMlp({ ...SMALL, activation: 'relu', dropout: 1 }), /dropout must be in \[0, 1\)/);
    assert.throws(() => buildMlp({ ...SMALL, activation: 'relu', layers: -1 }), /layers must be a non-negative integer/);
  });

  for (const activation of ['relu', 'penalized-tanh']) {
    test(`${activation}: learns Gaussian clusters (loss falls, accuracy far above majority)`, async () => {
      const train = clusters(480, 20, 4, 1.4, 1);
      const held = clusters(200, 20, 4, 1.4, 2);
      const model = buildMlp({
        inputDim: 20,
        numClasses: 4,
        layers: 2,
        units: 32,
        dropout: 0.2,
        activation,
        kernelInitializer: 'he_uniform',
        seed: 1,
      });
      const { initialLoss, heldLoss, heldAccuracy } = await fitAndScore(
        model,
        { inputs: train.xs, ys: train.ys },
        { inputs: held.xs, ys: held.ys },
        { learningRate: 0.005, epochs: 15, batchSize: 16 },
      );
      model.dispose();
      // 4 balanced classes: majority baseline 0.25; the clusters overlap a little, so not 100%.
      assert.ok(heldLoss < 0.5 * initialLoss, `loss ${initialLoss} → held-out ${heldLoss}`);
      assert.ok(heldAccuracy > 0.8, `held-out accuracy ${heldAccuracy}`);
    });
  }

  test('save and load gives identical predictions', async () => {
    const xs = tf.randomNormal([9, SMALL.inputDim], 0, 1, 'float32', 5);
    for (const activation of ['relu', 'maxout-3', 'prelu', 'swish-beta', 'penalized-tanh']) {
      const model = buildMlp({ ...SMALL, activation });
      // Nonzero PReLU slopes and β ≠ 1, so the learned parameters matter to the comparison.
      const shifted = model.getWeights().map((w, i) => tf.add(w, tf.randomNormal(w.shape, 0, 0.3, 'float32', 100 + i)));
      model.setWeights(shifted);
      tf.dispose(shifted);
      const loaded = await saveAndLoad(model);
      const expected = model.predict(xs) as tf.Tensor;
      const actual = loaded.predict(xs) as tf.Tensor;
      assert.deepEqual(actual.dataSync(), expected.dataSync(), activation);
      assert.deepEqual(
        loaded.layers.map((l) => l.getClassName()),
        model.layers.map((l) => l.getClassName()),
        activation,
      );
      tf.dispose([expected, actual]);
      model.dispose();
      loaded.dispose();
    }
    xs.dispose();
  });
});
