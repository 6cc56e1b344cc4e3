// Shared by the tagger and LSTM tests: a small tagging problem no per-word lookup can solve, and
// the custom training loop (adam on the masked loss) that the engine's tagging task will also use.
import * as tf from '@tensorflow/tfjs-core';
import { maskedCrossEntropy, tokenAccuracy } from './masked-metrics.js';
import { type TaggerOptions, buildTagger, trainableVariables } from './tagger.js';

export const SYNTHETIC = { vocabSize: 10, numTags: 3, maxLength: 8 } as const;

export interface TaggingData {
  ids: Int32Array;
  labels: Int32Array;
  mask: Float32Array;
  count: number;
}

/**
 * Sentences of 3–8 words (ids 2–9), padded to 8; tag = (word + previous word) mod 3, with 0 before
 * the first word. The tag depends on the previous token, so the recurrence has to carry it.
 */
export function syntheticTagging(count: number, seed: number): TaggingData {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const { maxLength } = SYNTHETIC;
  const ids = new Int32Array(count * maxLength);
  const labels = new Int32Array(count * maxLength);
  const mask = new Float32Array(count * maxLength);
  for (let n = 0; n < count; n++) {
    const length = 3 + Math.floor(random() * (maxLength - 2));
    let previous = 0;
    for (let t = 0; t < length; t++) {
      const word = 2 + Math.floor(random() * 8);
      ids[n * maxLength + t] = word;
      labels[n * maxLength + t] = (word + previous) % 3;
      mask[n * maxLength + t] = 1;
      previous = word;
    }
  }
  return { ids, labels, mask, count };
}

/** Token accuracy of always predicting the most frequent tag. */
export function majorityAccuracy(data: TaggingData): number {
  const counts = new Array<number>(SYNTHETIC.numTags).fill(0);
  let total = 0;
  for (let i = 0; i < data.labels.length; i++) {
    if (!data.mask[i]) continue;
    counts[data.labels[i]!]!++;
    total++;
  }
  return Math.max(...counts) / total;
}

export interface TrainResult {
  firstLoss: number;
  lastLoss: number;
  /** Token accuracy on a held-out set of the same problem. */
  accuracy: number;
  majority: number;
}

/** Trains a small tagger with optimizer.minimize on the masked loss and scores it on fresh sentences. */
export function trainTagger(options: Pick<TaggerOptions, 'cell'> & Partial<TaggerOptions>, data: TaggingData, epochs = 12): TrainResult {
  const model = buildTagger({ ...SYNTHETIC, embeddingDim: 8, units: 16, layers: 1, dropout: 0, seed: 11, ...options });
  const optimizer = tf.train.adam(0.02);
  const varList = trainableVariables(model);
  const batchSize = 32;
  const { maxLength } = SYNTHETIC;
  const epochLosses: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    let sum = 0;
    let batches = 0;
    for (let start = 0; start < data.count; start += batchSize) {
      const rows = Math.min(batchSize, data.count - start);
      const slice = [start * maxLength, (start + rows) * maxLength] as const;
      const ids = tf.tensor2d(data.ids.subarray(...slice), [rows, maxLength], 'int32');
      const labels = tf.tensor2d(data.labels.subarray(...slice), [rows, maxLength], 'int32');
      const mask = tf.tensor2d(data.mask.subarray(...slice), [rows, maxLength]);
      const loss = optimizer.minimize(
        () => maskedCrossEntropy(labels, model.apply(ids, { training: true }) as tf.Tensor, mask),
        true,
        varList,
      )!;
      sum += loss.dataSync()[0]!;
      batches++;
      tf.dispose([ids, labels, mask, loss]);
    }
    epochLosses.push(sum / batches);
  }
  const test = syntheticTagging(64, 999);
  const probs = tf.tidy(() => model.predict(tf.tensor2d(test.ids, [test.count, maxLength], 'int32')) as tf.Tensor);
  const flat = probs.dataSync();
  probs.dispose();
  const accuracy = tokenAccuracy(test.labels, flat, test.mask);
  model.dispose();
  optimizer.dispose();
  return { firstLoss: epochLosses[0]!, lastLoss: epochLosses.at(-1)!, accuracy, majority: majorityAccuracy(test) };
}
