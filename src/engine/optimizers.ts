// The study's optimizers by name, each at its Keras default learning rate times a factor.
// tfjs has all but Nadam, which is written here (Dozat 2016, as Keras 2 implements it without
// the momentum schedule).
import * as tf from '@tensorflow/tfjs-core';

export const OPTIMIZER_DEFAULT_LR: Record<string, number> = {
  adam: 0.001,
  adadelta: 1.0,
  nadam: 0.002,
  adagrad: 0.01,
  adamax: 0.002,
  sgd: 0.01,
  rmsprop: 0.001,
};

export const OPTIMIZERS = Object.keys(OPTIMIZER_DEFAULT_LR);

class Nadam extends tf.Optimizer {
  static className = 'ActbenchNadam';
  private step = 0;
  private readonly moments = new Map<string, { m: tf.Variable; v: tf.Variable }>();

  constructor(
    private readonly learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-7,
  ) {
    super();
  }

  override applyGradients(variableGradients: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[]): void {
    const list = Array.isArray(variableGradients) ? variableGradients : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    this.step += 1;
    const t = this.step;
    tf.tidy(() => {
      for (const { name, tensor: gradient } of list) {
        const variable = tf.engine().registeredVariables[name]!;
        let state = this.moments.get(name);
        if (!state) {
          state = { m: tf.variable(tf.zerosLike(variable), false), v: tf.variable(tf.zerosLike(variable), false) };
          this.moments.set(name, state);
        }
        const m = tf.add(tf.mul(state.m, this.beta1), tf.mul(gradient, 1 - this.beta1));
        const v = tf.add(tf.mul(state.v, this.beta2), tf.mul(tf.square(gradient), 1 - this.beta2));
        state.m.assign(m);
        state.v.assign(v);
        const mHat = tf.add(tf.div(tf.mul(m, this.beta1), 1 - this.beta1 ** (t + 1)), tf.div(tf.mul(gradient, 1 - this.beta1), 1 - this.beta1 ** t));
        const vHat = tf.div(v, 1 - this.beta2 ** t);
        variable.assign(tf.sub(variable, tf.div(tf.mul(mHat, this.learningRate), tf.add(tf.sqrt(vHat), this.epsilon))));
      }
    });
    this.incrementIterations();
  }

  override dispose(): void {
    for (const { m, v } of this.moments.values()) tf.dispose([m, v]);
    this.moments.clear();
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}

/** The optimizer `name` with learning rate default × factor. */
export function makeOptimizer(name: string, lrFactor = 1): { optimizer: tf.Optimizer; learningRate: number } {
  const base = OPTIMIZER_DEFAULT_LR[name];
  if (base === undefined) throw new Error(`unknown optimizer '${name}'; choose one of ${OPTIMIZERS.join(', ')}`);
  const lr = base * lrFactor;
  const optimizer = (() => {
    switch (name) {
      case 'adam':
        return tf.train.adam(lr, 0.9, 0.999, 1e-7);
      case 'adadelta':
        return tf.train.adadelta(lr, 0.95, 1e-7);
      case 'adagrad':
        return tf.train.adagrad(lr);
      case 'adamax':
        return tf.train.adamax(lr, 0.9, 0.999, 1e-7);
      case 'sgd':
        return tf.train.sgd(lr);
      case 'rmsprop':
        return tf.train.rmsprop(lr, 0.9, 0, 1e-7);
      default:
        return new Nadam(lr);
    }
  })();
  return { optimizer, learningRate: lr };
}
