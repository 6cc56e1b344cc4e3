// The time estimate of `actbench run --dry-run`, per mini-experiment and scaled to its planned jobs:
//   - tasks with a training probe (the CIFAR networks): the training images/s measured on the
//     backend in use (throughput.ts) × the images the job trains on; its dev and test scoring
//     counted at INFERENCE_SPEEDUP× that rate (a forward pass is about a third of a training step);
//   - the others: one short calibration run (one epoch on at most CALIBRATION_EXAMPLES training
//     examples, real data), its epoch scaled to the job's examples and epochs.
import { loadDatasets } from '../data/registry.js';
import { recipeTraining } from '../engine/recipe.js';
import { runOne } from '../engine/run-one.js';
import { loadTasks, resolveTaskSettings } from '../task/registry.js';
import type { TaskPlugin } from '../task/types.js';
import { measureProbe, type MeasuredThroughput } from './throughput.js';
import type { Job, MiniExperimentSpec, StudySpec } from './types.js';

const CALIBRATION_EXAMPLES = 256;
/** Share of a dataset that is training data when it has no official split (80/10/10). */
const TRAIN_SHARE = 0.8;
/** Scoring speed relative to training: a forward pass without the backward pass and the update. */
const INFERENCE_SPEEDUP = 3;

export interface Estimate {
  /** Worker-seconds for the pending jobs, an upper bound (every job runs its maximum epochs). */
  seconds: number;
  perMiniExperiment: Record<string, { secondsPerJob: number; jobs: number; throughput?: MeasuredThroughput; activation?: string }>;
}

/** Seconds of one job from a measured training throughput: its epochs over the training split, dev scored every epoch, test once. */
function secondsFromThroughput(throughput: MeasuredThroughput, trainExamples: number, scoredExamples: number, epochs: number): number {
  return (
    (trainExamples * epochs) / throughput.imagesPerSecond +
    (scoredExamples * (epochs + 1)) / (throughput.imagesPerSecond * INFERENCE_SPEEDUP)
  );
}

/** The probe's throughput for a mini-experiment's sample job; one measurement per distinct model and recipe. */
function probeThroughput(
  task: TaskPlugin,
  mini: MiniExperimentSpec,
  sample: Job,
  batchSize: number,
  measured: Map<string, MeasuredThroughput>,
): MeasuredThroughput {
  const settings = resolveTaskSettings(task, mini.settings);
  // CIFAR-10 and CIFAR-100 differ only in the classifier's width: the same measurement serves both.
  const key = JSON.stringify([settings, sample.hparams, sample.activation, batchSize]);
  let throughput = measured.get(key);
  if (!throughput) {
    throughput = measureProbe(
      task.probe!({ hparams: sample.hparams, activation: sample.activation, settings, seed: sample.seed }),
      sample.hparams,
      batchSize,
    );
    measured.set(key, throughput);
  }
  return throughput;
}

export async function estimatePending(spec: StudySpec, pending: Job[]): Promise<Estimate> {
  const [tasks, datasets] = await Promise.all([loadTasks(), loadDatasets()]);
  const perMiniExperiment: Estimate['perMiniExperiment'] = {};
  const measured = new Map<string, MeasuredThroughput>();
  let seconds = 0;
  for (const mini of spec.miniExperiments) {
    const jobs = pending.filter((job) => job.miniExperiment === mini.id);
    if (jobs.length === 0) continue;
    const task = tasks.get(mini.task);
    const sample = jobs[0]!;
    const fraction = Number(mini.settings['trainFraction'] ?? 1);
    const datasetSize = datasets.get(mini.dataset).size;
    const trainExamples = Math.min(mini.limit ?? Infinity, datasetSize * TRAIN_SHARE) * fraction;
    const training = recipeTraining(task.training, sample.hparams);
    const epochs = Math.min(mini.maxEpochs ?? Infinity, training.maxEpochs);
    if (task.probe) {
      const throughput = probeThroughput(task, mini, sample, training.batchSize, measured);
      const scoredExamples = Math.min(mini.limit ?? Infinity, (datasetSize * (1 - TRAIN_SHARE)) / 2);
      const secondsPerJob = secondsFromThroughput(throughput, trainExamples, scoredExamples, epochs);
      perMiniExperiment[mini.id] = { secondsPerJob, jobs: jobs.length, throughput, activation: sample.activation };
      seconds += secondsPerJob * jobs.length;
      continue;
    }
    const calibrationLimit = Math.min(mini.limit ?? CALIBRATION_EXAMPLES, CALIBRATION_EXAMPLES);
    const run = await runOne({
      task: mini.task,
      dataset: mini.dataset,
      activation: sample.activation,
      hparams: sample.hparams,
      settings: mini.settings,
      datasetSettings: mini.datasetSettings,
      seed: sample.seed,
      splitSeed: sample.splitSeed,
      dataDir: spec.dataDir,
      maxEpochs: 1,
      limit: calibrationLimit,
    });
    // Data preparation is paid once per job; an epoch grows with the training examples.
    const epochSeconds = run.history[0]?.seconds ?? run.seconds;
    const secondsPerJob = run.seconds - epochSeconds + epochSeconds * Math.max(1, trainExamples / calibrationLimit) * epochs;
    perMiniExperiment[mini.id] = { secondsPerJob, jobs: jobs.length };
    seconds += secondsPerJob * jobs.length;
  }
  return { seconds, perMiniExperiment };
}
