// Training throughput of a mini-experiment's model on the backend in use, for the dry-run
// estimate of tasks with a training probe (the CIFAR networks): a few timed optimisation steps
// on synthetic inputs of the real shape after a warm-up step, the median of the repetitions
// (src/bench/train-measure.ts). A step at the job's batch size can take a minute on a CPU
// backend (WRN-28-10 at 128 images), so when one small-batch warm-up step predicts that, the steps
// are timed at the small batch instead: on a CPU images/s hardly depends on the batch, and on a
// GPU the small batch can only make the estimate longer, never shorter.
import * as tf from '@tensorflow/tfjs-core';
import { measureThroughput } from '../bench/train-measure.js';
import type { TrainingWorkload } from '../bench/train-workload.js';
import { makeOptimizer } from '../engine/optimizers.js';
import type { HParams } from '../task/search-space.js';
import { crossEntropy } from '../task/text-classification-problem.js';
import type { TrainingProbe } from '../task/types.js';

/**
 * The warm-up step's batch, and the batch timed when the job's own would be too slow. Small
 * because of memory as well as time: tfjs-wasm's heap is at most 4 GB, and DenseNet-100-12's
 * concatenated feature maps with their gradients exceed it at a batch of 8 (the backend aborts).
 */
export const PROBE_SMALL_BATCH = 4;
/** A full-batch step predicted longer than this is not timed; the small batch is. */
const FULL_BATCH_STEP_SECONDS = 5;
const REPETITIONS = 3;

export interface MeasuredThroughput {
  /** Training images per second (wall time), median of the repetitions. */
  imagesPerSecond: number;
  /** The same by this process's CPU time: what the backend would do on otherwise idle cores. */
  cpuImagesPerSecond: number;
  /** The batch the steps were timed at. */
  batchSize: number;
}

/** One model, fixed synthetic batches of one size, and the job's optimizer. */
function probeWorkload(probe: TrainingProbe, hparams: HParams, batchSize: number): TrainingWorkload {
  const batches = [0, 1].map((i) => ({
    inputs: tf.randomNormal([batchSize, ...probe.inputShape], 0, 1, 'float32', 1 + i),
    labels: tf.randomUniformInt([batchSize], 0, probe.numClasses, 3 + i) as tf.Tensor1D,
  }));
  const { optimizer } = makeOptimizer(
    String(hparams['optimizer']),
    Number(hparams['lrFactor'] ?? 1),
    hparams['nesterov'] === true ? { nesterov: true } : {},
  );
  const variables = probe.model.trainableWeights.map((w) => w.read() as tf.Variable);
  let next = 0;
  return {
    parameters: variables.reduce((sum, v) => sum + v.size, 0),
    step: () => {
      const batch = batches[next++ % batches.length]!;
      const value = optimizer.minimize(
        () => crossEntropy(probe.model.apply(batch.inputs, { training: true }) as tf.Tensor, batch.labels, probe.numClasses),
        true,
        variables,
      )!;
      const loss = value.dataSync()[0]!;
      value.dispose();
      return loss;
    },
    // The model belongs to the caller; only the batches and the optimizer's state go here.
    dispose: () => {
      for (const batch of batches) tf.dispose([batch.inputs, batch.labels]);
      optimizer.dispose();
    },
  };
}

/** Times training steps of `probe` at the job's batch size, or at the small batch when a full step would be slow. Disposes the model. */
export function measureProbe(probe: TrainingProbe, hparams: HParams, jobBatchSize: number): MeasuredThroughput {
  try {
    const small = Math.min(PROBE_SMALL_BATCH, jobBatchSize);
    const warmup = probeWorkload(probe, hparams, small);
    const started = performance.now();
    warmup.step();
    const predictedFullStep = ((performance.now() - started) / 1000) * (jobBatchSize / small);
    const batchSize = predictedFullStep <= FULL_BATCH_STEP_SECONDS ? jobBatchSize : small;
    let workload = warmup;
    if (batchSize !== small) {
      warmup.dispose();
      workload = probeWorkload(probe, hparams, batchSize);
    }
    try {
      // The small batch has had its warm-up step; a full batch gets one of its own.
      const measured = measureThroughput(workload, batchSize, {
        warmupSteps: batchSize === small ? 0 : 1,
        repetitions: REPETITIONS,
        minSeconds: 0,
      });
      return { imagesPerSecond: measured.samplesPerSecond, cpuImagesPerSecond: measured.cpuSamplesPerSecond, batchSize };
    } finally {
      workload.dispose();
    }
  } finally {
    probe.model.dispose();
  }
}
