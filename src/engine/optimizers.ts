// The study's optimizers by name, each at its Keras default learning rate times a factor.
// tfjs has all but Nadam, which is written here (Dozat 2016, as Keras 2 implements it without
// the momentum schedule). Beside E18's seven, SGD with momentum for the vision recipes. Each
// optimizer's per-variable update runs as one kernel where the backend has it (fused-optimizers.ts).
import * as tf from '@tensorflow/tfjs-core';
import { applyFused, fusedUpdateAvailable, FusedAdadelta, FusedAdagrad, FusedAdam, FusedAdamax, FusedMomentum, FusedRMSProp, type Gradients } from './fused-optimizers.js';

export const OPTIMIZER_DEFAULT_LR: Record<string, number> = {
  adam: 0.001,
  adadelta: 1.0,
  nadam: 0.002,
  adagrad: 0.01,
  adamax: 0.002,
  sgd: 0.01,
  rmsprop: 0.001,
};

/** E18's seven, the optimizers its search spaces sample from. */
export const OPTIMIZERS = Object.keys(OPTIMIZER_DEFAULT_LR);

/**
 * Optimizers of the vision recipes (R17, the ResNet CIFAR recipes), not in E18's search spaces:
 * SGD with momentum 0.9 (PyTorch's form: v ← 0.9·v + g, w ← w − lr·v) at the recipes' rate 0.1.
 */
export const RECIPE_OPTIMIZER_DEFAULT_LR: Record<string, number> = {
  'sgd-momentum': 0.1,
};

export const SGD_MOMENTUM = 0.9;

const DEFAULT_LR: Record<string, number> = { ...OPTIMIZER_DEFAULT_LR, ...RECIPE_OPTIMIZER_DEFAULT_LR };

/** Every optimizer makeOptimizer knows. */
export const ALL_OPTIMIZERS = Object.keys(DEFAULT_LR);

class Nadam extends tf.Optimizer {
  static className = 'ActbenchNadam';
  private step = 0;
  private readonly moments = new Map<string, { m: tf.Variable; v: tf.Variable }>();

  constructor(
    /** Read at every step, so a schedule may change it between steps. */
    public learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-7,
  ) {
    super();
  }

  private state(name: string, variable: tf.Variable): { m: tf.Variable; v: tf.Variable } {
    let state = this.moments.get(name);
    if (!state) {
      state = tf.tidy(() => ({ m: tf.variable(tf.zerosLike(variable), false), v: tf.variable(tf.zerosLike(variable), false) }));
      this.moments.set(name, state);
    }
    return state;
  }

  override applyGradients(variableGradients: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[]): void {
    const list = Array.isArray(variableGradients) ? variableGradients : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    this.step += 1;
    const t = this.step;
    if (fusedUpdateAvailable()) {
      // The kernel's nadam rule repeats the ops below; its scalars are the float32 constants they use.
      const params = [this.beta1, 1 - this.beta1, this.beta2, 1 - this.beta2, 1 - this.beta1 ** (t + 1), 1 - this.beta1 ** t, 1 - this.beta2 ** t, this.learningRate, this.epsilon].map(Math.fround);
      applyFused(list as Gradients, 'nadam', params, [
        { variable: (_, name, variable) => this.state(name, variable).m },
        { variable: (_, name, variable) => this.state(name, variable).v },
      ]);
    } else {
      tf.tidy(() => {
        for (const { name, tensor: gradient } of list) {
          const variable = tf.engine().registeredVariables[name]!;
          const state = this.state(name, variable);
          const m = tf.add(tf.mul(state.m, this.beta1), tf.mul(gradient, 1 - this.beta1));
          const v = tf.add(tf.mul(state.v, this.beta2), tf.mul(tf.square(gradient), 1 - this.beta2));
          state.m.assign(m);
          state.v.assign(v);
          const mHat = tf.add(tf.div(tf.mul(m, this.beta1), 1 - this.beta1 ** (t + 1)), tf.div(tf.mul(gradient, 1 - this.beta1), 1 - this.beta1 ** t));
          const vHat = tf.div(v, 1 - this.beta2 ** t);
          variable.assign(tf.sub(variable, tf.div(tf.mul(mHat, this.learningRate), tf.add(tf.sqrt(vHat), this.epsilon))));
        }
      });
    }
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
        return new FusedAdamax(lr, 0.9, 0.999, 1e-7, 0);
      case 'sgd':
        // Two ops per variable (a multiply and an add): nothing worth fusing.
        return tf.train.sgd(lr);
      case 'sgd-momentum':
        return new FusedMomentum(lr, SGD_MOMENTUM, nesterov);
      case 'rmsprop':
        return new FusedRMSProp(lr, 0.9, 0, 1e-7);
      default:
        return new Nadam(lr);
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
