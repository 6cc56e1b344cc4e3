// The LSTM cell of E18's gate experiment: the standard equations with two activations in place of
// the fixed pair,
//   i = g(x·Wi + h·Ui + bi)   f = g(x·Wf + h·Uf + bf)   o = g(x·Wo + h·Uo + bo)
//   c' = f ⊙ c + i ⊙ a(x·Wc + h·Uc + bc)          h' = o ⊙ a(c')
// where a (cellActivation) is tanh and g (gateActivation) is sigmoid in the standard cell. The study
// replaced a, g, or both (docs/study.md §4), in Keras 2, whose LSTM gates default to the hard sigmoid
// clip(0.2·x + 0.5, 0, 1): lstmVariant keeps that gate wherever the activation does not replace it.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { BaseLayerArgs } from '../activation/layers/common.js';
import { lstmSequence } from '../backend/kernels/lstm-sequence.js';
import type { Variant } from '../activation/registry.js';
import type { ElementwiseActivation } from '../activation/types.js';
import {
  CellActivation,
  type CellFusion,
  callRecurrent,
  type Initializer,
  type InitializerIdentifier,
  cellInitializer,
  inputDimOf,
  serializeInitializer,
  stepInputs,
} from './tagger-cell-common.js';

export interface ActivationLSTMCellArgs extends BaseLayerArgs {
  units: number;
  /** Candidate and output nonlinearity (a above); default 'tanh'. */
  cellActivation?: string | ElementwiseActivation;
  /** Input, forget and output gates (g above); default 'sigmoid'. */
  gateActivation?: string | ElementwiseActivation;
  /** Forces one implementation of both activations; by default the registry's choice per backend. */
  variant?: Variant;
  /** Applied to the whole [inputDim, 4·units] kernel, as Keras does; default 'glorotUniform'. */
  kernelInitializer?: InitializerIdentifier;
  /**
   * Applied to each gate's [units, units] block of the recurrent kernel separately, so that square
   * initializers ('identity', which E18 sampled) work and 'orthogonal' is orthogonal per gate.
   * Default 'orthogonal'.
   */
  recurrentInitializer?: InitializerIdentifier;
  /** Default true: forget-gate bias 1 (Keras's default; Jozefowicz et al. 2015), the rest 0. */
  unitForgetBias?: boolean;
}

export type LstmVariantName = 'baseline' | 'cell' | 'gates' | 'both';
export const LSTM_VARIANTS: readonly LstmVariantName[] = ['baseline', 'cell', 'gates', 'both'];

/**
 * The gates of E18's LSTM where the activation does not replace them: the study ran Keras 2
 * (2.0–2.2), whose LSTM defaults to recurrent_activation='hard_sigmoid', i.e. clip(0.2·x + 0.5, 0, 1)
 * (Keras 2.3 switched to the logistic sigmoid). It has a SIMD formula, so the fused recurrence
 * still applies.
 */
export const KERAS2_LSTM_GATE = 'hard-sigmoid';

/**
 * The activation pair of each variant of the gate experiment, as E18 ran it on Keras 2's LSTM
 * (tanh cell, hard-sigmoid gates): 'baseline' keeps that pair whatever `activation` is; 'cell'
 * replaces the candidate/output tanh and keeps the hard-sigmoid gates; 'gates' replaces the three
 * gates and keeps tanh; 'both' replaces all. Gates are multipliers meant to lie in [0, 1]: an
 * unbounded activation there (relu, cube, linear, ...) is no gate and often diverges, so 'gates'
 * and 'both' are meaningful only for the bounded, sigmoid-like functions.
 */
export function lstmVariant(name: LstmVariantName, activation: string): { cellActivation: string; gateActivation: string } {
  switch (name) {
    case 'baseline':
      return { cellActivation: 'tanh', gateActivation: KERAS2_LSTM_GATE };
    case 'cell':
      return { cellActivation: activation, gateActivation: KERAS2_LSTM_GATE };
    case 'gates':
      return { cellActivation: 'tanh', gateActivation: activation };
    case 'both':
      return { cellActivation: activation, gateActivation: activation };
    default:
      throw new Error(`unknown LSTM variant '${String(name)}'; use one of ${LSTM_VARIANTS.join(', ')}`);
  }
}

