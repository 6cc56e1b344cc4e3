// Loss and scores for padded token sequences: every position whose mask is 0 (padding) is left out,
// so a batch's padding length never changes its loss or a test set's score.
import * as tf from '@tensorflow/tfjs-core';
import { accuracy } from './metrics.js';

// Keras's epsilon: a softmax can round to exactly 0 in float32, and log(0) would make the loss infinite.
const EPSILON = 1e-7;

/**
 * Mean cross-entropy over real tokens: labels int32 [b, T], probs (softmax output) [b, T, C],
 * mask [b, T] (1 = token, 0 = padding). A batch without any token gives 0, not NaN.
 */
export function maskedCrossEntropy(labels: tf.Tensor, probs: tf.Tensor, mask: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    if (probs.rank !== 3) throw new Error(`maskedCrossEntropy: probs must be [batch, time, classes], got [${probs.shape.join(', ')}]`);
    const [batch, time, classes] = probs.shape as [number, number, number];
    const expected = `[${batch}, ${time}]`;
    if (labels.shape.join() !== `${batch},${time}`)
      throw new Error(`maskedCrossEntropy: labels must be ${expected}, got [${labels.shape.join(', ')}]`);
    if (mask.shape.join() !== `${batch},${time}`)
      throw new Error(`maskedCrossEntropy: mask must be ${expected}, got [${mask.shape.join(', ')}]`);
    const oneHot = tf.oneHot(tf.cast(labels, 'int32'), classes);
    const logProbs = tf.log(tf.clipByValue(probs, EPSILON, 1));
    const perToken = tf.neg(tf.sum(tf.mul(oneHot, logProbs), -1));
    const weights = tf.cast(mask, 'float32');
    const tokens = tf.maximum(tf.sum(weights), 1);
    // clipByValue turns NaN into the bound on WASM; 0·Σp keeps a NaN output visible in the loss,
    // so a diverged network is recorded as such instead of training on.
    return tf.add(tf.div(tf.sum(tf.mul(perToken, weights)), tokens), tf.mul(tf.sum(probs), 0)) as tf.Scalar;
  });
}

function checkLengths(what: string, labels: ArrayLike<number>, other: ArrayLike<number>, otherName: string): void {
  if (other.length !== labels.length) throw new Error(`${what}: ${otherName} has ${other.length} entries, labels ${labels.length}`);
}

/** The most probable class of each position of a flat [n × numClasses] probability array. */
export function argmaxRows(probs: ArrayLike<number>, numClasses: number): Int32Array {
  if (!Number.isInteger(numClasses) || numClasses < 1 || probs.length % numClasses !== 0) {
    throw new Error(`argmaxRows: ${probs.length} probabilities do not split into rows of ${numClasses}`);
  }
  const rows = probs.length / numClasses;
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    let bestValue = probs[r * numClasses]!;
    for (let c = 1; c < numClasses; c++) {
      const value = probs[r * numClasses + c]!;
      if (value > bestValue) {
        best = c;
        bestValue = value;
      }
    }
    out[r] = best;
  }
  return out;
}

/**
 * Fraction of real tokens whose most probable tag is the label. labels and mask are [n] (flattened
 * [b × T]), probs [n × C] with C taken from the lengths. NaN when the mask selects nothing.
 */
export function tokenAccuracy(labels: ArrayLike<number>, probs: ArrayLike<number>, mask: ArrayLike<number>): number {
  checkLengths('tokenAccuracy', labels, mask, 'mask');
  if (labels.length === 0 || probs.length % labels.length !== 0) {
    throw new Error(`tokenAccuracy: ${probs.length} probabilities do not split into ${labels.length} rows`);
  }
  return accuracy(labels, argmaxRows(probs, probs.length / labels.length), mask);
}

export interface SpanScores {
  precision: number;
  recall: number;
  f1: number;
  goldSpans: number;
  predictedSpans: number;
}

/**
 * Spans of one row of BIO tags as 'type:start:end' keys, conlleval-style: an I- tag that does not
 * continue a span of its own type opens a new one, so stray I- tags are not lost.
 */
function spansOfRow(tags: ArrayLike<number>, start: number, length: number, mask: ArrayLike<number>, names: readonly string[]): string[] {
  const spans: string[] = [];
  let openType: string | undefined;
  let openStart = 0;
  const close = (end: number): void => {
    if (openType !== undefined) spans.push(`${openType}:${openStart}:${end}`);
    openType = undefined;
  };
  for (let t = 0; t < length; t++) {
    const i = start + t;
    if (!mask[i]) {
      close(t);
      continue;
    }
    const name = names[tags[i]!];
    if (name === undefined) throw new RangeError(`bioSpanF1: tag id ${tags[i]} has no name`);
    const prefix = name.slice(0, 2);
    const type = name.slice(2);
    if (prefix === 'B-' || (prefix === 'I-' && openType !== type)) {
      close(t);
      openType = type;
      openStart = t;
    } else if (prefix !== 'I-') {
      close(t);
    }
  }
  close(length);
  return spans;
}

/**
 * Span-level precision, recall and F1 of BIO tagging (exact match of type and boundaries), the
 * usual score for token-level argument mining. labels, predictions and mask are flattened
 * [rows × maxLength]; tagNames maps ids to 'O', 'B-X', 'I-X'.
 */
export function bioSpanF1(
  labels: ArrayLike<number>,
  predictions: ArrayLike<number>,
  mask: ArrayLike<number>,
  maxLength: number,
  tagNames: readonly string[],
): SpanScores {
  checkLengths('bioSpanF1', labels, predictions, 'predictions');
  checkLengths('bioSpanF1', labels, mask, 'mask');
  if (!Number.isInteger(maxLength) || maxLength < 1 || labels.length % maxLength !== 0) {
    throw new Error(`bioSpanF1: ${labels.length} positions do not split into rows of ${maxLength}`);
  }
  let gold = 0;
  let predicted = 0;
  let matched = 0;
  for (let row = 0; row * maxLength < labels.length; row++) {
    const goldSpans = spansOfRow(labels, row * maxLength, maxLength, mask, tagNames);
    const predictedSpans = new Set(spansOfRow(predictions, row * maxLength, maxLength, mask, tagNames));
    gold += goldSpans.length;
    predicted += predictedSpans.size;
    for (const span of goldSpans) if (predictedSpans.has(span)) matched++;
  }
  const precision = predicted === 0 ? 0 : matched / predicted;
  const recall = gold === 0 ? 0 : matched / gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, goldSpans: gold, predictedSpans: predicted };
}
