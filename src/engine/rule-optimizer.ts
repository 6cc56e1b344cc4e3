// An optimizer made from an update rule written twice over the same numbers: once as the fused
// kernel's rule (ActbenchOptimizerUpdate, one pass over each variable) and once as tfjs ops in the
// kernel's order, for backends where the kernel is not registered. actbench's own rules (Keras 2's,
// and Nadam without a momentum schedule) use it; tfjs's optimizers keep their own classes
// (fused-optimizers.ts), since their state is tfjs's.
import * as tf from '@tensorflow/tfjs-core';
import type { OptimizerRule } from '../backend/kernels/optimizer-update.js';
import { applyFused, fusedUpdateAvailable, type Gradients } from './fused-optimizers.js';

/** One update rule: its state tensors, its scalars at each step, and its arithmetic as tfjs ops. */
export interface UpdateRule {
  /** The fused kernel's rule; training-kernels.c lists its scalars. */
  kernel: OptimizerRule;
  /** State tensors per variable, each starting at zero. */
  states: number;
  /**
   * The rule's scalars for step `step` (1 for the first) at rate `learningRate`, in float64; they
   * are rounded to float32 before use. Called once per step, so a rule may keep a schedule.
   */
  scalars(step: number, learningRate: number): number[];
  /** New value, then new states, from the value, the gradient, the states and the float32 scalars. */
  ops(value: tf.Tensor, gradient: tf.Tensor, states: tf.Tensor[], scalars: number[]): tf.Tensor[];
}

export class RuleOptimizer extends tf.Optimizer {
  static className = 'ActbenchRuleOptimizer';
  private step = 0;
  private readonly slots = new Map<string, tf.Variable[]>();

  constructor(
    /** Read at every step, so a schedule may change it between steps. */
    public learningRate: number,
    private readonly rule: UpdateRule,
  ) {
    super();
  }

  private state(name: string, variable: tf.Variable): tf.Variable[] {
    let states = this.slots.get(name);
    if (!states) {
      states = tf.tidy(() => Array.from({ length: this.rule.states }, () => tf.variable(tf.zerosLike(variable), false)));
      this.slots.set(name, states);
    }
    return states;
  }

  override applyGradients(variableGradients: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[]): void {
    const list = Array.isArray(variableGradients)
      ? variableGradients
      : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    this.step += 1;
    const scalars = this.rule.scalars(this.step, this.learningRate).map(Math.fround);
    if (fusedUpdateAvailable()) {
      const stateLists = Array.from({ length: this.rule.states }, (_, k) => ({
        variable: (_i: number, name: string, variable: tf.Variable) => this.state(name, variable)[k]!,
      }));
      applyFused(list as Gradients, this.rule.kernel, scalars, stateLists);
    } else {
      tf.tidy(() => {
        for (const { name, tensor: gradient } of list) {
          if (gradient == null) continue;
          const variable = tf.engine().registeredVariables[name]!;
          const states = this.state(name, variable);
          const [value, ...next] = this.rule.ops(variable, gradient, states, scalars);
          states.forEach((state, k) => state.assign(next[k]!));
          variable.assign(value!);
        }
      });
    }
    this.incrementIterations();
  }

  override dispose(): void {
    for (const states of this.slots.values()) tf.dispose(states);
    this.slots.clear();
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, rule: this.rule.kernel };
  }
}
