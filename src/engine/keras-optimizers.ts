// Keras 2's update rules, the ones E18 trained with (keras/optimizers.py, the same from 2.0 to 2.2.5
// except ε: 1e-8 up to 2.1.2, K.epsilon() = 1e-7 from 2.1.3 on, January 2018; 1e-7 here). tfjs's
// optimizers differ where it matters for a replication:
// - Adagrad: Keras's accumulator starts at 0 and ε is added after the root; tfjs's starts at 0.1
//   with ε under the root, so its first steps are ~√0.1/|g| times smaller for small gradients.
// - Adadelta: Keras divides by the squared-gradient average that includes this step's gradient;
//   tfjs by the one from before it, which is 0 at the first step (a first step of √ε/√ε·g = g).
// - RMSprop: ε after the root in Keras, under it in tfjs.
// - Adam: Keras folds the bias corrections into the rate and adds ε to √v; tfjs adds ε to the
//   bias-corrected √v̂, a larger effective ε in the first steps.
// - Nadam: Keras's has a momentum schedule (μₜ = β1·(1 − ½·0.96^(0.004·t))); tfjs has no Nadam.
// SGD and Adamax are the same rule in both (tested against Keras's formulas like the others).
import * as tf from '@tensorflow/tfjs-core';
import type { UpdateRule } from './rule-optimizer.js';

/** Keras 2's K.epsilon() from 2.1.3 on. */
export const KERAS_EPSILON = 1e-7;

const BETA1 = 0.9;
const BETA2 = 0.999;
const RHO_RMSPROP = 0.9;
const RHO_ADADELTA = 0.95;
/** Nadam's momentum schedule decay (Keras's schedule_decay). */
const SCHEDULE_DECAY = 0.004;

/** m ← β1·m + (1−β1)·g and v ← β2·v + (1−β2)·g², as the kernels compute them. */
function moments(
  gradient: tf.Tensor,
  m: tf.Tensor,
  v: tf.Tensor,
  [beta1, oneMinusBeta1, beta2, oneMinusBeta2]: number[],
): [tf.Tensor, tf.Tensor] {
  return [
    tf.add(tf.mul(m, beta1!), tf.mul(gradient, oneMinusBeta1!)),
    tf.add(tf.mul(v, beta2!), tf.mul(tf.mul(gradient, gradient), oneMinusBeta2!)),
  ];
}

/** Scalars 0–3 of the Adam-like rules: β1, 1−β1, β2, 1−β2. */
const BETAS = [BETA1, 1 - BETA1, BETA2, 1 - BETA2];

export function kerasAdam(): UpdateRule {
  return {
    kernel: 'keras_adam',
    states: 2,
    scalars: (t, lr) => [...BETAS, (-lr * Math.sqrt(1 - BETA2 ** t)) / (1 - BETA1 ** t), KERAS_EPSILON],
    ops: (value, gradient, [m0, v0], p) => {
      const [m, v] = moments(gradient, m0!, v0!, p);
      return [tf.add(value, tf.div(tf.mul(m, p[4]!), tf.add(tf.sqrt(v), p[5]!))), m, v];
    },
  };
}

export function kerasAdagrad(): UpdateRule {
  return {
    kernel: 'keras_adagrad',
    states: 1,
    scalars: (_t, lr) => [KERAS_EPSILON, -lr],
    ops: (value, gradient, [sum0], [epsilon, negativeRate]) => {
      const sum = tf.add(sum0!, tf.mul(gradient, gradient));
      return [tf.add(value, tf.div(tf.mul(gradient, negativeRate!), tf.add(tf.sqrt(sum), epsilon!))), sum];
    },
  };
}

export function kerasAdadelta(): UpdateRule {
  return {
    kernel: 'keras_adadelta',
    states: 2,
    scalars: (_t, lr) => [RHO_ADADELTA, 1 - RHO_ADADELTA, KERAS_EPSILON, -lr],
    ops: (value, gradient, [grads0, updates0], [rho, oneMinusRho, epsilon, negativeRate]) => {
      const grads = tf.add(tf.mul(grads0!, rho!), tf.mul(tf.mul(gradient, gradient), oneMinusRho!));
      const update = tf.div(tf.mul(gradient, tf.sqrt(tf.add(updates0!, epsilon!))), tf.sqrt(tf.add(grads, epsilon!)));
      const updates = tf.add(tf.mul(updates0!, rho!), tf.mul(tf.mul(update, update), oneMinusRho!));
      return [tf.add(value, tf.mul(update, negativeRate!)), grads, updates];
    },
  };
}

export function kerasRmsprop(): UpdateRule {
  return {
    kernel: 'keras_rmsprop',
    states: 1,
    scalars: (_t, lr) => [RHO_RMSPROP, 1 - RHO_RMSPROP, KERAS_EPSILON, -lr],
    ops: (value, gradient, [square0], [rho, oneMinusRho, epsilon, negativeRate]) => {
      const square = tf.add(tf.mul(square0!, rho!), tf.mul(tf.mul(gradient, gradient), oneMinusRho!));
      return [tf.add(value, tf.div(tf.mul(gradient, negativeRate!), tf.add(tf.sqrt(square), epsilon!))), square];
    },
  };
}

/** Keras's μₜ: the momentum the schedule gives step t. */
function scheduledMomentum(t: number): number {
  return BETA1 * (1 - 0.5 * 0.96 ** (t * SCHEDULE_DECAY));
}

/**
 * Keras's Nadam keeps the product of the μ's so far (m_schedule, from 1). Its update
 * (1−μₜ)·g/(1−Πₜ) + μₜ₊₁·m/(1−Πₜ₊₁) is computed with the two quotients' scalars folded together.
 */
export function kerasNadam(): UpdateRule {
  let schedule = 1;
  return {
    kernel: 'keras_nadam',
    states: 2,
    scalars: (t, lr) => {
      const momentum = scheduledMomentum(t);
      const nextMomentum = scheduledMomentum(t + 1);
      const product = schedule * momentum;
      const nextProduct = product * nextMomentum;
      schedule = product;
      return [...BETAS, (1 - momentum) / (1 - product), nextMomentum / (1 - nextProduct), 1 - BETA2 ** t, -lr, KERAS_EPSILON];
    },
    ops: (value, gradient, [m0, v0], p) => {
      const [m, v] = moments(gradient, m0!, v0!, p);
      const mBar = tf.add(tf.mul(gradient, p[4]!), tf.mul(m, p[5]!));
      const vHat = tf.div(v, p[6]!);
      return [tf.add(value, tf.div(tf.mul(mBar, p[7]!), tf.add(tf.sqrt(vHat), p[8]!))), m, v];
    },
  };
}
