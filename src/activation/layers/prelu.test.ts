import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../../backend/backends.js';
import {
  assertClose,
  awayFromZero,
  finiteDifferences,
  saveAndLoad,
  seededUniform,
  tfGradients,
  trainBriefly,
} from './layer-test-support.js';
import { PReLU } from './prelu.js';

/** float64 PReLU with the slope indexed by the last axis (channels-last). */
function prelu64(x: number[], alpha: number[]): number[] {
  return x.map((v, i) => (v > 0 ? v : alpha[i % alpha.length]! * v));
}

function modelWith(layer: PReLU, inputShape: number[]): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.inputLayer({ inputShape }));
  model.add(layer);
  return model;
}

describe('PReLU layer', () => {
  before(async () => {
    await initBackend('cpu');
  });

  it('starts as relu (slopes initialised to 0)', () => {
    const model = modelWith(new PReLU(), [4]);
    const x = [-2, -0.5, 0, 3, 1.5, -1, 0.25, -4];
    const y = model.predict(tf.tensor(x, [2, 4])) as tf.Tensor;
    assert.deepEqual(
      Array.from(y.dataSync()),
      x.map((v) => Math.max(v, 0)),
    );
  });

  it('learns one slope per unit on rank 2 and one per channel on rank 3 and rank 4', () => {
    const random = seededUniform(11);
    for (const shape of [
      [3, 5],
      [2, 4, 5],
      [2, 3, 4, 5],
    ]) {
      const layer = new PReLU();
      const model = modelWith(layer, shape.slice(1));
      const channels = shape[shape.length - 1]!;
      assert.deepEqual(layer.getWeights()[0]!.shape, [channels], `slope shape for input [${shape}]`);
      const alpha = Array.from({ length: channels }, () => random(-0.5, 0.8));
      layer.setWeights([tf.tensor(alpha)]);
      const x = awayFromZero(
        random,
        shape.reduce((a, b) => a * b, 1),
      );
      assertClose((model.predict(tf.tensor(x, shape)) as tf.Tensor).dataSync(), prelu64(x, alpha), 1e-6, `output for input [${shape}]`);
    }
  });

  it('has gradients w.r.t. input and (non-zero) slopes that match float64 finite differences', () => {
    const random = seededUniform(12);
    for (const shape of [
      [4, 3],
      [2, 2, 2, 3],
    ]) {
      const layer = new PReLU();
      const model = modelWith(layer, shape.slice(1));
      const alpha = [0.3, -0.2, 0.7];
      layer.setWeights([tf.tensor(alpha)]);
      const x = awayFromZero(
        random,
        shape.reduce((a, b) => a * b, 1),
      );
      const outputWeights = x.map(() => random(-1, 1));
      const analytic = tfGradients(model, tf.tensor(x, shape), tf.tensor(outputWeights, shape));
      const loss = ([xs, a]: number[][]) => prelu64(xs!, a!).reduce((s, v, i) => s + v * outputWeights[i]!, 0);
      const numeric = finiteDifferences(loss, [x, alpha]);
      assertClose(analytic[0]!, numeric[0]!, 1e-3, `d loss / d input, shape [${shape}]`);
      assertClose(analytic[1]!, numeric[1]!, 1e-3, `d loss / d alpha, shape [${shape}]`);
    }
  });

  it('saves and reloads with its learned slopes and identical outputs', async () => {
    const layer = new PReLU({ name: 'prelu_under_test' });
    const model = modelWith(layer, [2, 2, 3]);
    layer.setWeights([tf.tensor([0.1, -0.3, 0.25])]);
    const loaded = await saveAndLoad(model);
    assert.ok(loaded.getLayer('prelu_under_test') instanceof PReLU);
    const x = tf.randomNormal([3, 2, 2, 3]);
    assert.deepEqual(Array.from((loaded.predict(x) as tf.Tensor).dataSync()), Array.from((model.predict(x) as tf.Tensor).dataSync()));
  });

  for (const backend of ['cpu', 'wasm']) {
    it(`trains inside a tiny model on the ${backend} backend`, async () => {
      await initBackend(backend);
      const model = tfl.sequential();
      model.add(tfl.layers.dense({ units: 8, inputShape: [4] }));
      const layer = new PReLU();
      model.add(layer);
      model.add(tfl.layers.dense({ units: 1 }));
      const { first, last } = await trainBriefly(model, [4], 13);
      assert.ok(last < 0.7 * first, `loss went from ${first} to ${last} on ${backend}`);
      assert.ok(
        layer
          .getWeights()[0]!
          .dataSync()
          .some((a) => a !== 0),
        'the slopes never moved from 0',
      );
      await initBackend('cpu');
    });
  }
});
