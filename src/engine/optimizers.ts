// The study's optimizers by name, each at its Keras default learning rate times a factor. Two
// families of E18's seven: `keras2-*`, Keras 2's update rules, which E18 trained with
// (keras-optimizers.ts) and which E18's search spaces sample; and the bare names, tfjs's rules
// (Nadam written here, without Keras's momentum schedule), which actbench 0.1–0.3 sampled and the
// quick presets still use. Beside them SGD with momentum for the vision recipes. Each optimizer's
// per-variable update runs as one kernel where the backend has it (fused-optimizers.ts,
// rule-optimizer.ts).
import * as tf from '@tensorflow/tfjs-core';
import { FusedAdadelta, FusedAdagrad, FusedAdam, FusedAdamax, FusedMomentum, FusedRMSProp } from './fused-optimizers.js';
import { KERAS_EPSILON, kerasAdadelta, kerasAdagrad, kerasAdam, kerasNadam, kerasRmsprop } from './keras-optimizers.js';
import { KERAS2_OPTIMIZER_DEFAULT_LR, OPTIMIZER_DEFAULT_LR, RECIPE_OPTIMIZER_DEFAULT_LR } from '../task/training-choices.js';
import { RuleOptimizer, type UpdateRule } from './rule-optimizer.js';

export const SGD_MOMENTUM = 0.9;

const DEFAULT_LR: Record<string, number> = { ...OPTIMIZER_DEFAULT_LR, ...KERAS2_OPTIMIZER_DEFAULT_LR, ...RECIPE_OPTIMIZER_DEFAULT_LR };

/** Every optimizer makeOptimizer knows. */
export const ALL_OPTIMIZERS = Object.keys(DEFAULT_LR);

/** The Keras 2 optimizers that are not tfjs's rule under another name. */
const KERAS2_RULES: Record<string, () => UpdateRule> = {
  'keras2-adam': kerasAdam,
  'keras2-adagrad': kerasAdagrad,
  'keras2-adadelta': kerasAdadelta,
  'keras2-rmsprop': kerasRmsprop,
  'keras2-nadam': kerasNadam,
};

/**
 * Nadam as Keras 2 computes it without the momentum schedule (Dozat 2016): actbench's Nadam since
 * 0.1, kept for the studies that sampled it (keras2-nadam is Keras's, schedule included).
 */
function scheduleFreeNadam(beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7): UpdateRule {
  return {
    kernel: 'nadam',
    states: 2,
    scalars: (t, lr) => [beta1, 1 - beta1, beta2, 1 - beta2, 1 - beta1 ** (t + 1), 1 - beta1 ** t, 1 - beta2 ** t, lr, epsilon],
    ops: (value, gradient, [m0, v0], p) => {
      const m = tf.add(tf.mul(m0!, p[0]!), tf.mul(gradient, p[1]!));
      const v = tf.add(tf.mul(v0!, p[2]!), tf.mul(tf.square(gradient), p[3]!));
      const mHat = tf.add(tf.div(tf.mul(m, p[0]!), p[4]!), tf.div(tf.mul(gradient, p[1]!), p[5]!));
      const vHat = tf.div(v, p[6]!);
      return [tf.sub(value, tf.div(tf.mul(mHat, p[7]!), tf.add(tf.sqrt(vHat), p[8]!))), m, v];
    },
  };
}

export interface NamedOptimizer {
  optimizer: tf.Optimizer;
  /** The starting rate: the optimizer's default × the factor. */
  learningRate: number;
  /** Changes the rate for the following steps (learning-rate schedules), keeping the optimizer's state. */
  setLearningRate(rate: number): void;
}

export interface OptimizerOptions {
  /**
   * sgd-momentum only: Nesterov momentum (the WRN and DenseNet recipes), in PyTorch's form
   * without dampening, v ← 0.9·v + g, w ← w − lr·(g + 0.9·v); tfjs's own update, unfused.
   */
  nesterov?: boolean;
}

/** The optimizer `name` with learning rate default × factor. */
export function makeOptimizer(name: string, lrFactor = 1, options: OptimizerOptions = {}): NamedOptimizer {
  const base = DEFAULT_LR[name];
  if (base === undefined) throw new Error(`unknown optimizer '${name}'; choose one of ${ALL_OPTIMIZERS.join(', ')}`);
  const nesterov = options.nesterov === true;
  if (nesterov && name !== 'sgd-momentum') throw new Error(`nesterov=true applies to optimizer sgd-momentum only, not '${name}'`);
  const lr = base * lrFactor;
  const optimizer = (() => {
    switch (name) {
      case 'adam':
        return new FusedAdam(lr, 0.9, 0.999, 1e-7);
      case 'adadelta':
        return new FusedAdadelta(lr, 0.95, 1e-7);
      case 'adagrad':
        return new FusedAdagrad(lr);
      case 'adamax':
      // Keras's Adamax is tfjs's rule (keras-optimizers.test.ts checks both against Keras's formula).
      case 'keras2-adamax':
        return new FusedAdamax(lr, 0.9, 0.999, KERAS_EPSILON, 0);
      case 'sgd':
      case 'keras2-sgd':
        // Two ops per variable (a multiply and an add): nothing worth fusing; the same rule in Keras.
        return tf.train.sgd(lr);
      case 'sgd-momentum':
        return new FusedMomentum(lr, SGD_MOMENTUM, nesterov);
      case 'rmsprop':
        return new FusedRMSProp(lr, 0.9, 0, 1e-7);
      case 'nadam':
        return new RuleOptimizer(lr, scheduleFreeNadam());
      default:
        return new RuleOptimizer(lr, KERAS2_RULES[name]!());
    }
  })();
  const setLearningRate = (rate: number): void => {
    if (!(rate >= 0 && Number.isFinite(rate))) throw new RangeError(`learning rate must be a finite non-negative number, got ${rate}`);
    // SGD and momentum keep the negated rate as a tensor and need their setter; the others (Nadam
    // here, tfjs's adaptive ones) read their learningRate field at every step (the optimizers test
    // checks each). Not `instanceof tf.SGDOptimizer`: tfjs's Optimizer makes instanceof duck-typed,
    // true for every optimizer.
    const settable = optimizer as unknown as { learningRate: number; setLearningRate?: (rate: number) => void };
    if (typeof settable.setLearningRate === 'function') settable.setLearningRate(rate);
    else settable.learningRate = rate;
  };
  return { optimizer, learningRate: lr, setLearningRate };
}
