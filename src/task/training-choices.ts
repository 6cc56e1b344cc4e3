// The names a task's search space may give the hyperparameters the engine reads itself (optimizer,
// schedule, and the recipe knobs of RECIPE_SPACE), with each optimizer's default learning rate. They
// are the vocabulary of the contract between a task and the engine: tasks declare their spaces with
// them, and the engine builds what each name stands for (src/engine/optimizers.ts, lr-schedule.ts,
// recipe.ts). They live here, with the tasks, because the engine runs tasks and a task never
// imports the engine (docs/contributing.md §1).
import type { SearchSpace } from './search-space.js';

/** Keras 2's default learning rate of each of E18's seven optimizers. */
const KERAS_DEFAULT_LR: Record<string, number> = {
  adam: 0.001,
  adadelta: 1.0,
  nadam: 0.002,
  adagrad: 0.01,
  adamax: 0.002,
  sgd: 0.01,
  rmsprop: 0.001,
};

/** E18's seven under tfjs's rules (actbench 0.1–0.3's meaning of these names). */
export const OPTIMIZER_DEFAULT_LR: Record<string, number> = { ...KERAS_DEFAULT_LR };

/** The prefix of the optimizers that follow Keras 2's rules. */
export const KERAS2_PREFIX = 'keras2-';

/** E18's seven under Keras 2's rules: what E18's search spaces sample. */
export const KERAS2_OPTIMIZER_DEFAULT_LR: Record<string, number> = Object.fromEntries(
  Object.entries(KERAS_DEFAULT_LR).map(([name, lr]) => [KERAS2_PREFIX + name, lr]),
);

/** E18's seven with tfjs's rules, the named alternative a spec may choose. */
export const OPTIMIZERS = Object.keys(OPTIMIZER_DEFAULT_LR);

/** E18's seven with Keras 2's rules, the study spaces' default. */
export const KERAS2_OPTIMIZERS = Object.keys(KERAS2_OPTIMIZER_DEFAULT_LR);

/**
 * Optimizers of the vision recipes (R17, the ResNet CIFAR recipes), not in E18's search spaces:
 * SGD with momentum 0.9 (PyTorch's form: v ← 0.9·v + g, w ← w − lr·v) at the recipes' rate 0.1.
 */
export const RECIPE_OPTIMIZER_DEFAULT_LR: Record<string, number> = {
  'sgd-momentum': 0.1,
};

/** The learning-rate schedules (src/engine/lr-schedule.ts says what each does). */
export const LR_SCHEDULES = ['constant', 'step', 'cosine'] as const;
export type LrScheduleName = (typeof LR_SCHEDULES)[number];

/**
 * The recipe knobs a run may fix but a study never samples (a task's recipeSpace); what each does
 * is src/engine/recipe.ts's business.
 */
export const RECIPE_SPACE: SearchSpace = {
  nesterov: { kind: 'choice', values: [false, true] },
  milestones: { kind: 'fractions' },
  lrDecay: { kind: 'uniform', min: 1e-6, max: 0.999999 },
  batchSize: { kind: 'int', min: 1, max: 8192 },
  epochs: { kind: 'int', min: 1, max: 100_000 },
};
