// The training-recipe hyperparameters the engine itself reads (vision tasks declare them):
//   sampled like any other (the task's searchSpace): `schedule`, `weightDecay`;
//   never sampled, only fixed in a spec or given with --set (the task's recipeSpace, RECIPE_SPACE in
//   src/task/training-choices.ts), so that declaring them changed no existing draw: `nesterov`,
//   `milestones` and `lrDecay` (the step schedule's), `batchSize` and `epochs` (replacing the task's
//   training settings).
// R17's networks each come with their own (src/study/presets.ts); absent, a run trains exactly as
// before these existed.
import type { HParams } from '../task/search-space.js';
import { parseFractions } from '../task/search-space.js';
import { LR_SCHEDULES, type LrScheduleName } from '../task/training-choices.js';
import type { TrainingSettings } from '../task/types.js';
import { DEFAULT_STEP, isLrSchedule, stepScheduleProblem, type StepSchedule } from './lr-schedule.js';

export interface RecipeOptions {
  schedule?: LrScheduleName;
  weightDecay?: number;
  nesterov?: boolean;
  /** The step schedule's milestones and factor, when either was given. */
  step?: StepSchedule;
}

/** A recipe hyperparameter with a value the engine cannot use; the message names it and the valid choices. */
export class RecipeError extends Error {
  override name = 'RecipeError';
}

/** The engine's options from a run's hyperparameters. */
export function recipeOptions(hparams: HParams): RecipeOptions {
  const options: RecipeOptions = {};
  if (hparams['schedule'] !== undefined) {
    const schedule = String(hparams['schedule']);
    if (!isLrSchedule(schedule)) throw new RecipeError(`hyperparameter schedule=${schedule} is not one of ${LR_SCHEDULES.join(', ')}`);
    options.schedule = schedule;
  }
  if (hparams['weightDecay'] !== undefined) options.weightDecay = Number(hparams['weightDecay']);
  if (hparams['nesterov'] !== undefined) options.nesterov = hparams['nesterov'] === true;
  if (options.nesterov && hparams['optimizer'] !== 'sgd-momentum')
    throw new RecipeError(`hyperparameter nesterov=true applies to optimizer sgd-momentum only, not '${String(hparams['optimizer'])}'`);
  if (hparams['milestones'] !== undefined || hparams['lrDecay'] !== undefined) {
    if (options.schedule !== 'step')
      throw new RecipeError(
        `hyperparameters milestones and lrDecay shape the step schedule; set schedule=step (got schedule=${options.schedule ?? 'none'})`,
      );
    const milestones = hparams['milestones'] === undefined ? DEFAULT_STEP.milestones : parseFractions(hparams['milestones']);
    if (typeof milestones === 'string') throw new RecipeError(`hyperparameter milestones=${milestones}`);
    const step = { milestones, factor: hparams['lrDecay'] === undefined ? DEFAULT_STEP.factor : Number(hparams['lrDecay']) };
    const problem = stepScheduleProblem(step);
    if (problem) throw new RecipeError(`hyperparameter ${problem}`);
    options.step = step;
  }
  return options;
}

/**
 * The task's training settings with the recipe's batch size and epochs. A task that never stops
 * early (patience ≥ its epochs, the CIFAR recipes) keeps not stopping at the recipe's epochs.
 */
export function recipeTraining(training: TrainingSettings, hparams: HParams): TrainingSettings {
  const batchSize = hparams['batchSize'] === undefined ? training.batchSize : Number(hparams['batchSize']);
  const maxEpochs = hparams['epochs'] === undefined ? training.maxEpochs : Number(hparams['epochs']);
  for (const [name, value] of [
    ['batchSize', batchSize],
    ['epochs', maxEpochs],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) throw new RecipeError(`hyperparameter ${name}=${value} is not a positive integer`);
  }
  const patience = training.patience >= training.maxEpochs ? Math.max(training.patience, maxEpochs) : training.patience;
  return { ...training, batchSize, maxEpochs, patience };
}
