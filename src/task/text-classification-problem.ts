// A Problem for single-label classification over fixed inputs (sentence vectors, padded token
// ids): batches by gathering rows, cross-entropy on the model's softmax, accuracy and macro-F1.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { classificationScores, majorityBaselineScores } from '../models/metrics.js';
import type { Problem } from './types.js';

export interface ClassificationSplit {
  inputs: tf.Tensor;
  labels: Int32Array;
}

/**
 * Mean −log p(label) over the batch; probabilities are floored so a confident miss stays finite.
 * The floor must not hide a network that produced NaN (WASM's maximum turns NaN into the floor),
 * so 0·Σp is added: any NaN output makes the loss NaN, which the engine records as divergence.
 */
export function crossEntropy(probabilities: tf.Tensor, labels: tf.Tensor, numClasses: number): tf.Scalar {
  return tf.tidy(() => {
    const picked = tf.sum(tf.mul(probabilities, tf.oneHot(labels, numClasses)), -1);
    const loss = tf.neg(tf.mean(tf.log(tf.maximum(picked, 1e-12))));
    return tf.add(loss, tf.mul(tf.sum(probabilities), 0)) as tf.Scalar;
  });
}

function predictClasses(model: tfl.LayersModel, inputs: tf.Tensor, batchSize = 512): Int32Array {
  const predictions = new Int32Array(inputs.shape[0]!);
  for (let start = 0; start < predictions.length; start += batchSize) {
    const size = Math.min(batchSize, predictions.length - start);
    const classes = tf.tidy(() => tf.argMax(model.apply(tf.slice(inputs, start, size), { training: false }) as tf.Tensor, -1));
    predictions.set(classes.dataSync() as Int32Array, start);
    classes.dispose();
  }
  return predictions;
}

export function classificationProblem(
  model: tfl.LayersModel,
  numClasses: number,
  splits: { train: ClassificationSplit; dev: ClassificationSplit; test: ClassificationSplit },
): Problem {
  const trainLabels = tf.tensor1d(splits.train.labels, 'int32');
  const score = (split: ClassificationSplit): Record<string, number> => {
    return classificationScores(split.labels, predictClasses(model, split.inputs), numClasses);
  };
  return {
    model,
    trainSize: splits.train.labels.length,
    loss: (indices) =>
      tf.tidy(() => {
        const rows = tf.tensor1d(indices, 'int32');
        const probabilities = model.apply(tf.gather(splits.train.inputs, rows), { training: true }) as tf.Tensor;
        return crossEntropy(probabilities, tf.gather(trainLabels, rows), numClasses);
      }),
    probe: (indices, tensorNames) => {
      const rows = tf.tensor1d(indices, 'int32');
      const outputs = model.execute(tf.gather(splits.train.inputs, rows), [...tensorNames, model.outputs[0]!.name]) as tf.Tensor[];
      const probabilities = outputs.pop()!;
      const loss = crossEntropy(probabilities, tf.gather(trainLabels, rows), numClasses);
      return { loss, tensors: outputs };
    },
    evaluate: (split) => score(splits[split]),
    baseline: () => majorityBaselineScores(splits.train.labels, splits.test.labels, numClasses),
    dispose: () => {
      tf.dispose([trainLabels, splits.train.inputs, splits.dev.inputs, splits.test.inputs]);
      model.dispose();
    },
  };
}

/** Label ids from the training split's label set, sorted; dev/test labels unseen in train are an error. */
export function labelIndex(trainLabels: string[], otherLabels: string[][], dataset: string): Map<string, number> {
  const labels = [...new Set(trainLabels)].sort();
  const index = new Map(labels.map((label, i) => [label, i]));
  for (const list of otherLabels) {
    for (const label of list) {
      if (!index.has(label)) throw new Error(`dataset '${dataset}': label '${label}' appears in dev/test but not in train`);
    }
  }
  return index;
}

/** The first `fraction` of the (already shuffled) training split, at least one example. */
export function trainFraction<E>(train: E[], fraction: number): E[] {
  return fraction >= 1 ? train : train.slice(0, Math.max(1, Math.round(train.length * fraction)));
}

/**
 * The splits a task trains on: at most `limit` examples per split, then the training fraction of
 * what is left, so a small study can still compare two training sizes (limit 1000 with fractions
 * 0.05 and 0.3: 50 and 300 sentences, scored on the same 1,000 dev and test examples).
 */
export function taskSplits<E>(
  splits: { train: E[]; dev: E[]; test: E[] },
  fraction: number,
  limit?: number,
): { train: E[]; dev: E[]; test: E[] } {
  const cap = (items: E[]) => (limit === undefined ? items : items.slice(0, limit));
  return { train: trainFraction(cap(splits.train), fraction), dev: cap(splits.dev), test: cap(splits.test) };
}
