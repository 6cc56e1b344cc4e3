// The learning-rate schedules against rates worked out by hand.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isLrSchedule, learningRateAt } from './lr-schedule.js';

const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 1e-12, `${what}: ${actual} vs ${expected}`);

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
