// An RNN layer's call as one fused sequence op (lstmSequence, rnnSequence) instead of tfjs-layers'
// step-by-step loop: the input projection of all steps is one matMul, the recurrence one op. Used by
// FusedLSTM (tfjs-layers' LSTM) and the study's own recurrent layers (src/models/lstm-cell.ts,
// tagger-rnn-cell.ts). It follows tfjs-layers' RNN: a backwards layer runs its steps last to first
// and returns them in that order, and masked steps carry state and output over.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { fastKernelsEnabled } from './index.js';
import { lstmSequenceAvailable } from './lstm-sequence.js';

type Kwargs = Record<string, unknown>;

/** What the fused recurrence needs of an RNN layer (tfjs-layers' RNN keeps these public). */
export interface RecurrentLayer {
  goBackwards: boolean;
  returnSequences: boolean;
  returnState: boolean;
  stateful: boolean;
}

/** Whether a call of this RNN layer can run fused (the cell aside): no initial or returned state. */
export function fusableCall(layer: RecurrentLayer, kwargs: Kwargs | undefined): boolean {
  return fastKernelsEnabled() && lstmSequenceAvailable() && kwargs?.['initialState'] == null && !layer.stateful && !layer.returnState;
}

export interface FusedWeights {
  /** [features, width]: the input projection of every gate block. */
  kernel: tfl.LayerVariable;
  /** [units, width]. */
  recurrentKernel: tfl.LayerVariable;
  bias: tfl.LayerVariable | null;
}

/** The recurrence over xw [T, B, width] from the initial state h0 (c0 alike, zeros), with an optional [T, B] mask. */
export type SequenceOp = (xw: tf.Tensor3D, recurrentKernel: tf.Tensor2D, h0: tf.Tensor2D, mask: tf.Tensor2D | undefined) => tf.Tensor3D;

export function fusedRecurrence(
  layer: RecurrentLayer,
  inputs: tf.Tensor | tf.Tensor[],
  kwargs: Kwargs | undefined,
  weights: FusedWeights,
  sequence: SequenceOp,
): tf.Tensor {
  return tf.tidy(() => {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
    const [batch, steps, features] = x.shape;
    const [units, width] = weights.recurrentKernel.shape as [number, number];
    let timeMajor = tf.transpose(x, [1, 0, 2]);
    const maskIn = kwargs?.['mask'] as tf.Tensor | null | undefined;
    let mask = maskIn ? (tf.transpose(tf.cast(maskIn, 'float32'), [1, 0]) as tf.Tensor2D) : undefined;
    if (layer.goBackwards) {
      timeMajor = tf.reverse(timeMajor, 0);
      if (mask) mask = tf.reverse(mask, 0);
    }
    let projected = tf.matMul(tf.reshape(timeMajor, [steps * batch, features]), weights.kernel.read() as tf.Tensor2D);
    if (weights.bias) projected = tf.add(projected, weights.bias.read());
    const xw = tf.reshape(projected, [steps, batch, width]) as tf.Tensor3D;
    const h = sequence(xw, weights.recurrentKernel.read() as tf.Tensor2D, tf.zeros([batch, units]), mask);
    if (!layer.returnSequences) return tf.reshape(tf.slice(h, [steps - 1, 0, 0], [1, batch, units]), [batch, units]);
    return tf.transpose(h, [1, 0, 2]);
  });
}
