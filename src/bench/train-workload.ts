// What the training benchmark times: a model with its optimizer and a few fixed batches, stepped
// one optimisation step at a time. Reference models (train-reference-models.ts) and the study's
// task models (train-task-models.ts) both come in this shape.
import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { trainableVariables } from '../models/tagger.js';

export interface TrainingWorkload {
  /** One optimisation step (forward, backward, update) on the next batch; returns the loss. */
  step(): number;
  /** Trainable parameters (frozen embeddings excluded). */
  parameters: number;
  dispose(): void;
}

export interface WorkloadSpec {
  /** Short name for --models and JSON ('mlp', 'task:sentence-classification'). */
  name: string;
  /** One line: layers and sizes. */
  description: string;
  kind: 'reference' | 'task';
  batchSize: number;
  /** Builds the model and its batches on the active backend. Needs the activation registry loaded. */
  create(): TrainingWorkload;
}

/** Batches a workload cycles through; the PyTorch side (torch_reference.py) uses as many. */
export const DISTINCT_BATCHES = 4;

export function countParameters(model: tfl.LayersModel): number {
  return model.trainableWeights.reduce((sum, weight) => sum + weight.read().size, 0);
}

/**
 * A workload whose step minimises `loss(batch)` with `optimizer` over the model's trainable
 * variables, reading the loss back as the study's engine does (the read is the step's sync point).
 */
export function minimizeWorkload<B>(
  model: tfl.LayersModel,
  optimizer: tf.Optimizer,
  batches: B[],
  loss: (batch: B) => tf.Scalar,
  disposeBatch: (batch: B) => void,
): TrainingWorkload {
  const variables = trainableVariables(model);
  let next = 0;
  return {
    parameters: countParameters(model),
    step: () => {
      const batch = batches[next++ % batches.length]!;
      const value = optimizer.minimize(() => loss(batch), true, variables)!;
      const result = value.dataSync()[0]!;
      value.dispose();
      return result;
    },
    dispose: () => {
      batches.forEach(disposeBatch);
      optimizer.dispose();
      model.dispose();
    },
  };
}
