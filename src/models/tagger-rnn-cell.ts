// The vanilla RNN cell of E18's tagger, h_t = act(x_t·W + h_{t-1}·U + b), with act any elementwise
// registry activation. tfjs-layers' SimpleRNNCell resolves its activation from tfjs's own list of
// strings, so the study's functions (penalized tanh, swish, ...) need a cell of their own.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { BaseLayerArgs } from '../activation/layers/common.js';
import type { Variant } from '../activation/registry.js';
import type { ElementwiseActivation } from '../activation/types.js';
import { rnnSequence } from '../backend/kernels/rnn-sequence.js';
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

export interface ActivationRNNCellArgs extends BaseLayerArgs {
  units: number;
  /** A registry name or alias of an elementwise activation (or an activation object). */
  activation: string | ElementwiseActivation;
  /** Forces one implementation of the activation; by default the registry's choice per backend. */
  variant?: Variant;
  /** Default 'glorotUniform' (Keras's). */
  kernelInitializer?: InitializerIdentifier;
  /** Default 'orthogonal' (Keras's); E18 also sampled 'identity'. */
  recurrentInitializer?: InitializerIdentifier;
  /** Default 'zeros'. */
  biasInitializer?: InitializerIdentifier;
}

export class ActivationRNNCell extends tfl.layers.Layer {
  static className = 'ActbenchSimpleRNNCell';
  readonly units: number;
  readonly stateSize: number;
  readonly activation: CellActivation;
  readonly variant: Variant | undefined;
  readonly kernelInitializer: Initializer;
  readonly recurrentInitializer: Initializer;
  readonly biasInitializer: Initializer;
  // Declared for tfjs-layers' RNNCell type only: its own cells keep dropout masks here, but this
  // cell applies no dropout (the tagger puts dropout between layers), so they stay unset.
  declare dropoutMask: tf.Tensor | tf.Tensor[];
  declare recurrentDropoutMask: tf.Tensor | tf.Tensor[];
  private kernel: tfl.LayerVariable | undefined;
  private recurrentKernel: tfl.LayerVariable | undefined;
  private bias: tfl.LayerVariable | undefined;

  constructor(args: ActivationRNNCellArgs) {
    super(args);
    if (!Number.isInteger(args.units) || args.units < 1)
      throw new RangeError(`${ActivationRNNCell.className}: units must be a positive integer, got ${args.units}`);
    this.units = args.units;
    this.stateSize = args.units;
    const where = `${ActivationRNNCell.className} '${this.name}'`;
    this.activation = new CellActivation(args.activation, args.variant, `${where} (activation)`);
    this.variant = args.variant;
    this.kernelInitializer = cellInitializer(args.kernelInitializer ?? 'glorotUniform', `${where}: kernelInitializer`);
    this.recurrentInitializer = cellInitializer(args.recurrentInitializer ?? 'orthogonal', `${where}: recurrentInitializer`);
    this.biasInitializer = cellInitializer(args.biasInitializer ?? 'zeros', `${where}: biasInitializer`);
  }

