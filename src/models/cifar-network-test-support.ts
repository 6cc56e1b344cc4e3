// Test helpers for the CIFAR networks: trainable parameter counts, where the activation stands,
// and one SGD step on the active backend that must move every weight and batch-norm statistic.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { makeOptimizer } from '../engine/optimizers.js';
import { crossEntropy } from '../task/text-classification-problem.js';

export const CIFAR_INPUT = { inputShape: [32, 32, 3] as [number, number, number], numClasses: 10, seed: 1 };

export function trainableCount(model: tfl.LayersModel): number {
  return model.trainableWeights.reduce((sum, w) => sum + w.shape.reduce((a: number, b) => a * b!, 1), 0);
}

/** Within `tolerance` (relative) of a paper's rounded figure. */
export function assertNearPaper(count: number, paper: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(count - paper) / paper <= tolerance, `${what}: ${count} is not within ${tolerance * 100}% of the paper's ${paper}`);
}

/**
 * The activation stands wherever the original has a ReLU: every batch norm feeds an activation
 * layer of the given name, and nothing else in the model activates (no convolution or dense layer
 * but the softmax classifier has an activation of its own). Returns the activation layers' count.
 */
export function activationPlaces(model: tfl.LayersModel, activation: string): number {
  const layers = model.layers;
  const activations = layers.filter(
    (l) => l.getClassName() === 'ActbenchActivation' || l.getClassName() === 'ActbenchSwishBeta' || l.getClassName() === 'ActbenchPReLU',
  );
  for (const layer of activations) {
    const config = layer.getConfig();
    if (config['activation'] !== undefined) assert.equal(config['activation'], activation, `${layer.name}`);
    // The layer an activation reads is a batch norm.
    const inbound = (layer as unknown as { inboundNodes: { inboundLayers: tfl.layers.Layer[] }[] }).inboundNodes[0]!.inboundLayers[0]!;
    assert.equal(inbound.getClassName(), 'ActbenchBatchNorm', `${layer.name} reads ${inbound.name}`);
  }
  const batchNorms = layers.filter((l) => l.getClassName() === 'ActbenchBatchNorm').length;
  assert.equal(activations.length, batchNorms, 'one activation per batch norm');
  for (const layer of layers) {
    const own = layer.getConfig()['activation'];
    if (own !== undefined && layer.getClassName() !== 'ActbenchActivation')
      assert.ok(own === 'linear' || layer.name === 'output', `${layer.name} has activation ${String(own)}`);
  }
  return activations.length;
}

/** One SGD-momentum step on two random images: the loss, and the names of the weights that did not change. */
export function oneSgdStep(model: tfl.LayersModel): { loss: number; unchanged: string[] } {
  const before = model.weights.map((w) => tf.clone(w.read()));
  const x = tf.randomNormal([2, 32, 32, 3], 0, 1, 'float32', 11);
  const labels = tf.tensor1d([3, 7], 'int32');
  const { optimizer } = makeOptimizer('sgd-momentum');
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const loss = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => crossEntropy(model.apply(x, { training: true }) as tf.Tensor, labels, 10), variables);
    optimizer.applyGradients(grads);
    return value.dataSync()[0]!;
  });
  const unchanged = model.weights
    .filter((w, i) => tf.tidy(() => tf.max(tf.abs(tf.sub(w.read(), before[i]!))).dataSync()[0]!) === 0)
    .map((w) => w.name);
  tf.dispose([...before, x, labels]);
  optimizer.dispose();
  return { loss, unchanged };
}

/**
 * Every registry activation but maxout builds into the network and gives finite outputs in
 * training mode (at a small size, 8×8 inputs); maxout is refused with the reason.
 */
export function assertEveryActivationRuns(activations: readonly { name: string }[], build: (activation: string) => tfl.LayersModel): void {
  const x = tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 12);
  for (const { name } of activations) {
    if (name.startsWith('maxout')) {
      assert.throws(() => build(name), /maxout's k pieces/, name);
      continue;
    }
    const model = build(name);
    const probabilities = model.apply(x, { training: true }) as tf.Tensor;
    assert.ok(probabilities.dataSync().every(Number.isFinite), `${name}: non-finite output`);
    probabilities.dispose();
    model.dispose();
  }
  x.dispose();
}
