// The probe's Max gradient: the same values as tfjs's own, bit for bit, ties and non-finite values
// included, and the registry left as it was found.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../backend/backends.js';
import { withProbeMaxGradient } from './probe-max-gradient.js';

before(async () => {
  await initBackend('wasm');
});

/** The gradient of Σ w·max(x, axes) with respect to x, weights w fixed and distinct. */
function maxGradient(x: tf.Tensor, axes: number | number[], keepDims: boolean): number[] {
  return tf.tidy(() => {
    const gradient = tf.grad((input: tf.Tensor) => {
      const reduced = tf.max(input, axes, keepDims);
      const weights = tf.reshape(tf.add(tf.range(0, reduced.size), 1), reduced.shape);
      return tf.sum(tf.mul(reduced, weights));
    })(x);
    return Array.from(gradient.dataSync());
  });
}

test('the expanded Max gradient equals tfjs’s: ties, NaN, ±∞ and −0, over one axis, two axes and the last', () => {
  // [2 examples, 4 tokens, 3 units]: ties in unit 0 (twice 2), a NaN, infinities, signed zeros.
  const x = tf.tensor(
    [
      [2, Number.NaN, -1],
      [2, 1, -0],
      [1, Number.POSITIVE_INFINITY, 0],
      [-3, Number.POSITIVE_INFINITY, -0],
      [0, 0, 0],
      [0, 5, Number.NEGATIVE_INFINITY],
      [-0, 5, Number.NEGATIVE_INFINITY],
      [0, 4, Number.NEGATIVE_INFINITY],
    ].flat(),
    [2, 4, 3],
  );
  try {
    const cases: [number | number[], boolean][] = [
      [1, false],
      [1, true],
      [[1, 2], false],
      [-1, false],
    ];
    for (const [axes, keepDims] of cases) {
      const expected = maxGradient(x, axes, keepDims);
      const probed = withProbeMaxGradient(() => maxGradient(x, axes, keepDims));
      // Object.is tells NaN from NaN equal and 0 from −0 apart, so this is bit for bit up to NaN payloads.
      assert.equal(probed.length, expected.length);
      probed.forEach((value, i) => assert.ok(Object.is(value, expected[i]), `axes ${axes}: entry ${i} ${value} vs ${expected[i]}`));
      // Not a vacuous comparison: the gradient reaches both tied maxima and skips the rest.
      if (axes === 1) assert.ok(expected[0] === expected[3] && expected[0] !== 0 && expected[6] === 0);
    }
  } finally {
    x.dispose();
  }
});

test('withProbeMaxGradient restores the registered gradient, also when its function throws', () => {
  const registered = tf.getGradient(tf.Max);
  let inside: tf.GradConfig | undefined;
  withProbeMaxGradient(() => {
    inside = tf.getGradient(tf.Max);
  });
  assert.notEqual(inside, registered);
  assert.equal(tf.getGradient(tf.Max), registered);
  assert.throws(() =>
    withProbeMaxGradient(() => {
      throw new Error('probe failed');
    }),
  );
  assert.equal(tf.getGradient(tf.Max), registered);
});
