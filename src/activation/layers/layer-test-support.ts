// Helpers the layer tests share: seeded data, float64 finite differences, save/load round-trips and
// a tiny training run. Imported only by the *.test.ts files beside it.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** Deterministic uniform numbers in [low, high) (mulberry32), so failures reproduce. */
export function seededUniform(seed: number): (low: number, high: number) => number {
  let state = seed >>> 0;
  return (low, high) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const unit = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return low + (high - low) * unit;
  };
}

/** n numbers in ±[minAbs, maxAbs): kept away from 0 where the function under test has a kink. */
export function awayFromZero(random: (low: number, high: number) => number, n: number, minAbs = 0.1, maxAbs = 2): number[] {
  return Array.from({ length: n }, () => (random(0, 1) < 0.5 ? -1 : 1) * random(minAbs, maxAbs));
}

export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    assert.ok(Math.abs(a - e) <= tolerance * Math.max(1, Math.abs(e)), `${what}[${i}]: got ${a}, expected ${e} (tolerance ${tolerance})`);
  }
}

/**
 * Central differences of a float64 function of several flat parameter arrays: the derivative of an
 * independent float64 re-implementation, which the float32 tf gradients are compared against.
 */
export function finiteDifferences(loss: (params: number[][]) => number, params: number[][], h = 1e-6): number[][] {
  return params.map((array, which) =>
    array.map((_, index) => {
      const shifted = (delta: number) => params.map((p, j) => (j === which ? p.map((v, i) => (i === index ? v + delta : v)) : p));
      return (loss(shifted(h)) - loss(shifted(-h))) / (2 * h);
    }),
  );
}

/**
 * tf's gradients of Σ weights ⊙ model(x) with respect to the input x and each trainable weight of
 * the model, in the order [x, ...model.trainableWeights].
 */
export function tfGradients(model: tfl.LayersModel, x: tf.Tensor, outputWeights: tf.Tensor): number[][] {
  return tf.tidy(() => {
    const input = tf.variable(x, true, `gradcheck_input_${Date.now()}_${Math.random()}`);
    const parameters = model.trainableWeights.map((w) => {
      const variable = w.read();
      if (!(variable instanceof tf.Variable)) throw new Error(`weight ${w.name} is not backed by a tf.Variable`);
      return variable;
    });
    const { grads } = tf.variableGrads(
      () => tf.sum(tf.mul(model.apply(input) as tf.Tensor, outputWeights)) as tf.Scalar,
      [input, ...parameters],
    );
    const result = [input, ...parameters].map((v) => Array.from(grads[v.name]!.dataSync()));
    input.dispose();
    return result;
  });
}

/** Saves through memory (with the topology passed through JSON text, as a file would) and reloads. */
export async function saveAndLoad(model: tfl.LayersModel): Promise<tfl.LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  assert.ok(saved, 'the save handler received no artifacts');
  const topology = JSON.parse(JSON.stringify(saved.modelTopology)) as object;
  return tfl.loadLayersModel(tf.io.fromMemory({ ...saved, modelTopology: topology }));
}

/** Fits a tiny regression for a few epochs and returns the first and last epoch's loss. */
export async function trainBriefly(model: tfl.LayersModel, inputShape: number[], seed: number): Promise<{ first: number; last: number }> {
  const random = seededUniform(seed);
  const samples = 32;
  const size = inputShape.reduce((a, b) => a * b, 1);
  const xs = tf.tensor(
    Array.from({ length: samples * size }, () => random(-1, 1)),
    [samples, ...inputShape],
  );
  // A smooth nonlinear target the tiny model can partly fit.
  const ys = tf.tidy(() => tf.tanh(tf.sum(tf.reshape(tf.square(xs), [samples, -1]), 1, true)));
  model.compile({ optimizer: tf.train.adam(0.03), loss: 'meanSquaredError' });
  const history = await model.fit(xs, ys, { epochs: 15, batchSize: 8, shuffle: false, verbose: 0 });
  tf.dispose([xs, ys]);
  const losses = history.history['loss'] as number[];
  return { first: losses[0]!, last: losses[losses.length - 1]! };
}
