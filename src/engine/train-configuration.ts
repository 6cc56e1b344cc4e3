// Trains one configuration of a task: minibatches in a seeded order, gradient clipping, early
// stopping on the dev score, the best-dev weights restored and scored on test. A loss that goes
// NaN or infinite ends the run as 'diverged' instead of throwing. Optionally (the vision recipes)
// a learning-rate schedule over the epochs and weight decay on the kernels.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { seededRandom } from '../util/random.js';
import { diagnosticsRecorder, type DiagnosticsRecorder } from './diagnostics.js';
import type { RunDiagnostics } from './diagnostics-format.js';
import type { LrScheduleName } from '../task/training-choices.js';
import { learningRateAt, type StepSchedule } from './lr-schedule.js';
import { makeOptimizer } from './optimizers.js';
import type { Problem, TrainingSettings } from '../task/types.js';

export interface EpochRecord {
  epoch: number;
  /** Mean training loss over the epoch's batches. */
  loss: number;
  dev: Record<string, number>;
  /** Wall time of the epoch (training and dev scoring), seconds. */
  seconds: number;
  /** The rate the epoch trained at; only in runs with a schedule. */
  learningRate?: number;
}

export type RunStatus = 'ok' | 'diverged';

export interface TrainingResult {
  status: RunStatus;
  /** Epochs run (the last, possibly partial, one included when the run diverged). */
  epochs: number;
  /** The epoch whose weights were scored on test (0: none finished). */
  bestEpoch: number;
  history: EpochRecord[];
  dev: Record<string, number>;
  test: Record<string, number>;
  seconds: number;
  /** Present when diagnostics were asked for and the problem can be probed. */
  diagnostics?: RunDiagnostics;
}

export interface TrainOptions {
  training: TrainingSettings;
  primaryMetric: string;
  optimizer: string;
  lrFactor: number;
  seed: number;
  /** The learning rate per epoch (lr-schedule.ts); absent: the optimizer's rate throughout. */
  schedule?: LrScheduleName;
  /** The 'step' schedule's milestones and factor; absent: ×0.1 at half and three quarters. */
  step?: StepSchedule;
  /** sgd-momentum with Nesterov momentum. */
  nesterov?: boolean;
  /**
   * L2 weight decay: wd·w is added to the gradient of every kernel (dense, convolution, maxout),
   * after clipping, as PyTorch's SGD weight_decay does. Biases, batch-norm scales and shifts and
   * learned activation parameters (PReLU slopes, swish β) are not decayed.
   */
  weightDecay?: number;
  /**
   * Per-run diagnostics (diagnostics.ts; default off here, on in runOne). They never change what
   * the run trains: the same scores and history either way.
   */
  diagnostics?: boolean;
  /** Called after every epoch (progress lines). */
  onEpoch?: (record: EpochRecord, maxEpochs: number) => void;
}

function globalNormClip(gradients: tf.NamedTensorMap, clipNorm: number): { clipped: tf.NamedTensorMap; norm: number } {
  let norm = NaN;
  const clipped = tf.tidy(() => {
    const names = Object.keys(gradients);
    const squares = names.map((name) => tf.sum(tf.square(gradients[name]!)));
    norm = tf.sqrt(tf.addN(squares)).dataSync()[0]!;
    if (!(norm > clipNorm)) return gradients;
    const scale = clipNorm / norm;
    return Object.fromEntries(names.map((name) => [name, tf.mul(gradients[name]!, scale)]));
  });
  return { clipped, norm };
}

/** The model's kernels by variable name: the weights weight decay applies to. */
export function decayedVariables(model: tfl.LayersModel): Map<string, tf.Variable> {
  const kernels = model.trainableWeights.filter((w) => /(^|\/)kernel$/.test(w.originalName)).map((w) => w.read() as tf.Variable);
  return new Map(kernels.map((variable) => [variable.name, variable]));
}

/** Adds wd·w to the gradients of the decayed variables. */
function withWeightDecay(gradients: tf.NamedTensorMap, decayed: Map<string, tf.Variable>, weightDecay: number): tf.NamedTensorMap {
  return tf.tidy(() =>
    Object.fromEntries(
      Object.entries(gradients).map(([name, gradient]) => {
        const weight = decayed.get(name);
        return [name, weight ? tf.add(gradient, tf.mul(weight, weightDecay)) : gradient];
      }),
    ),
  );
}

function shuffledIndices(count: number, random: () => number): Int32Array {
  const indices = Int32Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = indices[i]!;
    indices[i] = indices[j]!;
    indices[j] = swap;
  }
  return indices;
}

