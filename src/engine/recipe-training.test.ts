// The vision recipes' additions to the training loop, checked by hand on a one-weight model: SGD
// with momentum, a learning-rate schedule set per epoch, weight decay on kernels only; and that
// every optimizer's rate can be changed between steps.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { activationLayer } from '../activation/layers/index.js';
import { loadActivations } from '../activation/registry.js';
import { initBackend } from '../backend/backends.js';
import type { Problem } from '../task/types.js';
import { OPTIMIZERS } from '../task/training-choices.js';
import { ALL_OPTIMIZERS, makeOptimizer } from './optimizers.js';
import { decayedVariables, trainConfiguration } from './train-configuration.js';

before(async () => {
  await initBackend('wasm');
  await loadActivations();
});

/**
 * y = w·x + b on the single input x = 2, loss L = mean(y): the gradients are constant, dL/dw = 2
 * and dL/db = 1, so every update can be followed by hand. The dev score rises every epoch, so the
 * last epoch's weights are the ones kept.
 */
function linearProblem(): Problem {
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({
        inputShape: [1],
        units: 1,
        kernelInitializer: tfl.initializers.constant({ value: 1 }),
        biasInitializer: tfl.initializers.constant({ value: 0.5 }),
      }),
    ],
  });
  let evaluations = 0;
  return {
    model,
    trainSize: 1,
    loss: () => tf.tidy(() => tf.mean(model.apply(tf.tensor2d([[2]]), { training: true }) as tf.Tensor) as tf.Scalar),
    evaluate: () => ({ accuracy: ++evaluations }),
    baseline: () => ({}),
    dispose: () => model.dispose(),
  };
}

const close = (actual: number, expected: number, what: string, tolerance = 1e-6) =>
  assert.ok(Math.abs(actual - expected) < tolerance, `${what}: ${actual} vs ${expected}`);

test('SGD with momentum 0.9, the step schedule and weight decay on the kernel, by hand', () => {
  const problem = linearProblem();
  const result = trainConfiguration(problem, {
    training: { batchSize: 1, maxEpochs: 4, patience: 4 },
    primaryMetric: 'accuracy',
    optimizer: 'sgd-momentum',
    lrFactor: 1,
    schedule: 'step',
    weightDecay: 0.1,
    seed: 1,
  });
  // Rates (base 0.1, 4 epochs, milestones after epochs 2 and 3): 0.1, 0.1, 0.01, 0.001.
  [0.1, 0.1, 0.01, 0.001].forEach((rate, i) => close(result.history[i]!.learningRate!, rate, `epoch ${i + 1} rate`));
  // Kernel: g = 2 + 0.1·w; v ← 0.9·v + g; w ← w − lr·v.
  //   v: 2.1, 3.969, 5.61141, 7.08396759; w: 1 → 0.79 → 0.3931 → 0.3369859 → 0.32990193241
  // Bias (not decayed): g = 1; v: 1, 1.9, 2.71, 3.439; b: 0.5 → 0.4 → 0.21 → 0.1829 → 0.179461.
  const [kernel, bias] = problem.model.getWeights().map((w) => w.dataSync()[0]!);
  close(kernel!, 0.32990193241, 'kernel');
  close(bias!, 0.179461, 'bias');
  problem.dispose();
});

test('without a schedule or weight decay nothing changes: plain SGD steps at the constant rate and records no rate', () => {
  const problem = linearProblem();
  const result = trainConfiguration(problem, {
    training: { batchSize: 1, maxEpochs: 2, patience: 2 },
    primaryMetric: 'accuracy',
    optimizer: 'sgd',
    lrFactor: 1,
    seed: 1,
  });
  assert.ok(result.history.every((h) => !('learningRate' in h)));
  // lr 0.01: w = 1 − 2·0.02 = 0.96, b = 0.5 − 2·0.01 = 0.48.
  const [kernel, bias] = problem.model.getWeights().map((w) => w.dataSync()[0]!);
  close(kernel!, 0.96, 'kernel');
  close(bias!, 0.48, 'bias');
  problem.dispose();
});

test('cosine schedule: the rate each epoch trained at is recorded and used', () => {
  const problem = linearProblem();
  const result = trainConfiguration(problem, {
    training: { batchSize: 1, maxEpochs: 2, patience: 2 },
    primaryMetric: 'accuracy',
    optimizer: 'sgd',
    lrFactor: 10,
    schedule: 'cosine',
    seed: 1,
  });
  // base 0.1; epoch 1: 0.1, epoch 2: 0.1·½(1 + cos π/2) = 0.05. Bias: 0.5 − 0.1 − 0.05 = 0.35.
  close(result.history[0]!.learningRate!, 0.1, 'epoch 1 rate');
  close(result.history[1]!.learningRate!, 0.05, 'epoch 2 rate');
  close(problem.model.getWeights()[1]!.dataSync()[0]!, 0.35, 'bias');
  problem.dispose();
});

