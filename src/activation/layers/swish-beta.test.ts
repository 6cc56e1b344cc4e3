import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../../backend/backends.js';
import { assertClose, finiteDifferences, saveAndLoad, seededUniform, tfGradients, trainBriefly } from './layer-test-support.js';
import { SwishBeta } from './swish-beta.js';

/** float64 x·σ(βx) with β indexed by the last axis (a single β when beta has one entry). */
function swish64(x: number[], beta: number[]): number[] {
  return x.map((v, i) => v / (1 + Math.exp(-beta[i % beta.length]! * v)));
}

function modelWith(layer: SwishBeta, inputShape: number[]): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.inputLayer({ inputShape }));
  model.add(layer);
  return model;
}

describe('SwishBeta layer', () => {
  before(async () => {
    await initBackend('cpu');
  });

  it('starts as swish-1 and follows x·σ(βx) for other β, scalar or per channel', () => {
    const random = seededUniform(21);
    const x = Array.from({ length: 12 }, () => random(-4, 4));
    const fresh = modelWith(new SwishBeta(), [3]);
    assertClose((fresh.predict(tf.tensor(x, [4, 3])) as tf.Tensor).dataSync(), swish64(x, [1]), 1e-6, 'output at β = 1');
    for (const [perChannel, beta] of [
      [false, [0.4]],
      [true, [0.5, 2, -1]],
    ] as const) {
      const layer = new SwishBeta({ perChannel });
      const model = modelWith(layer, [3]);
      assert.deepEqual(layer.getWeights()[0]!.shape, [beta.length]);
      layer.setWeights([tf.tensor([...beta])]);
      assertClose(
        (model.predict(tf.tensor(x, [4, 3])) as tf.Tensor).dataSync(),
        swish64(x, [...beta]),
        1e-6,
        `output, perChannel ${perChannel}`,
      );
    }
  });

  it('has gradients w.r.t. input and β that match float64 finite differences', () => {
    const random = seededUniform(22);
    for (const [perChannel, beta] of [
      [false, [0.8]],
      [true, [0.5, 1.5, -0.7]],
    ] as const) {
      const layer = new SwishBeta({ perChannel });
      const model = modelWith(layer, [2, 3]);
      layer.setWeights([tf.tensor([...beta])]);
      const x = Array.from({ length: 12 }, () => random(-3, 3));
      const outputWeights = x.map(() => random(-1, 1));
      const analytic = tfGradients(model, tf.tensor(x, [2, 2, 3]), tf.tensor(outputWeights, [2, 2, 3]));
      const loss = ([xs, b]: number[][]) => swish64(xs!, b!).reduce((s, v, i) => s + v * outputWeights[i]!, 0);
      const numeric = finiteDifferences(loss, [x, [...beta]]);
      assertClose(analytic[0]!, numeric[0]!, 1e-3, `d loss / d input, perChannel ${perChannel}`);
      assertClose(analytic[1]!, numeric[1]!, 1e-3, `d loss / d β, perChannel ${perChannel}`);
    }
  });

  it('saves and reloads (scalar and per-channel β) with identical outputs', async () => {
    for (const perChannel of [false, true]) {
      const layer = new SwishBeta({ perChannel, name: 'swish_under_test' });
      const model = modelWith(layer, [3]);
      layer.setWeights([tf.tensor(perChannel ? [0.3, 1.2, 2] : [1.7])]);
      const loaded = await saveAndLoad(model);
      const reloaded = loaded.getLayer('swish_under_test');
      assert.ok(reloaded instanceof SwishBeta);
      assert.equal(reloaded.perChannel, perChannel);
      const x = tf.randomNormal([5, 3]);
      assert.deepEqual(Array.from((loaded.predict(x) as tf.Tensor).dataSync()), Array.from((model.predict(x) as tf.Tensor).dataSync()));
    }
  });

  for (const backend of ['cpu', 'wasm']) {
    it(`trains inside a tiny model on the ${backend} backend, β included`, async () => {
      await initBackend(backend);
      const model = tfl.sequential();
      model.add(tfl.layers.dense({ units: 8, inputShape: [4] }));
      const layer = new SwishBeta();
      model.add(layer);
      model.add(tfl.layers.dense({ units: 1 }));
      const { first, last } = await trainBriefly(model, [4], 23);
      assert.ok(last < 0.7 * first, `loss went from ${first} to ${last} on ${backend}`);
      assert.notEqual(layer.getWeights()[0]!.dataSync()[0], 1, 'β never moved from 1');
      await initBackend('cpu');
    });
  }
});
