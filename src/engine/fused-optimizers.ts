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
  return {
    variable: (i, name, value) =>
      (slots[i] ??= { originalName: `${name}/${suffix}`, variable: tf.tidy(() => initial(value).variable(false)) }).variable,
  };
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
      const [newValue, ...newStates] = tf
        .engine()
        .runKernel(OPTIMIZER_UPDATE, inputs, { rule, params } as unknown as tf.NamedAttrMap) as tf.Tensor[];
      variables.forEach((v, k) => v.assign(newStates[k]!));
      value.assign(newValue!);
    });
  });
}

/** One step's fused update: the rule, its float32 scalars, the state lists, and what follows. */
interface FusedPlan {
  rule: OptimizerRule;
  params: number[];
  states: StateList[];
  /** tfjs's bookkeeping after the variables (β powers, Adamax's iteration). */
  after?: () => void;
}

/**
 * One optimizer step: the fused update where `plan` gives one (read from tfjs's own fields), else
 * tfjs's own update (`stock`: the class's super.applyGradients) — where the kernel is not
 * registered, or the configuration is one it does not cover.
 */
function fusedStep<F>(
  optimizer: tf.Optimizer,
  gradients: Gradients,
  stock: (gradients: Gradients) => void,
  plan: (fields: F) => FusedPlan | null,
): void {
  const step = fusedUpdateAvailable() ? plan(optimizer as unknown as F) : null;
  if (!step) {
    stock(gradients);
    return;
  }
  applyFused(gradients, step.rule, step.params, step.states);
  if (step.after) tf.tidy(step.after);
  // Protected in tfjs's typings; every optimizer counts its steps this way.
  (optimizer as unknown as { incrementIterations(): void }).incrementIterations();
}

/** What tfjs's Adam and Adamax both keep. */
interface MomentFields {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accumulatedFirstMoment: Slots;
}

interface AdamFields extends MomentFields {
  accBeta2: tf.Variable;
  accumulatedSecondMoment: Slots;
}

const adamPlan = (s: AdamFields): FusedPlan => ({
  rule: 'adam',
  // tfjs: sub(1, accBeta), mul(gradient, 1 − β1), mul(…, −lr), each a float32 scalar.
  params: [
    s.beta1,
    1 - s.beta1,
    s.beta2,
    1 - s.beta2,
    1 - scalarValue(s.accBeta1),
    1 - scalarValue(s.accBeta2),
    s.epsilon,
    -s.learningRate,
  ].map(f32),
  states: [slotList(s.accumulatedFirstMoment, 'm'), slotList(s.accumulatedSecondMoment, 'v')],
  after: () => {
    s.accBeta1.assign(tf.mul(s.accBeta1, s.beta1));
    s.accBeta2.assign(tf.mul(s.accBeta2, s.beta2));
  },
});

export class FusedAdam extends tf.AdamOptimizer {
  override applyGradients(gradients: Gradients): void {
    fusedStep(this, gradients, (g) => super.applyGradients(g), adamPlan);
  }
}

interface AdamaxFields extends MomentFields {
  decay: number;
  iteration: tf.Variable;
  accumulatedWeightedInfNorm: Slots;
}

const adamaxPlan = (s: AdamaxFields): FusedPlan => {
  // tfjs: lr = −lr / (iteration·decay + 1), then lr / (1 − accBeta1), float32 op by op.
  const rate = f32(f32(-s.learningRate) / f32(f32(scalarValue(s.iteration) * f32(s.decay)) + 1));
  const step = f32(rate / f32(1 - scalarValue(s.accBeta1)));
  return {
    rule: 'adamax',
    params: [s.beta1, 1 - s.beta1, s.beta2, step, s.epsilon].map(f32),
    states: [slotList(s.accumulatedFirstMoment, 'm'), slotList(s.accumulatedWeightedInfNorm, 'v')],
    after: () => {
      s.iteration.assign(tf.add(s.iteration, 1));
      s.accBeta1.assign(tf.mul(s.accBeta1, s.beta1));
    },
  };
};

export class FusedAdamax extends tf.AdamaxOptimizer {
  override applyGradients(gradients: Gradients): void {
    fusedStep(this, gradients, (g) => super.applyGradients(g), adamaxPlan);
  }
}

interface AdadeltaFields {
  learningRate: number;
  rho: number;
  epsilon: number;
  accumulatedGrads: Slots;
  accumulatedUpdates: Slots;
}

const adadeltaPlan = (s: AdadeltaFields): FusedPlan => ({
  rule: 'adadelta',
  params: [s.rho, 1 - s.rho, s.epsilon, -s.learningRate].map(f32),
  states: [slotList(s.accumulatedGrads, 'accum_grad'), slotList(s.accumulatedUpdates, 'accum_var')],
});

export class FusedAdadelta extends tf.AdadeltaOptimizer {
  override applyGradients(gradients: Gradients): void {
    fusedStep(this, gradients, (g) => super.applyGradients(g), adadeltaPlan);
  }
}

interface AdagradFields {
  learningRate: number;
  initialAccumulatorValue: number;
  accumulatedGrads: Slots;
}

const adagradPlan = (s: AdagradFields): FusedPlan => ({
  rule: 'adagrad',
  params: [tf.backend().epsilon(), -s.learningRate].map(f32),
  states: [slotList(s.accumulatedGrads, 'accumulator', (value) => tf.fill(value.shape, s.initialAccumulatorValue))],
});

export class FusedAdagrad extends tf.AdagradOptimizer {
  override applyGradients(gradients: Gradients): void {
    fusedStep(this, gradients, (g) => super.applyGradients(g), adagradPlan);
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

// The centred variant keeps a third state; the kernel has the plain one, the one the study uses.
const rmspropPlan = (s: RmspropFields): FusedPlan | null =>
  s.centered
    ? null
    : {
        rule: 'rmsprop',
        params: [s.decay, 1 - s.decay, s.momentum, s.learningRate, s.epsilon].map(f32),
        states: [slotList(s.accumulatedMeanSquares, 'rms'), slotList(s.accumulatedMoments, 'momentum')],
      };

export class FusedRMSProp extends tf.RMSPropOptimizer {
  override applyGradients(gradients: Gradients): void {
    fusedStep(this, gradients, (g) => super.applyGradients(g), rmspropPlan);
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

const momentumPlan = (s: MomentumFields): FusedPlan | null =>
  s.useNesterov
    ? null
    : { rule: 'momentum', params: [scalarValue(s.m), scalarValue(s.c)], states: [slotList(s.accumulations, 'momentum')] };

export class FusedMomentum extends tf.MomentumOptimizer {
  override applyGradients(gradients: Gradients): void {
    fusedStep(this, gradients, (g) => super.applyGradients(g), momentumPlan);
  }

  /** tfjs 4.22's MomentumOptimizer.dispose forgets SGD's −lr scalar: one tensor leaked per optimizer. */
  override dispose(): void {
    super.dispose();
    const { c } = this as unknown as MomentumFields;
    if (!c.isDisposed) c.dispose();
  }
}
