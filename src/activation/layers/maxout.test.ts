import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../../backend/backends.js';
import { assertClose, finiteDifferences, saveAndLoad, seededUniform, tfGradients, trainBriefly } from './layer-test-support.js';
import { Maxout } from './maxout.js';

/** float64 maxout over the last axis; kernel [inputDim, units·k] unit-major, like the layer's. */
function maxout64(x: number[], rows: number, inputDim: number, kernel: number[], bias: number[], units: number, k: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < units; j++) {
      let best = -Infinity;
      for (let p = 0; p < k; p++) {
        const column = j * k + p;
        let z = bias[column]!;
        for (let i = 0; i < inputDim; i++) z += x[r * inputDim + i]! * kernel[i * units * k + column]!;
        best = Math.max(best, z);
      }
      out.push(best);
    }
  }
  return out;
}

function modelWith(layer: Maxout, inputShape: number[]): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.inputLayer({ inputShape }));
  model.add(layer);
  return model;
}

describe('Maxout layer', () => {
  before(async () => {
    await initBackend('cpu');
  });

  it('computes max over k affine pieces per unit on rank-2 and rank-3 input', () => {
    const random = seededUniform(1);
    const [units, k, inputDim] = [3, 4, 5];
    for (const shape of [
      [6, inputDim],
      [2, 3, inputDim],
    ]) {
      const layer = new Maxout({ units, k, biasInitializer: 'randomNormal' });
      const model = modelWith(layer, shape.slice(1));
      const x = Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random(-2, 2));
      const y = model.predict(tf.tensor(x, shape)) as tf.Tensor;
      assert.deepEqual(y.shape, [...shape.slice(0, -1), units]);
      const [kernel, bias] = layer.getWeights().map((w) => Array.from(w.dataSync()));
      assertClose(
        y.dataSync(),
        maxout64(x, x.length / inputDim, inputDim, kernel!, bias!, units, k),
        1e-5,
        `output for input shape [${shape}]`,
      );
    }
  });

  it('takes initializers by tfjs name, Keras name or instance', () => {
    const kernelOf = (layer: Maxout) => {
      modelWith(layer, [3]);
      return Array.from(layer.getWeights()[0]!.dataSync());
    };
    const seeded = () => new Maxout({ units: 2, k: 2, kernelInitializer: tfl.initializers.heNormal({ seed: 7 }) });
    assert.deepEqual(kernelOf(seeded()), kernelOf(seeded()));
    assert.deepEqual(kernelOf(new Maxout({ units: 2, k: 2, kernelInitializer: 'ones' })), new Array(12).fill(1));
    for (const name of ['glorot_uniform', 'lecun_normal', 'heUniform'])
      assert.doesNotThrow(() => new Maxout({ units: 2, k: 2, kernelInitializer: name }), name);
  });

  it('rejects bad arguments with the layer name in the message', () => {
    assert.throws(() => new Maxout({ units: 0, k: 2, name: 'mx' }), /Maxout layer 'mx': units/);
    assert.throws(() => new Maxout({ units: 3, k: 2, kernelInitializer: 'noSuchInit' }), /unknown initializer 'noSuchInit'/);
  });

  it('has gradients w.r.t. input, kernel and bias that match float64 finite differences', () => {
    const random = seededUniform(2);
    const [rows, inputDim, units, k] = [3, 4, 3, 2];
    const layer = new Maxout({ units, k, biasInitializer: 'randomNormal' });
    const model = modelWith(layer, [inputDim]);
    const x = Array.from({ length: rows * inputDim }, () => random(-2, 2));
    const outputWeights = Array.from({ length: rows * units }, () => random(-1, 1));
    const [kernel, bias] = layer.getWeights().map((w) => Array.from(w.dataSync()));
    const analytic = tfGradients(model, tf.tensor(x, [rows, inputDim]), tf.tensor(outputWeights, [rows, units]));
    const loss = ([xs, w, b]: number[][]) =>
      maxout64(xs!, rows, inputDim, w!, b!, units, k).reduce((s, v, i) => s + v * outputWeights[i]!, 0);
    const numeric = finiteDifferences(loss, [x, kernel!, bias!]);
    ['input', 'kernel', 'bias'].forEach((what, i) => assertClose(analytic[i]!, numeric[i]!, 1e-3, `d loss / d ${what}`));
  });

  it('saves and reloads with its config and identical outputs', async () => {
    const model = modelWith(new Maxout({ units: 4, k: 3, kernelInitializer: 'heNormal', name: 'maxout_under_test' }), [5]);
    const x = tf.randomNormal([7, 5]);
    const loaded = await saveAndLoad(model);
    const layer = loaded.getLayer('maxout_under_test');
    assert.ok(layer instanceof Maxout);
    assert.equal(layer.units, 4);
    assert.equal(layer.k, 3);
    // JSON text: a saved file turns an unset seed (undefined) into null.
    const asSaved = (config: unknown) => JSON.parse(JSON.stringify(config, (_key, value: unknown) => value ?? null)) as unknown;
    assert.deepEqual(
      asSaved(layer.getConfig()['kernelInitializer']),
      asSaved(model.getLayer('maxout_under_test').getConfig()['kernelInitializer']),
    );
    assert.deepEqual(Array.from((loaded.predict(x) as tf.Tensor).dataSync()), Array.from((model.predict(x) as tf.Tensor).dataSync()));
  });

  for (const backend of ['cpu', 'wasm']) {
    it(`trains inside a tiny model on the ${backend} backend (rank 2 and rank 3)`, async () => {
      await initBackend(backend);
      for (const inputShape of [[4], [3, 4]]) {
        const model = tfl.sequential();
        model.add(tfl.layers.inputLayer({ inputShape }));
        model.add(new Maxout({ units: 8, k: 2 }));
        if (inputShape.length === 2) model.add(tfl.layers.flatten());
        model.add(tfl.layers.dense({ units: 1 }));
        const { first, last } = await trainBriefly(model, inputShape, 3);
        assert.ok(last < 0.7 * first, `loss went from ${first} to ${last} on ${backend} with input shape [${inputShape}]`);
      }
      await initBackend('cpu');
    });
  }
});
