// Swish with a trainable β (Ramachandran et al. 2017): f(x) = x·σ(βx), β initialised to 1 so the
// layer starts as swish-1 (SiLU). One β for the whole layer, as in the paper; perChannel gives one
// β per unit (last axis) instead.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  type BaseLayerArgs,
  type Initializer,
  type InitializerIdentifier,
  lastAxisSize,
  resolveInitializer,
  serializeInitializer,
  singleInput,
  singleInputShape,
} from './common.js';

export interface SwishBetaArgs extends BaseLayerArgs {
  /** One β per unit (last axis) instead of one for the layer. Default false. */
  perChannel?: boolean;
  /** Default 'ones' (β = 1). */
  betaInitializer?: InitializerIdentifier;
}

export class SwishBeta extends tfl.layers.Layer {
  static className = 'ActbenchSwishBeta';
  readonly perChannel: boolean;
  private readonly betaInitializer: Initializer;
  private beta?: tfl.LayerVariable;

  constructor(args: SwishBetaArgs = {}) {
    super(args);
    this.perChannel = args.perChannel ?? false;
    this.betaInitializer = resolveInitializer(args.betaInitializer ?? 'ones', `SwishBeta layer '${this.name}' betaInitializer`);
    this.supportsMasking = true;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = singleInputShape(inputShape, this.name);
    if (this.perChannel) {
      const channels = lastAxisSize(shape, this.name, 1);
      this.beta = this.addWeight('beta', [channels], 'float32', this.betaInitializer);
      this.inputSpec = [new tfl.InputSpec({ minNDim: 1, axes: { [-1]: channels } })];
    } else {
      this.beta = this.addWeight('beta', [1], 'float32', this.betaInitializer);
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return singleInputShape(inputShape, this.name);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      if (!this.beta) throw new Error(`SwishBeta layer '${this.name}' was called before it was built`);
      const x = singleInput(inputs, this.name);
      // A layer-wide β is stored with shape [1], which broadcasts against any input rank.
      return tf.mul(x, tf.sigmoid(tf.mul(this.beta.read(), x)));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), perChannel: this.perChannel, betaInitializer: serializeInitializer(this.betaInitializer) };
  }
}
tf.serialization.registerClass(SwishBeta);
