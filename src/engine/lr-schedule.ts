// Learning-rate schedules by epoch, for the vision recipes (R17's, the common ResNet-18 CIFAR
// one): the rate an epoch trains at, from the base rate, the epoch and the run's epoch budget.
// Milestones are fractions of the budget, so a run capped at fewer epochs (a quick study, --epochs)
// still goes through the whole schedule: the recipe's ×0.1 at epochs 100 and 150 of 200 is
// milestones 0.5 and 0.75, rounded to whole epochs (a 1-epoch run trains at the base rate).
import { LR_SCHEDULES, type LrScheduleName } from '../task/training-choices.js';

/** The 'step' schedule: ×0.1 after half and after three quarters of the epochs. */
export const STEP_MILESTONES = [0.5, 0.75] as const;
export const STEP_FACTOR = 0.1;

/**
 * Where the 'step' schedule multiplies the rate, and by what: milestones as increasing fractions
 * of the run's epochs in (0, 1), one factor for all. The default is the recipe's above; R17's
 * networks bring their own (WRN: ×0.2 at 0.3, 0.6 and 0.8 of 200 epochs).
 */
export interface StepSchedule {
  milestones: readonly number[];
  factor: number;
}

export const DEFAULT_STEP: StepSchedule = { milestones: STEP_MILESTONES, factor: STEP_FACTOR };

/** A one-line reason `step` is not a usable step schedule, or undefined. */
export function stepScheduleProblem(step: StepSchedule): string | undefined {
  const { milestones, factor } = step;
  if (milestones.length === 0) return 'milestones: give at least one fraction of the epochs, e.g. 0.5,0.75';
  if (!milestones.every((m) => Number.isFinite(m) && m > 0 && m < 1))
    return `milestones: every one must be a fraction in (0, 1), got ${milestones.join(',')}`;
  if (!milestones.every((m, i) => i === 0 || m > milestones[i - 1]!)) return `milestones: must increase, got ${milestones.join(',')}`;
  if (!(Number.isFinite(factor) && factor > 0 && factor < 1))
    return `lrDecay: the factor at each milestone must be in (0, 1), got ${factor}`;
  return undefined;
}

/**
 * The rate for `epoch` (1-based) of a run of `maxEpochs`:
 *   constant: base;
 *   step:     base · factor^(milestones passed), milestone m passed once epoch > round(m·maxEpochs)
 *             (PyTorch's MultiStepLR stepped once per epoch; by default ×0.1 at 100 and 150 of 200);
 *   cosine:   base · ½(1 + cos(π·(epoch − 1)/maxEpochs)) (CosineAnnealingLR to 0, per epoch).
 */
export function learningRateAt(
  schedule: LrScheduleName,
  baseRate: number,
  epoch: number,
  maxEpochs: number,
  step: StepSchedule = DEFAULT_STEP,
): number {
  if (!Number.isInteger(epoch) || epoch < 1 || epoch > maxEpochs)
    throw new RangeError(`learningRateAt: epoch must be an integer in [1, ${maxEpochs}], got ${epoch}`);
  switch (schedule) {
    case 'constant':
      return baseRate;
    case 'step': {
      const passed = step.milestones.filter((fraction) => epoch > Math.round(fraction * maxEpochs)).length;
      return baseRate * step.factor ** passed;
    }
    case 'cosine':
      return baseRate * 0.5 * (1 + Math.cos((Math.PI * (epoch - 1)) / maxEpochs));
    default:
      throw new Error(`unknown learning-rate schedule '${String(schedule)}'; choose ${LR_SCHEDULES.join(', ')}`);
  }
}

export function isLrSchedule(name: string): name is LrScheduleName {
  return (LR_SCHEDULES as readonly string[]).includes(name);
}
