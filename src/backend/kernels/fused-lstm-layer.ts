// FusedLSTM: tfjs-layers' LSTM layer (same cell, weights, config and results) that on the 'wasm'
// and 'cpu' backends runs the recurrence as one lstmSequence op instead of ~100 small ops per time
// step: the input projection of all steps is one matMul, the recurrence and its gradient one
// kernel each. What the fused op does not cover — initial or returned states, stateful layers,
// dropout inside the cell, activations other than tanh/sigmoid, other backends — runs
// tfjs-layers' own code, unchanged; so does everything under ACTBENCH_NO_FAST_KERNELS=1.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { fusableCall, fusedRecurrence } from './fused-recurrence.js';
import { lstmSequence } from './lstm-sequence.js';

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
    return fusedRecurrence(this, inputs, kwargs, cell, (xw, recurrentKernel, h0, mask) =>
      lstmSequence(xw, recurrentKernel, h0, h0, 'ifgo', mask ? { mask } : {}),
    );
  }

  /** tfjs-layers' LSTM config: the cell's settings flat beside the RNN's own. */
  override getConfig(): tf.serialization.ConfigDict {
    const base = super.getConfig();
    delete base['cell'];
    const { name: _cellName, trainable: _cellTrainable, dtype: _cellDtype, ...cellConfig } = this.cell.getConfig();
    return { ...cellConfig, ...base };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new cls(config);
  }
}
tf.serialization.registerClass(FusedLSTM);

/** tfl.layers.lstm's drop-in: the same arguments, the same layer, the fused path where it applies. */
export function fusedLstm(args: LstmArgs): FusedLSTM {
  return new FusedLSTM(args);
}
