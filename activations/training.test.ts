// Every registry activation, in the variant the registry picks, trains inside a small
// conv2d → activation → dense model on the WASM backend: no missing kernel, and the loss falls.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { activationLayer, replacesDense } from '../src/activation/layers/index.js';
import { loadActivations } from '../src/activation/registry.js';
import { initBackend } from '../src/backend/backends.js';

const registry = await loadActivations();

/** 8×8 images with a bright 3×3 patch in the left (class 0) or right (class 1) half, plus noise. */
function patchImages(count: number, seed: number): { xs: tf.Tensor4D; ys: tf.Tensor2D } {
  let state = seed;
  const random = (): number => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const pixels = new Float32Array(count * 64);
  const labels = new Float32Array(count * 2);
  for (let n = 0; n < count; n++) {
    const label = n % 2;
    const top = Math.floor(random() * 6);
    const left = label * 4 + Math.floor(random() * 2);
    for (let i = 0; i < 64; i++) pixels[n * 64 + i] = 0.2 * (random() - 0.5);
    for (let r = top; r < top + 3; r++) for (let c = left; c < left + 3; c++) pixels[n * 64 + r * 8 + c] += 1;
    labels[n * 2 + label] = 1;
  }
  return { xs: tf.tensor4d(pixels, [count, 8, 8, 1]), ys: tf.tensor2d(labels, [count, 2]) };
}

function buildModel(name: string): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(
    tfl.layers.conv2d({
      inputShape: [8, 8, 1],
      filters: 4,
      kernelSize: 3,
      padding: 'same',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }),
    }),
  );
  if (replacesDense(name)) {
    // maxout is the dense layer itself: conv2d → maxout(units) → dense.
    model.add(tfl.layers.flatten());
    model.add(activationLayer(name, { units: 16, kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }));
  } else {
    model.add(activationLayer(name));
    model.add(tfl.layers.flatten());
  }
  model.add(tfl.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }) }));
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy' });
  return model;
}

describe('training on the WASM backend', () => {
  let data: { xs: tf.Tensor4D; ys: tf.Tensor2D };
  before(async () => {
    await initBackend('wasm');
    data = patchImages(64, 42);
  });

  for (const activation of registry.all) {
    test(`conv2d → ${activation.name} → dense: the loss falls`, async () => {
      const model = buildModel(activation.name);
      const history = await model.fit(data.xs, data.ys, { epochs: 10, batchSize: 32, shuffle: false, verbose: 0 });
      const losses = history.history['loss'] as number[];
      model.dispose();
      assert.ok(losses.every(Number.isFinite), `${activation.name}: non-finite loss ${losses.join(', ')}`);
      assert.ok(losses.at(-1)! < 0.8 * losses[0]!, `${activation.name}: loss ${losses[0]} → ${losses.at(-1)}`);
    });
  }
});
