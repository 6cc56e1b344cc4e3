// The shape of a task plugin (one file per task in tasks/): what it runs on, what it searches
// over, how it builds its model and data, and how it trains. The engine knows none of them.
import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { DatasetGroup, LoadOptions } from '../data/types.js';
import type { SettingDeclarations } from '../plugins/settings.js';
import type { HParams, SearchSpace } from './search-space.js';

export interface TrainingSettings {
  batchSize: number;
  maxEpochs: number;
  /** Epochs without a better dev score before stopping. */
  patience: number;
  /** Clip the global gradient norm to this, when set. */
  clipNorm?: number;
}

/**
 * A task's data and model for one configuration, ready to train. Tensors are owned by the
 * problem and freed by dispose().
 */
export interface Problem {
  model: tfl.LayersModel;
  trainSize: number;
  /** Mean loss over the training examples at `indices`, computed in training mode (dropout on). */
  loss(indices: Int32Array): tf.Scalar;
  /** Metrics on a split, inference mode. */
  evaluate(split: 'dev' | 'test'): Record<string, number>;
  /** The trivial predictor's test metrics (majority class, most frequent tag per word). */
  baseline(): Record<string, number>;
  dispose(): void;
  /**
   * The diagnostics probe (src/engine/diagnostics.ts): the loss on the training examples at
   * `indices` and the model's intermediate tensors named in `tensorNames`, in inference mode
   * (model.execute: no dropout, no augmentation, no batch-norm update), so that calling it draws
   * no random number and changes no state training depends on. Optional: without it a run has no
   * diagnostics.
   */
  probe?(indices: Int32Array, tensorNames: string[]): ProbeForward;
}

/** What Problem.probe returns; the tensors belong to the caller. */
export interface ProbeForward {
  /** Mean loss over the probe examples. */
  loss: tf.Scalar;
  /** The requested intermediate tensors, in the order asked. */
  tensors: tf.Tensor[];
  /** [examples, positions], 1 on real tokens: the padding of sequence models is left out of the statistics. Absent: every position counts. */
  mask?: tf.Tensor;
}

export interface TaskContext {
  hparams: HParams;
  /** Registry name of the activation. */
  activation: string;
  /** Task settings (e.g. trainFraction), validated against the task's declaration. */
  settings: HParams;
  dataset: string;
  load: LoadOptions;
  seed: number;
  /** At most this many examples per split (smoke runs and tests); all when absent. */
  limit?: number;
}

/** What a task's training probe is built from: one configuration, as a job would run it. */
export interface ProbeContext {
  hparams: HParams;
  /** Registry name of the activation. */
  activation: string;
  settings: HParams;
  seed: number;
}

/** A configuration's model and the shape of one input, to time training steps on synthetic inputs. */
export interface TrainingProbe {
  model: tfl.LayersModel;
  /** One example's shape, without the batch axis ([32, 32, 3] for CIFAR). */
  inputShape: number[];
  numClasses: number;
}

export interface TaskPlugin {
  /** Lowercase, hyphenated, unique. */
  name: string;
  group: DatasetGroup;
  description: string;
  /** The dataset `train` and a spec use when none is named. */
  defaultDataset: string;
  /**
   * The task runs on every dataset of its group (sentence, document, tagging, vision), so adding a
   * dataset file needs no edit of a task; a task whose model fits only some names them here.
   */
  onlyDatasets?: string[];
  searchSpace: SearchSpace;
  /**
   * Hyperparameters a run may fix (a spec's `fixed`, `--set`) that are never sampled: the
   * engine's recipe knobs (RECIPE_SPACE in src/task/training-choices.ts) for tasks that train by a recipe.
   * Kept apart from searchSpace so that declaring them leaves every sampled configuration as it was.
   */
  recipeSpace?: SearchSpace;
  /** A sensible single configuration (for `actbench train` without --set). */
  defaults: HParams;
  /** Task parameters a study may vary, with allowed values and defaults. */
  settings?: SettingDeclarations;
  metrics: string[];
  /** The metric early stopping and "best" use. */
  primaryMetric: string;
  training: TrainingSettings;
  /** Activations the task cannot use (e.g. the taggers: no maxout, no prelu). */
  excludedActivations?: string[];
  prepare(context: TaskContext): Promise<Problem>;
  /**
   * Optional: the model `prepare` would build, without loading any data, so that a dry run can
   * time training steps on the backend in use (src/study/throughput.ts) where one short epoch on
   * real data says little: networks whose first steps are dominated by warm-up, data that is not
   * on the planning machine. Needs the activation registry loaded.
   */
  probe?(context: ProbeContext): TrainingProbe;
}
