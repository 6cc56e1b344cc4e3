// The recipe hyperparameters: read from a run's hyperparameters, absent ones changing nothing,
// bad ones refused with one line naming the hyperparameter and what it must be.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RECIPE_SPACE } from '../task/training-choices.js';
import { recipeOptions, recipeTraining } from './recipe.js';

const CIFAR_TRAINING = { batchSize: 128, maxEpochs: 200, patience: 200 };

test('absent recipe hyperparameters leave the options and training settings as they were', () => {
  assert.deepEqual(recipeOptions({ optimizer: 'adam', lrFactor: 1 }), {});
  assert.deepEqual(recipeOptions({ optimizer: 'sgd-momentum', schedule: 'step', weightDecay: 5e-4 }), {
    schedule: 'step',
    weightDecay: 5e-4,
  });
  assert.deepEqual(recipeTraining(CIFAR_TRAINING, { optimizer: 'sgd-momentum' }), CIFAR_TRAINING);
  const earlyStopping = { batchSize: 16, maxEpochs: 100, patience: 10 };
  assert.deepEqual(recipeTraining(earlyStopping, {}), earlyStopping);
});

test('nesterov, milestones, lrDecay, batchSize and epochs reach the engine', () => {
  assert.deepEqual(
    recipeOptions({ optimizer: 'sgd-momentum', schedule: 'step', nesterov: true, milestones: '0.3,0.6,0.8', lrDecay: 0.2 }),
    {
      schedule: 'step',
      nesterov: true,
      step: { milestones: [0.3, 0.6, 0.8], factor: 0.2 },
    },
  );
  // One of the two given: the other keeps the default.
  assert.deepEqual(recipeOptions({ optimizer: 'sgd', schedule: 'step', lrDecay: 0.5 }).step, { milestones: [0.5, 0.75], factor: 0.5 });
  // A task that never stops early keeps not stopping at the recipe's epochs; one that does keeps its patience.
  assert.deepEqual(recipeTraining(CIFAR_TRAINING, { batchSize: 64, epochs: 300 }), { batchSize: 64, maxEpochs: 300, patience: 300 });
  assert.deepEqual(recipeTraining({ batchSize: 16, maxEpochs: 100, patience: 10 }, { epochs: 20 }), {
    batchSize: 16,
    maxEpochs: 20,
    patience: 10,
  });
});

test('bad recipe hyperparameters are refused with the name and the valid values', () => {
  assert.throws(
    () => recipeOptions({ optimizer: 'sgd-momentum', schedule: 'cosine', milestones: '0.5' }),
    /milestones and lrDecay shape the step schedule; set schedule=step \(got schedule=cosine\)/,
  );
  assert.throws(() => recipeOptions({ optimizer: 'sgd-momentum', milestones: '0.5' }), /set schedule=step \(got schedule=none\)/);
  assert.throws(
    () => recipeOptions({ optimizer: 'sgd-momentum', schedule: 'step', milestones: '60,120,160' }),
    /milestones='60,120,160' is not a comma-separated list of fractions in \(0, 1\)/,
  );
  assert.throws(
    () => recipeOptions({ optimizer: 'sgd-momentum', schedule: 'step', milestones: '0.8,0.3' }),
    /milestones='0.8,0.3' must increase/,
  );
  assert.throws(
    () => recipeOptions({ optimizer: 'sgd-momentum', schedule: 'step', lrDecay: 2 }),
    /lrDecay: the factor at each milestone must be in \(0, 1\), got 2/,
  );
  assert.throws(
    () => recipeOptions({ optimizer: 'adam', nesterov: true }),
    /nesterov=true applies to optimizer sgd-momentum only, not 'adam'/,
  );
  assert.throws(() => recipeTraining(CIFAR_TRAINING, { batchSize: 0 }), /batchSize=0 is not a positive integer/);
  assert.throws(() => recipeTraining(CIFAR_TRAINING, { epochs: 2.5 }), /epochs=2.5 is not a positive integer/);
  assert.deepEqual(Object.keys(RECIPE_SPACE).sort(), ['batchSize', 'epochs', 'lrDecay', 'milestones', 'nesterov']);
});
