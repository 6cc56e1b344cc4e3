// tfjs's optimizers with each variable's update as one kernel (ActbenchOptimizerUpdate, registered
// for the CPU backends with the other fast kernels) instead of ~5–15 small ops. Each class is tfjs's
// own with only applyGradients replaced: state (moments, accumulators, β powers), getWeights /
// setWeights and the config stay tfjs's. The kernel repeats tfjs's float32 arithmetic op for op, so
// both paths give the same numbers; on a backend without the kernel (or under
// ACTBENCH_NO_FAST_KERNELS=1) tfjs's own update runs.
import * as tf from '@tensorflow/tfjs-core';
import { OPTIMIZER_UPDATE, type OptimizerRule } from '../backend/kernels/optimizer-update.js';

export type Gradients = Parameters<tf.AdamOptimizer['applyGradients']>[0];

/** One of the per-variable state lists tfjs's optimizers keep (fields their typings mark private). */
type Slots = ({ originalName: string; variable: tf.Variable } | undefined)[];

/** One state tensor per variable: the i-th variable's (named `name`), created on first use. */
export interface StateList {
  variable(i: number, name: string, value: tf.Variable): tf.Variable;
}

const zeros = (value: tf.Variable) => tf.zerosLike(value);

/**
 * A tfjs optimizer's state list, indexed by the variable's position as tfjs indexes it, named
 * `${name}/${suffix}` and starting at `initial` (zeros, or Adagrad's initial accumulator).
 */
function slotList(slots: Slots, suffix: string, initial: (value: tf.Variable) => tf.Tensor = zeros): StateList {
  return { variable: (i, name, value) => (slots[i] ??= { originalName: `${name}/${suffix}`, variable: tf.tidy(() => initial(value).variable(false)) }).variable };
}

export function fusedUpdateAvailable(): boolean {
  return tf.getKernel(OPTIMIZER_UPDATE, tf.getBackend()) !== undefined;
}

const f32 = Math.fround;

/** A float32 scalar tensor's value (β powers, Adamax's iteration, momentum's −lr). */
function scalarValue(t: tf.Tensor): number {
  return t.dataSync()[0]!;
}

/**
 * Updates every variable that has a gradient with `rule`, creating missing state as tfjs does,
 * then assigns value and state. The variables' order indexes the state lists, as in tfjs.
 */
export function applyFused(gradients: Gradients, rule: OptimizerRule, params: number[], states: StateList[]): void {
  const list = Array.isArray(gradients) ? gradients : Object.keys(gradients).map((name) => ({ name, tensor: gradients[name]! }));
  tf.tidy(() => {
    list.forEach(({ name, tensor: gradient }, i) => {
      const value = tf.engine().registeredVariables[name]!;
      const variables = states.map((state) => state.variable(i, name, value));
      if (gradient == null) return;
      const inputs: tf.NamedTensorMap = { value, gradient };
      variables.forEach((v, k) => (inputs[`s${k}`] = v));
      const [newValue, ...newStates] = tf.engine().runKernel(OPTIMIZER_UPDATE, inputs, { rule, params } as unknown as tf.NamedAttrMap) as tf.Tensor[];
      variables.forEach((v, k) => v.assign(newStates[k]!));
      value.assign(newValue!);
    });
  });
}

interface AdamFields {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: Slots;
  accumulatedSecondMoment: Slots;
}

export class FusedAdam extends tf.AdamOptimizer {
  override applyGradients(gradients: Gradients): void {
    if (!fusedUpdateAvailable()) return super.applyGradients(gradients);
    const s = this as unknown as AdamFields;
    // tfjs: sub(1, accBeta), mul(gradient, 1 − β1), mul(…, −lr), each a float32 scalar.
    const params = [s.beta1, 1 - s.beta1, s.beta2, 1 - s.beta2, 1 - scalarValue(s.accBeta1), 1 - scalarValue(s.accBeta2), s.epsilon, -s.learningRate].map(f32);
    applyFused(gradients, 'adam', params, [
      slotList(s.accumulatedFirstMoment, 'm'),
      slotList(s.accumulatedSecondMoment, 'v'),
    ]);
    tf.tidy(() => {
      s.accBeta1.assign(tf.mul(s.accBeta1, s.beta1));
      s.accBeta2.assign(tf.mul(s.accBeta2, s.beta2));
    });
    this.incrementIterations();
  }
}

