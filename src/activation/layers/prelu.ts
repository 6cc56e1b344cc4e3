// PReLU (He et al. 2015) as E18 uses it: f(x) = x if x > 0 else a·x with one learned slope per unit,
// initialised to 0 so training starts from ReLU. The slope runs along the last axis only, so it is
// per unit for [batch, units] and per channel (shared over time, height and width) for channels-last
// sequence or image tensors; tfjs-layers' PReLU would instead learn one slope per element there.
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

export interface PReLUArgs extends BaseLayerArgs {
  /** Default 'zeros' (E18). */
  alphaInitializer?: InitializerIdentifier;
}

export class PReLU extends tfl.layers.Layer {
  static className = 'ActbenchPReLU';
  private readonly alphaInitializer: Initializer;
  private alpha?: tfl.LayerVariable;

  constructor(args: PReLUArgs = {}) {
    super(args);
    this.alphaInitializer = resolveInitializer(args.alphaInitializer ?? 'zeros', `PReLU layer '${this.name}' alphaInitializer`);
    this.supportsMasking = true;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const channels = lastAxisSize(singleInputShape(inputShape, this.name), this.name, 2);
    this.alpha = this.addWeight('alpha', [channels], 'float32', this.alphaInitializer);
    // Later inputs must keep the last-axis size the weights were built for; tfjs-layers checks it with a clear message.
    this.inputSpec = [new tfl.InputSpec({ minNDim: 2, axes: { [-1]: channels } })];
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return singleInputShape(inputShape, this.name);
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      if (!this.alpha) throw new Error(`PReLU layer '${this.name}' was called before it was built`);
      const x = singleInput(inputs, this.name);
      // relu(x) + a·min(x, 0) uses only ops with gradients on every backend, and broadcasting the
      // [channels] slope against any rank avoids relying on each backend's Prelu kernel doing so.
      return tf.add(tf.relu(x), tf.mul(this.alpha.read(), tf.minimum(x, 0)));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), alphaInitializer: serializeInitializer(this.alphaInitializer) };
  }
}
tf.serialization.registerClass(PReLU);
