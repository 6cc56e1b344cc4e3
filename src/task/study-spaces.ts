// The parts of E18's search spaces that every task shares (docs/study.md §5), and the vision tasks'
// space around the CIFAR recipes (docs/study.md §7).
import { STUDY_KERNEL_INITIALIZERS } from '../models/mlp.js';
import type { SearchSpace } from './search-space.js';
import { KERAS2_OPTIMIZERS, LR_SCHEDULES, OPTIMIZERS, RECIPE_OPTIMIZER_DEFAULT_LR } from './training-choices.js';

/**
 * Optimizer, learning rate as the optimizer's default × a factor around 1, weight initializer.
 * The optimizers are E18's seven with Keras 2's update rules, as E18 ran them; tfjs's rules under
 * the bare names (what actbench 0.1–0.3 drew here) may still be fixed or listed in a narrowed space.
 */
export const OPTIMIZATION_SPACE: SearchSpace = {
  optimizer: { kind: 'choice', values: KERAS2_OPTIMIZERS, alternatives: OPTIMIZERS },
  lrFactor: { kind: 'lr-factor', min: 0.46, max: 1.6 },
  initializer: { kind: 'choice', values: STUDY_KERNEL_INITIALIZERS },
};

export const TRAIN_FRACTION_SETTING = {
  trainFraction: {
    values: [1, 0.5, 0.3, 0.1, 0.05],
    default: 1,
    description: 'fraction of the training split used (E18 ran TL-AM at 5% and 30%)',
  },
};

/** Recurrent kernels: the same initializers plus identity, which E18 also sampled there. */
export const RECURRENT_INITIALIZERS = [...STUDY_KERNEL_INITIALIZERS, 'identity'];

/**
 * The vision tasks' optimisation: E18's optimizers, learning-rate factors and initializers, plus
 * SGD with momentum (the recipes'), a learning-rate schedule and weight decay on the kernels (the
 * engine reads `schedule` and `weightDecay`; 0 and the recipes' 1e-4 and 5e-4 among the choices).
 */
export const VISION_OPTIMIZATION_SPACE: SearchSpace = {
  ...OPTIMIZATION_SPACE,
  optimizer: { kind: 'choice', values: [...Object.keys(RECIPE_OPTIMIZER_DEFAULT_LR), ...KERAS2_OPTIMIZERS], alternatives: OPTIMIZERS },
  schedule: { kind: 'choice', values: LR_SCHEDULES },
  weightDecay: { kind: 'choice', values: [0, 1e-5, 1e-4, 5e-4, 1e-3] },
};
