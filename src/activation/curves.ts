// Values of an activation and its derivative on a grid, computed with the implementation the
// registry picks on the active backend (what a model would use), as plain arrays.
import * as tf from '@tensorflow/tfjs-core';
import { chooseVariant, implementation, type Variant } from './registry.js';
import type { Activation } from './types.js';
import { InputError } from '../util/input-error.js';

export interface Evaluation {
  xs: number[];
  f: number[];
  df: number[];
  /** What computed it: the variant, or 'at initial parameters' for a layer. */
  variant: Variant;
}

export class NotElementwiseError extends InputError {
  override name = 'NotElementwiseError';
}

/** The tensor function to evaluate: elementwise activations directly, layers at their initial parameters. */
export function evaluableFunction(
  activation: Activation,
  options: { noFused?: boolean } = {},
): { fn: (x: tf.Tensor) => tf.Tensor; variant: Variant } {
  if (activation.kind === 'elementwise') {
    const variant = chooseVariant(activation, tf.getBackend(), options);
    return { fn: implementation(activation, variant), variant };
  }
  if (activation.atInit) return { fn: activation.atInit.composite, variant: 'composite' };
  throw new NotElementwiseError(
    `${activation.name} is a layer that replaces Dense+activation (it mixes units), so it has no value at a single x`,
  );
}

export function evaluate(activation: Activation, xs: number[], options: { noFused?: boolean } = {}): Evaluation {
  const { fn, variant } = evaluableFunction(activation, options);
  const [f, df] = tf.tidy(() => {
    const x = tf.tensor1d(xs, 'float32');
    return [fn(x), tf.grad(fn)(x)];
  });
  const result = { xs, f: Array.from(f!.dataSync()), df: Array.from(df!.dataSync()), variant };
  tf.dispose([f!, df!]);
  return result;
}

export function linspace(from: number, to: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => from + ((to - from) * i) / (count - 1));
}
