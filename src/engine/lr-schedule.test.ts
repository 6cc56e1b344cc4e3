// The learning-rate schedules against rates worked out by hand.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_STEP, isLrSchedule, learningRateAt, stepScheduleProblem } from './lr-schedule.js';

const close = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) < 1e-12, `${what}: ${actual} vs ${expected}`);

test('step: the recipe’s ×0.1 at epochs 100 and 150 of 200 (the 101st and 151st epochs train at the lower rate)', () => {
  for (const [epoch, rate] of [
    [1, 0.1],
    [100, 0.1],
    [101, 0.01],
    [150, 0.01],
    [151, 0.001],
    [200, 0.001],
  ] as const) {
    close(learningRateAt('step', 0.1, epoch, 200), rate, `epoch ${epoch}`);
  }
});

test('step: milestones scale with a capped run, rounded to whole epochs', () => {
  // 10 epochs: milestones round(5) = 5 and round(7.5) = 8.
  const rates = Array.from({ length: 10 }, (_, i) => learningRateAt('step', 1, i + 1, 10));
  const expected = [1, 1, 1, 1, 1, 0.1, 0.1, 0.1, 0.01, 0.01];
  rates.forEach((rate, i) => close(rate, expected[i]!, `epoch ${i + 1}`));
  // 1 epoch: both milestones round to 1, so the one epoch trains at the base rate; 2 epochs: 1 and 2.
  close(learningRateAt('step', 0.1, 1, 1), 0.1, '1 of 1');
  close(learningRateAt('step', 0.1, 2, 2), 0.01, '2 of 2');
});

test('cosine: ½(1 + cos(π(e−1)/E)) of the base rate', () => {
  // E = 4: e = 1 → 1; e = 2 → ½(1 + cos π/4) = 0.853553…; e = 3 → ½; e = 4 → ½(1 − cos π/4) = 0.146446…
  const expected = [1, 0.8535533905932737, 0.5, 0.14644660940672627];
  expected.forEach((factor, i) => close(learningRateAt('cosine', 0.2, i + 1, 4), 0.2 * factor, `epoch ${i + 1}`));
});

test('constant, names, and epochs outside the run', () => {
  close(learningRateAt('constant', 0.05, 7, 9), 0.05, 'constant');
  assert.ok(isLrSchedule('cosine') && !isLrSchedule('linear'));
  assert.throws(() => learningRateAt('step', 0.1, 0, 10), /epoch must be an integer in \[1, 10\], got 0/);
  assert.throws(() => learningRateAt('step', 0.1, 11, 10), /got 11/);
});

test('step with a recipe’s own milestones and factor; the default is the recipe’s ×0.1 at ½ and ¾, bit for bit', () => {
  // WRN: ×0.2 at epochs 60, 120 and 160 of 200.
  for (const [epoch, rate] of [
    [60, 0.1],
    [61, 0.02],
    [120, 0.02],
    [121, 0.004],
    [160, 0.004],
    [161, 0.0008],
    [200, 0.0008],
  ] as const) {
    close(learningRateAt('step', 0.1, epoch, 200, { milestones: [0.3, 0.6, 0.8], factor: 0.2 }), rate, `WRN epoch ${epoch}`);
  }
  // The formula before milestones became a parameter, written out: studies recorded with it must not move.
  for (const maxEpochs of [1, 2, 3, 10, 164, 200, 300]) {
    for (let epoch = 1; epoch <= maxEpochs; epoch++) {
      const passed = [0.5, 0.75].filter((fraction) => epoch > Math.round(fraction * maxEpochs)).length;
      assert.equal(learningRateAt('step', 0.1, epoch, maxEpochs), 0.1 * 0.1 ** passed);
      assert.equal(learningRateAt('step', 0.1, epoch, maxEpochs, DEFAULT_STEP), 0.1 * 0.1 ** passed);
    }
  }
});

test('step schedules that cannot be used are named with the reason', () => {
  assert.equal(stepScheduleProblem(DEFAULT_STEP), undefined);
  assert.match(stepScheduleProblem({ milestones: [], factor: 0.1 })!, /at least one fraction/);
  assert.match(stepScheduleProblem({ milestones: [0.5, 1], factor: 0.1 })!, /fraction in \(0, 1\), got 0.5,1/);
  assert.match(stepScheduleProblem({ milestones: [0.6, 0.3], factor: 0.1 })!, /must increase, got 0.6,0.3/);
  assert.match(stepScheduleProblem({ milestones: [0.5], factor: 1 })!, /lrDecay: .* in \(0, 1\), got 1/);
});
