// tfjs's AdamOptimizer with each variable's update as one kernel (ActbenchAdamUpdate, registered
// for the CPU backends with the other fast kernels) instead of ~15 small ops. It is tfjs's class,
// state included: moments, β powers, getWeights/setWeights and the config stay tfjs's, and on a
// backend without the kernel (or under ACTBENCH_NO_FAST_KERNELS=1) tfjs's own update runs. The
// kernel repeats tfjs's float32 arithmetic op for op, so both paths give the same numbers.
import * as tf from '@tensorflow/tfjs-core';
import { ADAM_UPDATE, type AdamUpdateAttrs } from '../backend/kernels/adam-update.js';

/** The state AdamOptimizer keeps in fields its typings mark private (tfjs 4.x). */
interface AdamState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
  accumulatedSecondMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
}

function hasFusedUpdate(): boolean {
  return tf.getKernel(ADAM_UPDATE, tf.getBackend()) !== undefined;
}

export class FusedAdam extends tf.AdamOptimizer {
  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    if (!hasFusedUpdate()) {
      super.applyGradients(variableGradients);
      return;
    }
    const state = this as unknown as AdamState;
    const list = Array.isArray(variableGradients) ? variableGradients : Object.keys(variableGradients).map((name) => ({ name, tensor: variableGradients[name]! }));
    const f = Math.fround;
    // tfjs computes these as float32 tensors: sub(1, accBeta), mul(gradient, 1 − β1), mul(…, −lr).
    const common = {
      beta1: f(state.beta1),
      oneMinusBeta1: f(1 - state.beta1),
      beta2: f(state.beta2),
      oneMinusBeta2: f(1 - state.beta2),
      oneMinusAccBeta1: f(1 - state.accBeta1.dataSync()[0]!),
      oneMinusAccBeta2: f(1 - state.accBeta2.dataSync()[0]!),
      epsilon: f(state.epsilon),
      negLearningRate: f(-state.learningRate),
    } satisfies AdamUpdateAttrs;
    tf.tidy(() => {
      list.forEach(({ name, tensor: gradient }, i) => {
        const value = tf.engine().registeredVariables[name]!;
        state.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        state.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        if (gradient == null) return;
        const m = state.accumulatedFirstMoment[i]!.variable;
        const v = state.accumulatedSecondMoment[i]!.variable;
        const [newValue, newM, newV] = tf.engine().runKernel(ADAM_UPDATE, { value, gradient, m, v }, common as unknown as tf.NamedAttrMap) as tf.Tensor[];
        m.assign(newM!);
        v.assign(newV!);
        value.assign(newValue!);
      });
      state.accBeta1.assign(tf.mul(state.accBeta1, state.beta1));
      state.accBeta2.assign(tf.mul(state.accBeta2, state.beta2));
    });
    this.incrementIterations();
  }
}