function snapshot(problem: Problem): tf.Tensor[] {
  return problem.model.getWeights().map((w) => tf.clone(w));
}

export function trainConfiguration(problem: Problem, options: TrainOptions): TrainingResult {
  const started = Date.now();
  const { training } = options;
  const { optimizer, learningRate, setLearningRate } = makeOptimizer(
    options.optimizer,
    options.lrFactor,
    options.nesterov ? { nesterov: true } : {},
  );
  const weightDecay = options.weightDecay ?? 0;
  if (!(weightDecay >= 0 && Number.isFinite(weightDecay)))
    throw new RangeError(`weightDecay must be a finite non-negative number, got ${weightDecay}`);
  const decayed = weightDecay > 0 ? decayedVariables(problem.model) : new Map<string, tf.Variable>();
  const random = seededRandom(options.seed);
  const trainable = problem.model.trainableWeights.map((w) => w.read() as tf.Variable);
  const history: EpochRecord[] = [];
  let best: { epoch: number; score: number; weights: tf.Tensor[]; dev: Record<string, number> } | undefined;
  let status: RunStatus = 'ok';
  let sinceBest = 0;
  let epoch = 0;
  const recorder: DiagnosticsRecorder | null = options.diagnostics ? diagnosticsRecorder(problem, training.maxEpochs) : null;
  try {
    recorder?.snapshot(0);
    for (epoch = 1; epoch <= training.maxEpochs; epoch++) {
      const epochStarted = Date.now();
      const epochRate = options.schedule
        ? learningRateAt(options.schedule, learningRate, epoch, training.maxEpochs, options.step)
        : undefined;
      if (epochRate !== undefined) setLearningRate(epochRate);
      const order = shuffledIndices(problem.trainSize, random);
      let lossSum = 0;
      let batches = 0;
      for (let start = 0; start < order.length; start += training.batchSize) {
        const batch = order.subarray(start, Math.min(order.length, start + training.batchSize));
        const lossValue = tf.tidy(() => {
          const { value, grads } = tf.variableGrads(() => problem.loss(batch), trainable);
          const loss = value.dataSync()[0]!;
          if (Number.isFinite(loss)) {
            // With clipping the global norm is at hand, so a non-finite gradient is counted for free.
            // Without, it is not checked: a per-step check cost 9 % of a small MLP's step (docs/performance.md),
            // and a non-finite gradient makes the weights non-finite, so the next step's loss is
            // non-finite and counted (only one in the run's very last step goes unseen).
            const { clipped, norm } = training.clipNorm ? globalNormClip(grads, training.clipNorm) : { clipped: grads, norm: 0 };
            if (recorder && !Number.isFinite(norm)) recorder.countNonFinite();
            optimizer.applyGradients(decayed.size > 0 ? withWeightDecay(clipped, decayed, weightDecay) : clipped);
          } else {
            recorder?.countNonFinite();
          }
          return loss;
        });
        if (!Number.isFinite(lossValue)) {
          status = 'diverged';
          break;
        }
        lossSum += lossValue;
        batches++;
      }
      if (status === 'diverged') break;
      const dev = problem.evaluate('dev');
      const record: EpochRecord = { epoch, loss: lossSum / Math.max(batches, 1), dev, seconds: (Date.now() - epochStarted) / 1000 };
      if (epochRate !== undefined) record.learningRate = epochRate;
      history.push(record);
      options.onEpoch?.(record, training.maxEpochs);
      if (recorder?.wanted(epoch)) recorder.snapshot(epoch);
      const score = dev[options.primaryMetric]!;
      if (!best || score > best.score) {
        if (best) tf.dispose(best.weights);
        best = { epoch, score, weights: snapshot(problem), dev };
        sinceBest = 0;
      } else if (++sinceBest >= training.patience) {
        break;
      }
    }
    // The weights the run ended with, before the best ones are restored for scoring.
    recorder?.final(Math.min(epoch, training.maxEpochs));
    if (best) problem.model.setWeights(best.weights);
    const test = best ? problem.evaluate('test') : {};
    return {
      status,
      epochs: Math.min(epoch, training.maxEpochs),
      bestEpoch: best?.epoch ?? 0,
      history,
      dev: best?.dev ?? {},
      test,
      seconds: (Date.now() - started) / 1000,
      ...(recorder ? { diagnostics: recorder.result() } : {}),
    };
  } finally {
    if (best) tf.dispose(best.weights);
    optimizer.dispose();
  }
}