  /** Fresh initial values [kernel, recurrent kernel, bias]; the tagger draws the backward direction's with other seeds. */
  drawInitialWeights(
    inputDim: number,
    kernelInitializer = this.kernelInitializer,
    recurrentInitializer = this.recurrentInitializer,
  ): tf.Tensor[] {
    return [
      kernelInitializer.apply([inputDim, this.units], 'float32'),
      recurrentInitializer.apply([this.units, this.units], 'float32'),
      this.biasInitializer.apply([this.units], 'float32'),
    ];
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const inputDim = inputDimOf(inputShape, this.name);
    const zeros = tfl.initializers.zeros();
    this.kernel = this.addWeight('kernel', [inputDim, this.units], 'float32', zeros);
    this.recurrentKernel = this.addWeight('recurrent_kernel', [this.units, this.units], 'float32', zeros);
    this.bias = this.addWeight('bias', [this.units], 'float32', zeros);
    // Written after creation rather than passed as initializers so that drawInitialWeights() is the one
    // place defining initial values, for build and for the tagger's reseeding alike.
    const values = this.drawInitialWeights(inputDim);
    this.kernel.write(values[0]!);
    this.recurrentKernel.write(values[1]!);
    this.bias.write(values[2]!);
    tf.dispose(values);
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
    return tf.tidy(() => {
      const [x, previous] = stepInputs(inputs, 2, this.name) as [tf.Tensor2D, tf.Tensor2D];
      if (!this.kernel || !this.recurrentKernel || !this.bias) throw new Error(`cell '${this.name}' was called before it was built`);
      const preActivation = tf.add(
        tf.add(tf.matMul(x, this.kernel.read() as tf.Tensor2D), tf.matMul(previous, this.recurrentKernel.read() as tf.Tensor2D)),
        this.bias.read(),
      );
      const h = this.activation.apply(preActivation);
      return [h, h];
    });
  }

  /**
   * The layer's recurrence as one rnnSequence, on the CPU backends: where the activation has a
   * formula the kernel knows and no other implementation was forced; else null.
   */
  fusion(): CellFusion | null {
    const activation = this.activation.recurrentKernel;
    if (!activation || !this.kernel || !this.recurrentKernel || !this.bias) return null;
    return {
      weights: { kernel: this.kernel, recurrentKernel: this.recurrentKernel, bias: this.bias },
      sequence: (xw, recurrentKernel, h0, mask) => rnnSequence(xw, recurrentKernel, h0, activation, mask),
    };
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = {
      ...super.getConfig(),
      units: this.units,
      activation: this.activation.name,
      kernelInitializer: serializeInitializer(this.kernelInitializer),
      recurrentInitializer: serializeInitializer(this.recurrentInitializer),
      biasInitializer: serializeInitializer(this.biasInitializer),
    };
    if (this.variant !== undefined) config['variant'] = this.variant;
    return config;
  }
}
tf.serialization.registerClass(ActivationRNNCell);

/** Options of the recurrent layer: the cell's and tfjs-layers' RNN options (returnSequences, goBackwards, ...). */
export type ActivationSimpleRNNArgs = ActivationRNNCellArgs & Omit<tfl.RNNLayerArgs, 'cell'>;

/**
 * The RNN layer around ActivationRNNCell, as tfjs-layers' SimpleRNN is around its cell. A plain
 * tfl.layers.rnn({cell}) does not survive tfl.layers.bidirectional: RNN.fromConfig replaces the
 * 'cell' entry of the config it is handed with the cell object, and Bidirectional hands the same
 * config to both directions. Under its own class name the layer's config carries the cell's
 * settings flat, and fromConfig builds a fresh cell from them each time.
 */
export class ActivationSimpleRNN extends tfl.RNN {
  static override className = 'ActbenchSimpleRNN';

  constructor(args: ActivationSimpleRNNArgs) {
    const { units, activation, variant, kernelInitializer, recurrentInitializer, biasInitializer } = args;
    const cell = new ActivationRNNCell({
      units,
      activation,
      ...(variant !== undefined ? { variant } : {}),
      ...(kernelInitializer !== undefined ? { kernelInitializer } : {}),
      ...(recurrentInitializer !== undefined ? { recurrentInitializer } : {}),
      ...(biasInitializer !== undefined ? { biasInitializer } : {}),
    });
    super({ ...args, cell });
  }

  get rnnCell(): ActivationRNNCell {
    return this.cell as unknown as ActivationRNNCell;
  }

  /** The whole recurrence as one op where the cell allows it (ActivationRNNCell.fusion); else step by step. */
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    return callRecurrent(this, this.rnnCell.fusion(), inputs, kwargs, () => super.call(inputs, kwargs));
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    return new cls(config);
  }
}
tf.serialization.registerClass(ActivationSimpleRNN);