/**
 * Weights: kernel [inputDim, 4·units], recurrent kernel [units, 4·units], bias [4·units], blocks in
 * the order input, forget, output gate, candidate. (Keras orders i, f, c, o; keeping the three gates
 * adjacent lets one activation call cover them.)
 */
export class ActivationLSTMCell extends tfl.layers.Layer {
  static className = 'ActbenchLSTMCell';
  readonly units: number;
  readonly stateSize: number[];
  readonly cellActivation: CellActivation;
  readonly gateActivation: CellActivation;
  readonly variant: Variant | undefined;
  readonly kernelInitializer: Initializer;
  readonly recurrentInitializer: Initializer;
  readonly unitForgetBias: boolean;
  // Declared for tfjs-layers' RNNCell type only: its own cells keep dropout masks here, but this
  // cell applies no dropout (the tagger puts dropout between layers), so they stay unset.
  declare dropoutMask: tf.Tensor | tf.Tensor[];
  declare recurrentDropoutMask: tf.Tensor | tf.Tensor[];
  private kernel: tfl.LayerVariable | undefined;
  private recurrentKernel: tfl.LayerVariable | undefined;
  private bias: tfl.LayerVariable | undefined;

  constructor(args: ActivationLSTMCellArgs) {
    super(args);
    if (!Number.isInteger(args.units) || args.units < 1)
      throw new RangeError(`${ActivationLSTMCell.className}: units must be a positive integer, got ${args.units}`);
    this.units = args.units;
    this.stateSize = [args.units, args.units];
    const where = `${ActivationLSTMCell.className} '${this.name}'`;
    this.cellActivation = new CellActivation(args.cellActivation ?? 'tanh', args.variant, `${where} (cellActivation)`);
    this.gateActivation = new CellActivation(args.gateActivation ?? 'sigmoid', args.variant, `${where} (gateActivation)`);
    this.variant = args.variant;
    this.kernelInitializer = cellInitializer(args.kernelInitializer ?? 'glorotUniform', `${where}: kernelInitializer`);
    this.recurrentInitializer = cellInitializer(args.recurrentInitializer ?? 'orthogonal', `${where}: recurrentInitializer`);
    this.unitForgetBias = args.unitForgetBias ?? true;
  }

