// FusedLSTM: tfjs-layers' LSTM layer (same cell, weights, config and results) that on the 'wasm'
// and 'cpu' backends runs the recurrence as one lstmSequence op instead of ~100 small ops per time
// step: the input projection of all steps is one matMul, the recurrence and its gradient one
// kernel each. What the fused op does not cover — initial or returned states, stateful layers,
// dropout inside the cell, activations other than tanh/sigmoid, other backends — runs
// tfjs-layers' own code, unchanged; so does everything under ACTBENCH_NO_FAST_KERNELS=1.
// fusedRecurrence is shared with the study's own LSTM (src/models/lstm-cell.ts).
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { fastKernelsEnabled } from './index.js';
import { lstmSequence, lstmSequenceAvailable, type GateOrder, type LstmActivations } from './lstm-sequence.js';

/** The LSTM cell fields this layer reads (tfjs-layers' LSTMCell keeps them public). */
interface LstmCellFields {
  units: number;
  kernel: tfl.LayerVariable;
  recurrentKernel: tfl.LayerVariable;
  bias: tfl.LayerVariable | null;
  activation: { getClassName(): string };
  recurrentActivation: { getClassName(): string };
  dropout: number;
  recurrentDropout: number;
}

type LstmArgs = Parameters<typeof tfl.layers.lstm>[0];
type Kwargs = Record<string, unknown>;

/** What the fused recurrence needs of an RNN layer (tfjs-layers' RNN keeps these public). */
interface RecurrentLayer {
  goBackwards: boolean;
  returnSequences: boolean;
  returnState: boolean;
  stateful: boolean;
}

/** Whether a call of this RNN layer can run as lstmSequence (the cell aside): no initial or returned state. */
export function fusableCall(layer: RecurrentLayer, kwargs: Kwargs | undefined): boolean {
  return fastKernelsEnabled() && lstmSequenceAvailable() && kwargs?.['initialState'] == null && !layer.stateful && !layer.returnState;
}

export interface FusedCellWeights {
  kernel: tfl.LayerVariable;
  recurrentKernel: tfl.LayerVariable;
  bias: tfl.LayerVariable | null;
  order: GateOrder;
  activations?: LstmActivations;
}

/**
 * An LSTM layer's call as one lstmSequence: the input projection of all steps is one matMul, the
 * recurrence one op. Follows tfjs-layers' RNN: a backwards layer runs its steps last to first and
 * returns them in that order; masked steps (kwargs.mask, [batch, steps]) carry state and output over.
 */
export function fusedRecurrence(layer: RecurrentLayer, inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs | undefined, weights: FusedCellWeights): tf.Tensor {
  return tf.tidy(() => {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
    const [batch, steps, features] = x.shape;
    const units = weights.recurrentKernel.shape[0]!;
    let timeMajor = tf.transpose(x, [1, 0, 2]);
    const maskIn = kwargs?.['mask'] as tf.Tensor | null | undefined;
    let mask = maskIn ? (tf.transpose(tf.cast(maskIn, 'float32'), [1, 0]) as tf.Tensor2D) : undefined;
    if (layer.goBackwards) {
      timeMajor = tf.reverse(timeMajor, 0);
      if (mask) mask = tf.reverse(mask, 0);
    }
    let projected = tf.matMul(tf.reshape(timeMajor, [steps * batch, features]), weights.kernel.read() as tf.Tensor2D);
    if (weights.bias) projected = tf.add(projected, weights.bias.read());
    const xw = tf.reshape(projected, [steps, batch, 4 * units]) as tf.Tensor3D;
    const zeros = tf.zeros([batch, units]) as tf.Tensor2D;
    const h = lstmSequence(xw, weights.recurrentKernel.read() as tf.Tensor2D, zeros, zeros, weights.order, {
      ...(weights.activations ? { activations: weights.activations } : {}),
      ...(mask ? { mask } : {}),
    });
    if (!layer.returnSequences) return tf.reshape(tf.slice(h, [steps - 1, 0, 0], [1, batch, units]), [batch, units]);
    return tf.transpose(h, [1, 0, 2]);
  });
}

export class FusedLSTM extends tfl.RNN {
  static override className = 'ActbenchFusedLSTM';

  constructor(args: LstmArgs) {
    super({ ...args, cell: tfl.layers.lstmCell(args) });
  }

  private get lstmCell(): LstmCellFields {
    return this.cell as unknown as LstmCellFields;
  }

  /** Whether this call can take the fused path. */
  private fusable(kwargs: Kwargs | undefined): boolean {
    const cell = this.lstmCell;
    return (
      fusableCall(this, kwargs) &&
      cell.dropout === 0 &&
      cell.recurrentDropout === 0 &&
      cell.activation.getClassName() === 'tanh' &&
      cell.recurrentActivation.getClassName() === 'sigmoid'
    );
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    if (!this.fusable(kwargs)) return super.call(inputs, kwargs);
    const cell = this.lstmCell;
    return fusedRecurrence(this, inputs, kwargs, { kernel: cell.kernel, recurrentKernel: cell.recurrentKernel, bias: cell.bias, order: 'ifgo' });
  }

  /** tfjs-layers' LSTM config: the cell's settings flat beside the RNN's own. */
  override getConfig(): tf.serialization.ConfigDict {
    const base = super.getConfig();
    delete base['cell'];
    const { name: _cellName, trainable: _cellTrainable, dtype: _cellDtype, ...cellConfig } = this.cell.getConfig();
    return { ...cellConfig, ...base };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    return new cls(config);
  }
}
tf.serialization.registerClass(FusedLSTM);

/** tfl.layers.lstm's drop-in: the same arguments, the same layer, the fused path where it applies. */
export function fusedLstm(args: LstmArgs): FusedLSTM {
  return new FusedLSTM(args);
}
