// The hand-written batch norm against tfjs-layers' BatchNormalization (same function, tfjs's own
// gradients) and against moving statistics worked out by hand.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { assertClose, saveAndLoad } from '../activation/layers/layer-test-support.js';
import { initBackend } from '../backend/backends.js';
import { BatchNorm } from './batch-norm.js';

before(async () => {
  await initBackend('wasm');
});

/** Output and gradients (x, γ, β) of Σ w ⊙ layer(x) in training mode. */
function trainingGradients(layer: tfl.layers.Layer, x: tf.Tensor, w: tf.Tensor): { output: Float32Array; grads: Float32Array[] } {
  return tf.tidy(() => {
    const input = tf.variable(x, true, `bn_input_${layer.name}`);
    const weights = layer.trainableWeights.map((v) => v.read() as tf.Variable);
    const output = layer.apply(input, { training: true }) as tf.Tensor;
    const { grads } = tf.variableGrads(
      () => tf.sum(tf.mul(layer.apply(input, { training: true }) as tf.Tensor, w)) as tf.Scalar,
      [input, ...weights],
    );
    const result = {
      output: output.dataSync() as Float32Array,
      grads: [input, ...weights].map((v) => grads[v.name]!.dataSync() as Float32Array),
    };
    input.dispose();
    return result;
  });
}

test('training mode: output and gradients match tfjs-layers’ BatchNormalization', () => {
  for (const shape of [
    [4, 3, 3, 5],
    [6, 7],
  ]) {
    const channels = shape.at(-1)!;
    const x = tf.randomNormal(shape, 2, 3, 'float32', 7);
    const w = tf.randomNormal(shape, 0, 1, 'float32', 8);
    const ours = new BatchNorm({ name: `ours_${shape.length}` });
    const theirs = tfl.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5, name: `theirs_${shape.length}` });
    const start = [
      tf.randomNormal([channels], 1, 0.3, 'float32', 9),
      tf.randomNormal([channels], 0, 0.3, 'float32', 10),
      tf.zeros([channels]),
      tf.ones([channels]),
    ];
    for (const layer of [ours, theirs]) {
      layer.build(shape);
      layer.setWeights(start);
    }
    const a = trainingGradients(ours, x, w);
    const b = trainingGradients(theirs, x, w);
    assertClose(a.output, b.output, 1e-5, `output ${shape}`);
    ['x', 'gamma', 'beta'].forEach((what, i) => assertClose(a.grads[i]!, b.grads[i]!, 2e-5, `d${what} ${shape}`));
  }
});

test('moving statistics: momentum 0.9 towards the batch mean and the unbiased batch variance; inference uses them', () => {
  // Two examples, one channel: values 1 and 3 → mean 2, biased variance 1, unbiased 2.
  const layer = new BatchNorm({ name: 'moving' });
  const x = tf.tensor2d([[1], [3]]);
  const y = layer.apply(x, { training: true }) as tf.Tensor;
  // Batch statistics: (1 − 2)/√(1 + 1e-5), (3 − 2)/√(1 + 1e-5).
  assertClose(y.dataSync(), [-1 / Math.sqrt(1 + 1e-5), 1 / Math.sqrt(1 + 1e-5)], 1e-6, 'normalised with batch statistics');
  const [, , movingMean, movingVariance] = layer.getWeights().map((t) => t.dataSync()[0]!);
  assertClose([movingMean!, movingVariance!], [0.9 * 0 + 0.1 * 2, 0.9 * 1 + 0.1 * 2], 1e-6, 'moving mean and variance');
  // Inference: (x − 0.2)/√(1.1 + 1e-5), γ = 1, β = 0.
  const inference = layer.apply(tf.tensor2d([[1.3]])) as tf.Tensor;
  assertClose(inference.dataSync(), [(1.3 - 0.2) / Math.sqrt(1.1 + 1e-5)], 1e-6, 'inference with moving statistics');
});

test('settings are checked and saved with the model', async () => {
  assert.throws(() => new BatchNorm({ momentum: 1 }), /momentum must be in \[0, 1\)/);
  assert.throws(() => new BatchNorm({ epsilon: 0 }), /epsilon must be positive/);
  const model = tfl.sequential({ layers: [new BatchNorm({ inputShape: [3], momentum: 0.8, epsilon: 1e-3, name: 'bn' })] });
  model.getLayer('bn').setWeights([tf.tensor1d([1, 2, 3]), tf.tensor1d([0, 1, 0]), tf.tensor1d([0.5, 0, -1]), tf.tensor1d([1, 4, 2])]);
  const loaded = await saveAndLoad(model);
  const x = tf.tensor2d([[1, 2, 3]]);
  assert.deepEqual((loaded.predict(x) as tf.Tensor).dataSync(), (model.predict(x) as tf.Tensor).dataSync());
  const config = loaded.getLayer('bn').getConfig();
  assert.equal(config['momentum'], 0.8);
  assert.equal(config['epsilon'], 1e-3);
});
