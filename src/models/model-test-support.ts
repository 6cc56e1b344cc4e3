// Test helper for the model builders: train a compiled classifier and score it on held-out data.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

export interface FitScore {
  /** Loss on the training data before any step. */
  initialLoss: number;
  heldLoss: number;
  heldAccuracy: number;
}

/** Compiles `model` with Adam and categorical cross-entropy, fits it, and disposes the data. */
export async function fitAndScore(
  model: tfl.LayersModel,
  train: { inputs: tf.Tensor; ys: tf.Tensor },
  held: { inputs: tf.Tensor; ys: tf.Tensor },
  options: { learningRate: number; epochs: number; batchSize: number },
): Promise<FitScore> {
  model.compile({ optimizer: tf.train.adam(options.learningRate), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const before = model.evaluate(train.inputs, train.ys) as tf.Scalar[];
  const initialLoss = before[0]!.dataSync()[0]!;
  await model.fit(train.inputs, train.ys, { epochs: options.epochs, batchSize: options.batchSize, verbose: 0 });
  const after = model.evaluate(held.inputs, held.ys) as tf.Scalar[];
  const [heldLoss, heldAccuracy] = after.map((t) => t.dataSync()[0]!);
  tf.dispose([...before, ...after, train.inputs, train.ys, held.inputs, held.ys]);
  return { initialLoss, heldLoss: heldLoss!, heldAccuracy: heldAccuracy! };
}
