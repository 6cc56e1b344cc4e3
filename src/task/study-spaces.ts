// The parts of E18's search spaces that every task shares (STUDY.md §3).
import { OPTIMIZERS } from '../engine/optimizers.js';
import { STUDY_KERNEL_INITIALIZERS } from '../models/mlp.js';
import type { SearchSpace } from './search-space.js';

/** Optimizer, learning rate as the optimizer's default × a factor around 1, weight initializer. */
export const OPTIMIZATION_SPACE: SearchSpace = {
  optimizer: { kind: 'choice', values: OPTIMIZERS },
  lrFactor: { kind: 'lr-factor', min: 0.46, max: 1.6 },
  initializer: { kind: 'choice', values: STUDY_KERNEL_INITIALIZERS },
};

export const TRAIN_FRACTION_SETTING = {
  trainFraction: { values: [1, 0.5, 0.3, 0.1, 0.05], default: 1, description: 'fraction of the training split used (E18 ran TL-AM at 5% and 30%)' },
};

/** Recurrent kernels: the same initializers plus identity, which E18 also sampled there. */
export const RECURRENT_INITIALIZERS = [...STUDY_KERNEL_INITIALIZERS, 'identity'];