  /** Fresh initial values [kernel, recurrent kernel, bias]; the tagger draws the backward direction's with other seeds. */
  drawInitialWeights(
    inputDim: number,
    kernelInitializer = this.kernelInitializer,
    recurrentInitializer = this.recurrentInitializer,
  ): tf.Tensor[] {
    const u = this.units;
    return tf.tidy(() => {
      const kernel = kernelInitializer.apply([inputDim, 4 * u], 'float32');
      const blocks = [0, 1, 2, 3].map(() => recurrentInitializer.apply([u, u], 'float32'));
      const recurrent = tf.concat(blocks, 1);
      const bias = tf.concat([tf.zeros([u]), this.unitForgetBias ? tf.ones([u]) : tf.zeros([u]), tf.zeros([2 * u])]);
      return [kernel, recurrent, bias];
    });
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const inputDim = inputDimOf(inputShape, this.name);
    const u = this.units;
    const zeros = tfl.initializers.zeros();
    this.kernel = this.addWeight('kernel', [inputDim, 4 * u], 'float32', zeros);
    this.recurrentKernel = this.addWeight('recurrent_kernel', [u, 4 * u], 'float32', zeros);
    this.bias = this.addWeight('bias', [4 * u], 'float32', zeros);
    // The blockwise recurrent initialisation has no tfjs Initializer; writing after creation keeps
    // drawInitialWeights() the one definition of initial values, for build and for reseeding.
    const values = this.drawInitialWeights(inputDim);
    this.kernel.write(values[0]!);
    this.recurrentKernel.write(values[1]!);
    this.bias.write(values[2]!);
    tf.dispose(values);
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
    return tf.tidy(() => {
      const [x, hPrevious, cPrevious] = stepInputs(inputs, 3, this.name) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      if (!this.kernel || !this.recurrentKernel || !this.bias) throw new Error(`cell '${this.name}' was called before it was built`);
      const u = this.units;
      const z = tf.add(
        tf.add(tf.matMul(x, this.kernel.read() as tf.Tensor2D), tf.matMul(hPrevious, this.recurrentKernel.read() as tf.Tensor2D)),
        this.bias.read(),
      ) as tf.Tensor2D;
      const [gatePre, candidatePre] = tf.split(z, [3 * u, u], 1) as [tf.Tensor2D, tf.Tensor2D];
      const [i, f, o] = tf.split(this.gateActivation.apply(gatePre), 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      const c = tf.add(tf.mul(f, cPrevious), tf.mul(i, this.cellActivation.apply(candidatePre)));
      const h = tf.mul(o, this.cellActivation.apply(c));
      return [h, h, c];
    });
  }

  /**
   * The layer's recurrence as one lstmSequence (blocks i, f, o, g), on the CPU backends: where both
   * activations have a formula the kernel knows and no other implementation was forced; else null.
   */
  fusion(): CellFusion | null {
    const gate = this.gateActivation.recurrentKernel;
    const cell = this.cellActivation.recurrentKernel;
    if (!gate || !cell || !this.kernel || !this.recurrentKernel || !this.bias) return null;
    return {
      weights: { kernel: this.kernel, recurrentKernel: this.recurrentKernel, bias: this.bias },
      sequence: (xw, recurrentKernel, h0, mask) =>
        lstmSequence(xw, recurrentKernel, h0, h0, 'ifog', { activations: { gate, cell }, ...(mask ? { mask } : {}) }),
    };
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = {
      ...super.getConfig(),
      units: this.units,
      cellActivation: this.cellActivation.name,
      gateActivation: this.gateActivation.name,
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      recurrentInitializer: serializeInitializer(this.recurrentInitializer),
      unitForgetBias: this.unitForgetBias,
    };
    if (this.variant !== undefined) config['variant'] = this.variant;
    return config;
  }
}
tf.serialization.registerClass(ActivationLSTMCell);

/** Options of the recurrent layer: the cell's and tfjs-layers' RNN options (returnSequences, goBackwards, ...). */
export type ActivationLSTMArgs = ActivationLSTMCellArgs & Omit<tfl.RNNLayerArgs, 'cell'>;

/**
 * The RNN layer around ActivationLSTMCell. Its own class, like tfjs-layers' LSTM, because a plain
 * tfl.layers.rnn({cell}) breaks inside tfl.layers.bidirectional (RNN.fromConfig overwrites the
 * shared config's 'cell' entry with the first direction's cell object); this layer's config holds
 * the cell's settings flat and every fromConfig builds a fresh cell.
 */
export class ActivationLSTM extends tfl.RNN {
  static override className = 'ActbenchLSTM';

  constructor(args: ActivationLSTMArgs) {
    const { units, cellActivation, gateActivation, variant, kernelInitializer, recurrentInitializer, unitForgetBias } = args;
    const cell = new ActivationLSTMCell({
      units,
      ...(cellActivation !== undefined ? { cellActivation } : {}),
      ...(gateActivation !== undefined ? { gateActivation } : {}),
      ...(variant !== undefined ? { variant } : {}),
      ...(kernelInitializer !== undefined ? { kernelInitializer } : {}),
      ...(recurrentInitializer !== undefined ? { recurrentInitializer } : {}),
      ...(unitForgetBias !== undefined ? { unitForgetBias } : {}),
    });
    super({ ...args, cell });
  }

  get lstmCell(): ActivationLSTMCell {
    return this.cell as unknown as ActivationLSTMCell;
  }

  /** The whole recurrence as one op where the cell allows it (ActivationLSTMCell.fusion); else step by step. */
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    return callRecurrent(this, this.lstmCell.fusion(), inputs, kwargs, () => super.call(inputs, kwargs));
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new cls(config);
  }
}
tf.serialization.registerClass(ActivationLSTM);