interface AdamaxFields {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  decay: number;
  accBeta1: tf.Variable;
  iteration: tf.Variable;
  accumulatedFirstMoment: Slots;
  accumulatedWeightedInfNorm: Slots;
}

export class FusedAdamax extends tf.AdamaxOptimizer {
  override applyGradients(gradients: Gradients): void {
    if (!fusedUpdateAvailable()) return super.applyGradients(gradients);
    const s = this as unknown as AdamaxFields;
    // tfjs: lr = −lr / (iteration·decay + 1), then lr / (1 − accBeta1), float32 op by op.
    const rate = f32(f32(-s.learningRate) / f32(f32(scalarValue(s.iteration) * f32(s.decay)) + 1));
    const step = f32(rate / f32(1 - scalarValue(s.accBeta1)));
    applyFused(gradients, 'adamax', [s.beta1, 1 - s.beta1, s.beta2, step, s.epsilon].map(f32), [
      slotList(s.accumulatedFirstMoment, 'm'),
      slotList(s.accumulatedWeightedInfNorm, 'v'),
    ]);
    tf.tidy(() => {
      s.iteration.assign(tf.add(s.iteration, 1));
      s.accBeta1.assign(tf.mul(s.accBeta1, s.beta1));
    });
    this.incrementIterations();
  }
}

interface AdadeltaFields {
  learningRate: number;
  rho: number;
  epsilon: number;
  accumulatedGrads: Slots;
  accumulatedUpdates: Slots;
}

export class FusedAdadelta extends tf.AdadeltaOptimizer {
  override applyGradients(gradients: Gradients): void {
    if (!fusedUpdateAvailable()) return super.applyGradients(gradients);
    const s = this as unknown as AdadeltaFields;
    applyFused(gradients, 'adadelta', [s.rho, 1 - s.rho, s.epsilon, -s.learningRate].map(f32), [
      slotList(s.accumulatedGrads, 'accum_grad'),
      slotList(s.accumulatedUpdates, 'accum_var'),
    ]);
    this.incrementIterations();
  }
}

interface AdagradFields {
  learningRate: number;
  initialAccumulatorValue: number;
  accumulatedGrads: Slots;
}

export class FusedAdagrad extends tf.AdagradOptimizer {
  override applyGradients(gradients: Gradients): void {
    if (!fusedUpdateAvailable()) return super.applyGradients(gradients);
    const s = this as unknown as AdagradFields;
    applyFused(gradients, 'adagrad', [tf.backend().epsilon(), -s.learningRate].map(f32), [
      slotList(s.accumulatedGrads, 'accumulator', (value) => tf.fill(value.shape, s.initialAccumulatorValue)),
    ]);
    this.incrementIterations();
  }
}

interface RmspropFields {
  learningRate: number;
  decay: number;
  momentum: number;
  epsilon: number;
  centered: boolean;
  accumulatedMeanSquares: Slots;
  accumulatedMoments: Slots;
}

export class FusedRMSProp extends tf.RMSPropOptimizer {
  override applyGradients(gradients: Gradients): void {
    const s = this as unknown as RmspropFields;
    // The centred variant keeps a third state; the kernel has the plain one, the one the study uses.
    if (s.centered || !fusedUpdateAvailable()) return super.applyGradients(gradients);
    applyFused(gradients, 'rmsprop', [s.decay, 1 - s.decay, s.momentum, s.learningRate, s.epsilon].map(f32), [
      slotList(s.accumulatedMeanSquares, 'rms'),
      slotList(s.accumulatedMoments, 'momentum'),
    ]);
    this.incrementIterations();
  }
}

interface MomentumFields {
  /** −lr, a scalar tensor that setLearningRate replaces. */
  c: tf.Tensor;
  /** The momentum, a scalar tensor. */
  m: tf.Tensor;
  useNesterov: boolean;
  accumulations: Slots;
}

export class FusedMomentum extends tf.MomentumOptimizer {
  override applyGradients(gradients: Gradients): void {
    const s = this as unknown as MomentumFields;
    if (s.useNesterov || !fusedUpdateAvailable()) return super.applyGradients(gradients);
    applyFused(gradients, 'momentum', [scalarValue(s.m), scalarValue(s.c)], [slotList(s.accumulations, 'momentum')]);
    this.incrementIterations();
  }

  /** tfjs 4.22's MomentumOptimizer.dispose forgets SGD's −lr scalar: one tensor leaked per optimizer. */
  override dispose(): void {
    super.dispose();
    const { c } = this as unknown as MomentumFields;
    if (!c.isDisposed) c.dispose();
  }
}
