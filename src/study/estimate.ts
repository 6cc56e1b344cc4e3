// The time estimate of `actbench run --dry-run`: one short calibration run per mini-experiment
// (one epoch on at most CALIBRATION_EXAMPLES training examples), scaled to the planned jobs.
import { loadDatasets } from '../data/registry.js';
import { runOne } from '../engine/run-one.js';
import { loadTasks } from '../task/registry.js';
import type { Job, StudySpec } from './types.js';

const CALIBRATION_EXAMPLES = 256;
/** Share of a dataset that is training data when it has no official split (80/10/10). */
const TRAIN_SHARE = 0.8;

export interface Estimate {
  /** Worker-seconds for the pending jobs, an upper bound (every job runs its maximum epochs). */
  seconds: number;
  perMiniExperiment: Record<string, { secondsPerJob: number; jobs: number }>;
}

export async function estimatePending(spec: StudySpec, pending: Job[]): Promise<Estimate> {
  const [tasks, datasets] = await Promise.all([loadTasks(), loadDatasets()]);
  const perMiniExperiment: Estimate['perMiniExperiment'] = {};
  let seconds = 0;
  for (const mini of spec.miniExperiments) {
    const jobs = pending.filter((job) => job.miniExperiment === mini.id);
    if (jobs.length === 0) continue;
    const task = tasks.get(mini.task);
    const sample = jobs[0]!;
    const calibrationLimit = Math.min(mini.limit ?? CALIBRATION_EXAMPLES, CALIBRATION_EXAMPLES);
    const run = await runOne({ task: mini.task, dataset: mini.dataset, activation: sample.activation, hparams: sample.hparams, settings: mini.settings, datasetSettings: mini.datasetSettings, seed: sample.seed, splitSeed: sample.splitSeed, dataDir: spec.dataDir, maxEpochs: 1, limit: calibrationLimit });
    const fraction = Number(mini.settings['trainFraction'] ?? 1);
    const trainExamples = Math.min(mini.limit ?? Infinity, datasets.get(mini.dataset).size * TRAIN_SHARE) * fraction;
    const epochs = Math.min(mini.maxEpochs ?? Infinity, task.training.maxEpochs);
    // Data preparation is paid once per job; an epoch grows with the training examples.
    const epochSeconds = run.history[0]?.seconds ?? run.seconds;
    const secondsPerJob = run.seconds - epochSeconds + epochSeconds * Math.max(1, trainExamples / calibrationLimit) * epochs;
    perMiniExperiment[mini.id] = { secondsPerJob, jobs: jobs.length };
    seconds += secondsPerJob * jobs.length;
  }
  return { seconds, perMiniExperiment };
}
