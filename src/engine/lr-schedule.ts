// Learning-rate schedules by epoch, for the vision recipes (R17's, the common ResNet-18 CIFAR
// one): the rate an epoch trains at, from the base rate, the epoch and the run's epoch budget.
// Milestones are fractions of the budget, so a run capped at fewer epochs (a quick study, --epochs)
// still goes through the whole schedule: the recipe's ×0.1 at epochs 100 and 150 of 200 is
// milestones 0.5 and 0.75, rounded to whole epochs (a 1-epoch run trains at the base rate).

export const LR_SCHEDULES = ['constant', 'step', 'cosine'] as const;
export type LrScheduleName = (typeof LR_SCHEDULES)[number];

/** The 'step' schedule: ×0.1 after half and after three quarters of the epochs. */
export const STEP_MILESTONES = [0.5, 0.75] as const;
export const STEP_FACTOR = 0.1;

/**
 * The rate for `epoch` (1-based) of a run of `maxEpochs`:
 *   constant: base;
 *   step:     base · 0.1^(milestones passed), milestone m passed once epoch > round(m·maxEpochs)
 *             (PyTorch's MultiStepLR stepped once per epoch, milestones 100 and 150 of 200);
 *   cosine:   base · ½(1 + cos(π·(epoch − 1)/maxEpochs)) (CosineAnnealingLR to 0, per epoch).
 */
export function learningRateAt(schedule: LrScheduleName, baseRate: number, epoch: number, maxEpochs: number): number {
  if (!Number.isInteger(epoch) || epoch < 1 || epoch > maxEpochs) throw new RangeError(`learningRateAt: epoch must be an integer in [1, ${maxEpochs}], got ${epoch}`);
  switch (schedule) {
    case 'constant':
      return baseRate;
    case 'step': {
      const passed = STEP_MILESTONES.filter((fraction) => epoch > Math.round(fraction * maxEpochs)).length;
      return baseRate * STEP_FACTOR ** passed;
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
