// Trains and scores one configuration of one task, on one dataset and activation: what
// `actbench train` runs and what a study's job will run.
import { loadActivations } from '../activation/registry.js';
import { activeBackend } from '../backend/backends.js';
import { loadDatasets, resolveDatasetSettings } from '../data/registry.js';
import { loadTasks, resolveTaskSettings, taskDatasets } from '../task/registry.js';
import { seededRandom } from '../util/random.js';
import type { HParams } from '../task/search-space.js';
import type { TaskPlugin } from '../task/types.js';
import type { LoadOptions } from '../data/types.js';
import type { RunDiagnostics } from './diagnostics-format.js';
import { recipeOptions, recipeTraining, RecipeError } from './recipe.js';
import { trainConfiguration, type EpochRecord, type RunStatus } from './train-configuration.js';
import { InputError } from '../util/input-error.js';

export interface RunRequest {
  task: string;
  dataset?: string;
  activation: string;
  /** Overrides of the task's default hyperparameters. */
  hparams?: HParams;
  settings?: HParams;
  /** Settings of the dataset (e.g. { tagset: 'fine' }), resolved against its declaration. */
  datasetSettings?: HParams;
  /** Initial weights, dropout masks and batch order; also the data split when splitSeed is absent. */
  seed?: number;
  /** Seed of the train/dev/test split (a study fixes one per mini-experiment); absent: `seed`. */
  splitSeed?: number;
  dataDir?: string;
  /** Cap on epochs (tests, quick runs); the task's own maximum otherwise. */
  maxEpochs?: number;
  /** At most this many examples per split (tests, quick runs). */
  limit?: number;
  /** Per-run diagnostics (src/engine/diagnostics.ts); default true. They never change the run's results. */
  diagnostics?: boolean;
  onEpoch?: (record: EpochRecord, maxEpochs: number) => void;
}

export interface RunResult {
  task: string;
  dataset: string;
  activation: string;
  backend: string;
  hparams: HParams;
  settings: HParams;
  /** The seed the data split was drawn with. */
  splitSeed: number;
  status: RunStatus;
  /** The task's score metric, a key of dev and test (ledgers record it so reports need no task plugins). */
  primaryMetric: string;
  dev: Record<string, number>;
  test: Record<string, number>;
  baseline: Record<string, number>;
  epochs: number;
  bestEpoch: number;
  history: EpochRecord[];
  seconds: number;
  /** Absent when turned off or when the task's problem has no probe. */
  diagnostics?: RunDiagnostics;
}

/** A request the task cannot run as asked (dataset, activation or recipe hyperparameter): the caller's input is wrong. */
export class RunRequestError extends InputError {
  override name = 'RunRequestError';
}

function checkDataset(task: TaskPlugin, dataset: string, datasets: string[]): void {
  if (!datasets.includes(dataset))
    throw new RunRequestError(`task '${task.name}' does not run on dataset '${dataset}'; its datasets: ${datasets.join(', ')}`);
}

/** What the dataset is loaded with: the split seed (the run's own seed when none is given) and the data folder. */
export function dataLoadOptions(request: Pick<RunRequest, 'seed' | 'splitSeed' | 'dataDir'>): LoadOptions & { seed: number } {
  return { seed: request.splitSeed ?? request.seed ?? 1, dataDir: request.dataDir };
}

export async function runOne(request: RunRequest): Promise<RunResult> {
  const task = (await loadTasks()).get(request.task);
  const activation = (await loadActivations()).get(request.activation).name;
  if (task.excludedActivations?.includes(activation))
    throw new RunRequestError(`task '${task.name}' does not use activation '${activation}'`);
  const datasets = await loadDatasets();
  const dataset = request.dataset ?? task.defaultDataset;
  checkDataset(task, dataset, taskDatasets(task, datasets));
  const [settings, datasetSettings] = (() => {
    try {
      return [resolveTaskSettings(task, request.settings), resolveDatasetSettings(datasets.get(dataset), request.datasetSettings)];
    } catch (error) {
      throw new RunRequestError(error instanceof Error ? error.message : String(error));
    }
  })();
  const hparams = { ...task.defaults, ...request.hparams };
  const [recipe, training] = (() => {
    try {
      return [recipeOptions(hparams), recipeTraining(task.training, hparams)] as const;
    } catch (error) {
      throw error instanceof RecipeError ? new RunRequestError(error.message) : error;
    }
  })();
  const seed = request.seed ?? 1;
  const load = dataLoadOptions(request);
  const backend = activeBackend();
  if (!backend) throw new Error('no backend initialised: call initBackend() first');
  const started = Date.now();
  // tfjs draws dropout masks (and unseeded initializers) from Math.random; seeding it for the run
  // makes the same job on the same backend give bit-identical results.
  const unseededRandom = Math.random;
  Math.random = seededRandom(seed ^ 0x5bd1e995);
  const problem = await task.prepare({
    hparams,
    activation,
    settings,
    dataset,
    seed,
    load: { ...load, settings: datasetSettings },
    limit: request.limit,
  });
  try {
    const result = trainConfiguration(problem, {
      training: { ...training, maxEpochs: Math.min(training.maxEpochs, request.maxEpochs ?? Infinity) },
      primaryMetric: task.primaryMetric,
      optimizer: String(hparams['optimizer']),
      lrFactor: Number(hparams['lrFactor'] ?? 1),
      ...recipe,
      seed,
      diagnostics: request.diagnostics ?? true,
      onEpoch: request.onEpoch,
    });
    return {
      task: task.name,
      dataset,
      activation,
      backend: backend.name,
      hparams,
      settings,
      splitSeed: load.seed,
      status: result.status,
      primaryMetric: task.primaryMetric,
      dev: result.dev,
      test: result.test,
      baseline: problem.baseline(),
      epochs: result.epochs,
      bestEpoch: result.bestEpoch,
      history: result.history,
      seconds: (Date.now() - started) / 1000,
      ...(result.diagnostics ? { diagnostics: result.diagnostics } : {}),
    };
  } finally {
    problem.dispose();
    Math.random = unseededRandom;
  }
}