test('weight decay applies to kernels only: not biases, batch-norm scales and shifts, PReLU slopes', () => {
  const input = tfl.input({ shape: [4, 4, 1] });
  let x = tfl.layers.conv2d({ filters: 2, kernelSize: 3, name: 'conv' }).apply(input) as tfl.SymbolicTensor;
  x = tfl.layers.batchNormalization({ name: 'bn' }).apply(x) as tfl.SymbolicTensor;
  x = activationLayer('prelu', { name: 'slope' }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.flatten().apply(x) as tfl.SymbolicTensor;
  const output = tfl.layers.dense({ units: 2, name: 'out' }).apply(x) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: output });
  const decayed = [...decayedVariables(model).values()].map((v) => v.name.replace(/_\d+$/, ''));
  assert.deepEqual(decayed.sort(), ['conv/kernel', 'out/kernel']);
  model.dispose();
});

test('every optimizer’s rate can be changed between steps (the first step scales with it)', () => {
  assert.ok(
    ALL_OPTIMIZERS.includes('sgd-momentum') && !OPTIMIZERS.includes('sgd-momentum'),
    'sgd-momentum stays out of E18’s search space',
  );
  for (const name of ALL_OPTIMIZERS) {
    const steps = [1, 0.1].map((scale) => {
      const variable = tf.variable(tf.scalar(1), true, `rate_check_${name}_${scale}`);
      const { optimizer, learningRate, setLearningRate } = makeOptimizer(name);
      setLearningRate(learningRate * scale);
      optimizer.applyGradients({ [variable.name]: tf.scalar(1) });
      const moved = 1 - variable.dataSync()[0]!;
      optimizer.dispose();
      variable.dispose();
      return moved;
    });
    assert.ok(steps[0]! > 0, `${name}: no step`);
    // float32 updates of a weight near 1: the ratio is exact to about 1e-4.
    close(steps[1]! / steps[0]!, 0.1, `${name}: step at a tenth of the rate`, 1e-3);
  }
});

test('Nesterov momentum (PyTorch’s form, no dampening), by hand; only for sgd-momentum', () => {
  // L = ½w², so g = w. v ← 0.9·v + g, w ← w − 0.1·(g + 0.9·v):
  //   step 1: g = 1, v = 1, w = 1 − 0.1·1.9 = 0.81; step 2: g = 0.81, v = 1.71, w = 0.81 − 0.1·2.349 = 0.5751.
  // Plain momentum from the same start: 0.9, then v = 1.8, w = 0.72.
  for (const [nesterov, expected] of [
    [true, [0.81, 0.5751]],
    [false, [0.9, 0.72]],
  ] as const) {
    const variable = tf.variable(tf.scalar(1), true, `nesterov_check_${nesterov}`);
    const { optimizer } = makeOptimizer('sgd-momentum', 1, { nesterov });
    const values = [0, 1].map(() => {
      optimizer.applyGradients({ [variable.name]: tf.clone(variable) });
      return variable.dataSync()[0]!;
    });
    values.forEach((value, i) => close(value, expected[i]!, `nesterov ${nesterov}, step ${i + 1}`));
    optimizer.dispose();
    variable.dispose();
  }
  assert.throws(() => makeOptimizer('adam', 1, { nesterov: true }), /nesterov=true applies to optimizer sgd-momentum only, not 'adam'/);
});

test('a recipe’s own step schedule (WRN: ×0.2 at 0.3, 0.6, 0.8) with Nesterov momentum in the training loop', () => {
  const problem = linearProblem();
  const result = trainConfiguration(problem, {
    training: { batchSize: 1, maxEpochs: 10, patience: 10 },
    primaryMetric: 'accuracy',
    optimizer: 'sgd-momentum',
    lrFactor: 1,
    schedule: 'step',
    step: { milestones: [0.3, 0.6, 0.8], factor: 0.2 },
    nesterov: true,
    seed: 1,
  });
  // Milestones after epochs 3, 6 and 8 of 10.
  const expected = [0.1, 0.1, 0.1, 0.02, 0.02, 0.02, 0.004, 0.004, 0.0008, 0.0008];
  result.history.forEach((h, i) => close(h.learningRate!, expected[i]!, `epoch ${i + 1} rate`, 1e-12));
  // Bias: constant g = 1; v_t = Σ 0.9^k (k < t); b ← b − lr_t·(1 + 0.9·v_t).
  let [bias, velocity] = [0.5, 0];
  for (const rate of expected) {
    velocity = 0.9 * velocity + 1;
    bias -= rate * (1 + 0.9 * velocity);
  }
  close(problem.model.getWeights()[1]!.dataSync()[0]!, bias, 'bias', 1e-5);
  problem.dispose();
});
