// Padding must not count: each expected value below is worked out by hand from the real tokens only,
// with absurd values put on the padded positions so that counting them would change the result.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../backend/backends.js';
import { macroF1 } from './metrics.js';
import { argmaxRows, bioSpanF1, maskedCrossEntropy, tokenAccuracy } from './masked-metrics.js';

before(async () => {
  await initBackend('wasm');
});

describe('maskedCrossEntropy', () => {
  test('averages -log p(label) over real tokens only', () => {
    // Two sentences of lengths 2 and 1, padded to 3; the padding's probabilities give p(label) ≈ 0.
    const probs = tf.tensor3d([
      [
        [0.5, 0.25, 0.25],
        [0.1, 0.8, 0.1],
        [1, 0, 0],
      ],
      [
        [0.2, 0.2, 0.6],
        [0, 0, 1],
        [0, 0, 1],
      ],
    ]);
    const labels = tf.tensor2d(
      [
        [0, 1, 2],
        [2, 0, 1],
      ],
      [2, 3],
      'int32',
    );
    const mask = tf.tensor2d([
      [1, 1, 0],
      [1, 0, 0],
    ]);
    const loss = maskedCrossEntropy(labels, probs, mask).dataSync()[0]!;
    const expected = -(Math.log(0.5) + Math.log(0.8) + Math.log(0.6)) / 3;
    assert.ok(Math.abs(loss - expected) < 1e-6, `${loss} vs ${expected}`);
    tf.dispose([probs, labels, mask]);
  });

  test('is 0 for a batch of padding only, and its gradient reaches only real tokens', () => {
    const labels = tf.tensor2d([[1, 1]], [1, 2], 'int32');
    const mask = tf.tensor2d([[1, 0]]);
    const logits = tf.tensor3d([
      [
        [0.3, -0.2],
        [2, 1],
      ],
    ]);
    const grad = tf.grad((x: tf.Tensor) => maskedCrossEntropy(labels, tf.softmax(x), mask))(logits);
    const g = grad.arraySync() as number[][][];
    assert.ok(
      g[0]![1]!.every((v) => v === 0),
      `padding gradient ${g[0]![1]!.join(', ')}`,
    );
    assert.ok(Math.abs(g[0]![0]![0]!) > 0.1);
    const empty = maskedCrossEntropy(labels, tf.softmax(logits), tf.zeros([1, 2])).dataSync()[0];
    assert.equal(empty, 0);
    tf.dispose([labels, mask, logits, grad]);
  });

  test('rejects mismatched shapes', () => {
    assert.throws(() => maskedCrossEntropy(tf.zeros([2, 3], 'int32'), tf.zeros([2, 4, 3]), tf.zeros([2, 3])), /labels must be \[2, 4\]/);
  });
});

describe('token metrics', () => {
  // Four real tokens, two padded; on the padding the "prediction" is right, so counting it would raise the scores.
  const labels = Int32Array.from([0, 1, 1, 2, 2, 2]);
  const mask = Float32Array.from([1, 1, 1, 1, 0, 0]);
  const probs = Float32Array.from([
    0.9,
    0.05,
    0.05, // → 0 ✓
    0.2,
    0.7,
    0.1, // → 1 ✓
    0.6,
    0.3,
    0.1, // → 0 ✗ (label 1)
    0.1,
    0.1,
    0.8, // → 2 ✓
    0,
    0,
    1,
    0,
    0,
    1,
  ]);

  test('tokenAccuracy counts real tokens only', () => {
    assert.equal(tokenAccuracy(labels, probs, mask), 3 / 4);
    assert.ok(Number.isNaN(tokenAccuracy(labels, probs, new Float32Array(6))));
  });

  test('macroF1 by hand', () => {
    const predictions = argmaxRows(probs, 3);
    assert.deepEqual([...predictions], [0, 1, 0, 2, 2, 2]);
    // class 0: tp 1, fp 1, fn 0 → 2/3; class 1: tp 1, fn 1 → 2/3; class 2: tp 1 → 1.
    const expected = (2 / 3 + 2 / 3 + 1) / 3;
    assert.ok(Math.abs(macroF1(labels, predictions, 3, mask) - expected) < 1e-12);
    // A class that only the padding holds is left out, not scored 0.
    assert.equal(macroF1(Int32Array.from([0, 0, 3]), Int32Array.from([0, 0, 3]), 4, Float32Array.from([1, 1, 0])), 1);
  });

  test('bioSpanF1: exact spans, stray I- opens a span, padding closes one', () => {
    const names = ['O', 'B-Claim', 'I-Claim', 'B-Premise', 'I-Premise'];
    // Rows of 5. Row 1 gold: Claim[0,2) Premise[3,5); predicted: Claim[0,2) Premise[3,4) (too short).
    // Row 2 (3 tokens) gold: Claim[1,3); predicted: a stray I-Claim at 1, i.e. Claim[1,3); B- tags on the padding.
    const gold = Int32Array.from([1, 2, 0, 3, 4, 0, 1, 2, 4, 4]);
    const predicted = Int32Array.from([1, 2, 0, 3, 0, 0, 2, 2, 1, 1]);
    const mask = Float32Array.from([1, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
    const scores = bioSpanF1(gold, predicted, mask, 5, names);
    assert.equal(scores.goldSpans, 3);
    assert.equal(scores.predictedSpans, 3);
    assert.ok(Math.abs(scores.f1 - 2 / 3) < 1e-12, JSON.stringify(scores));
  });
});
