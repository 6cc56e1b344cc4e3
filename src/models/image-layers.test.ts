// The image models' own layers against values worked out by hand: convolutional maxout's channel
// groups, the option-A shortcut's subsampling and zero channels, and both saving and loading.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { saveAndLoad } from '../activation/layers/layer-test-support.js';
import { loadActivations } from '../activation/registry.js';
import { initBackend } from '../backend/backends.js';
import { ChannelMaxout, maxoutPieces, ZeroPadShortcut } from './image-layers.js';

before(async () => {
  await initBackend('wasm');
  await loadActivations();
});

function modelOf(layer: tfl.layers.Layer, shape: number[]): tfl.LayersModel {
  const input = tfl.input({ shape });
  return tfl.model({ inputs: input, outputs: layer.apply(input) as tfl.SymbolicTensor });
}

test('ChannelMaxout: output channel j is the max of input channels jk … jk+k−1; the gradient goes to the winner', () => {
  // One pixel, 6 channels, k = 3: groups (5, −1, 2) and (0, 7, 7.5).
  const x = tf.tensor4d([5, -1, 2, 0, 7, 7.5], [1, 1, 1, 6]);
  const layer = new ChannelMaxout({ k: 3 });
  const y = layer.apply(x) as tf.Tensor;
  assert.deepEqual(y.shape, [1, 1, 1, 2]);
  assert.deepEqual(Array.from(y.dataSync()), [5, 7.5]);
  const dx = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(layer.apply(input) as tf.Tensor, tf.tensor4d([2, 3], [1, 1, 1, 2]))))(x);
  assert.deepEqual(Array.from(dx.dataSync()), [2, 0, 0, 0, 0, 3]);
  assert.throws(() => modelOf(new ChannelMaxout({ k: 4 }), [2, 2, 6]), /6 input channels are not a multiple of k = 4/);
  assert.throws(() => new ChannelMaxout({ k: 0 }), /k must be a positive integer/);
});

test('maxoutPieces reads k from the registry’s maxout layers and is undefined for the rest', () => {
  assert.equal(maxoutPieces('maxout-2'), 2);
  assert.equal(maxoutPieces('maxout4'), 4);
  assert.equal(maxoutPieces('prelu'), undefined);
  assert.equal(maxoutPieces('relu'), undefined);
});

test('ZeroPadShortcut: every stride-th pixel, input channels in the middle of zero channels', () => {
  // 4×4 image, 2 channels, value 10·row + column (+100 in channel 1); stride 2 keeps rows and columns 0 and 2.
  const values = Array.from({ length: 32 }, (_, i) => {
    const [row, column, channel] = [Math.floor(i / 8), Math.floor(i / 2) % 4, i % 2];
    return 10 * row + column + 100 * channel;
  });
  const x = tf.tensor4d(values, [1, 4, 4, 2]);
  const layer = new ZeroPadShortcut({ stride: 2, channels: 4 });
  const y = layer.apply(x) as tf.Tensor;
  assert.deepEqual(y.shape, [1, 2, 2, 4]);
  // Per output pixel: [0, channel 0, channel 1, 0]; pixels (0,0), (0,2), (2,0), (2,2).
  assert.deepEqual(Array.from(y.dataSync()), [0, 0, 100, 0, 0, 2, 102, 0, 0, 20, 120, 0, 0, 22, 122, 0]);
  // Odd sizes round up like a 'same' convolution with that stride: 5×5 → 3×3.
  assert.deepEqual(modelOf(new ZeroPadShortcut({ stride: 2, channels: 3 }), [5, 5, 1]).outputs[0]!.shape, [null, 3, 3, 3]);
  // The gradient reaches exactly the sampled pixels.
  const dx = tf.grad((input: tf.Tensor) => tf.sum(layer.apply(input) as tf.Tensor))(x);
  const sampled = values.map((_, i) => {
    const [row, column] = [Math.floor(i / 8), Math.floor(i / 2) % 4];
    return row % 2 === 0 && column % 2 === 0 ? 1 : 0;
  });
  assert.deepEqual(Array.from(dx.dataSync()), sampled);
  assert.throws(() => modelOf(new ZeroPadShortcut({ stride: 1, channels: 1 }), [4, 4, 2]), /cannot pad 2 channels down to 1/);
});

test('both layers save and load with the model', async () => {
  const input = tfl.input({ shape: [6, 6, 4] });
  const pooled = new ChannelMaxout({ k: 2, name: 'group_max' }).apply(input) as tfl.SymbolicTensor;
  const output = new ZeroPadShortcut({ stride: 2, channels: 5, name: 'shortcut' }).apply(pooled) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: output });
  const loaded = await saveAndLoad(model);
  const x = tf.randomNormal([2, 6, 6, 4], 0, 1, 'float32', 3);
  assert.deepEqual((loaded.predict(x) as tf.Tensor).dataSync(), (model.predict(x) as tf.Tensor).dataSync());
  assert.equal((loaded.getLayer('group_max') as ChannelMaxout).k, 2);
  assert.equal((loaded.getLayer('shortcut') as ZeroPadShortcut).channels, 5);
});
