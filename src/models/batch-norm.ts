// Batch normalisation over the last (channel) axis with a hand-written backward pass, for the
// image models. tfjs-layers' BatchNormalization computes the same function, but its gradient goes
// through tfjs's generic ones for moments and FusedBatchNorm, which tile full-size tensors; on the
// CPU backends that made batch norm about as costly as the convolutions it follows. Here the
// backward pass is the closed form
//   dx = γ/σ · (dy − mean(dy) − x̂·mean(dy·x̂)),  dγ = Σ dy·x̂,  dβ = Σ dy   (x̂ = (x − μ)/σ)
// over the batch and spatial positions, in a handful of elementwise ops and two reductions.
// Moving statistics follow PyTorch (the CIFAR recipes' framework): momentum 0.9 by default, and
// the moving variance takes the unbiased batch variance (× n/(n − 1)).
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { type BaseLayerArgs, lastAxisSize, singleInput, singleInputShape } from '../activation/layers/common.js';

export interface BatchNormArgs extends BaseLayerArgs {
  /** Weight of the old value in the moving averages (PyTorch's 1 − momentum); default 0.9. */
  momentum?: number;
  /** Added to the variance before the square root; default 1e-5 (PyTorch's). */
  epsilon?: number;
}

interface Weights {
  gamma: tfl.LayerVariable;
  beta: tfl.LayerVariable;
  movingMean: tfl.LayerVariable;
  movingVariance: tfl.LayerVariable;
}

export class BatchNorm extends tfl.layers.Layer {
  static className = 'ActbenchBatchNorm';
  readonly momentum: number;
  readonly epsilon: number;
  private weightsOf?: Weights;

  constructor(args: BatchNormArgs = {}) {
    super(args);
    const where = `BatchNorm layer '${this.name}'`;
    this.momentum = args.momentum ?? 0.9;
    this.epsilon = args.epsilon ?? 1e-5;
    if (!(this.momentum >= 0 && this.momentum < 1)) throw new RangeError(`${where}: momentum must be in [0, 1), got ${this.momentum}`);
    if (!(this.epsilon > 0)) throw new RangeError(`${where}: epsilon must be positive, got ${this.epsilon}`);
    this.supportsMasking = true;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const channels = lastAxisSize(singleInputShape(inputShape, this.name), this.name, 2);
    // Keras's weight order and names, so the layer's weights read like BatchNormalization's.
    this.weightsOf = {
      gamma: this.addWeight('gamma', [channels], 'float32', tfl.initializers.ones()),
      beta: this.addWeight('beta', [channels], 'float32', tfl.initializers.zeros()),
      movingMean: this.addWeight('moving_mean', [channels], 'float32', tfl.initializers.zeros(), undefined, false),
      movingVariance: this.addWeight('moving_variance', [channels], 'float32', tfl.initializers.ones(), undefined, false),
    };
    this.inputSpec = [new tfl.InputSpec({ minNDim: 2, axes: { [-1]: channels } })];
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return singleInputShape(inputShape, this.name);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    return tf.tidy(() => {
      if (!this.weightsOf) throw new Error(`BatchNorm layer '${this.name}' was called before it was built`);
      const { gamma, beta, movingMean, movingVariance } = this.weightsOf;
      const x = singleInput(inputs, this.name);
      if (kwargs['training'] !== true)
        return tf.batchNorm(x, movingMean.read(), movingVariance.read(), beta.read(), gamma.read(), this.epsilon);
      return this.normaliseBatch(x, gamma.read(), beta.read());
    });
  }

  /** Training mode: normalise with the batch's own statistics, update the moving ones. */
  private normaliseBatch(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor {
    const axes = Array.from({ length: x.rank - 1 }, (_, i) => i);
    const count = x.size / x.shape[x.rank - 1]!;
    // customGrad hands its function the inputs followed by the save callback, typed as one list.
    const normalise = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [input, scale, shift, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
      const { mean, variance } = tf.moments(input, axes);
      this.updateMovingStatistics(mean, variance, count);
      const inverseStd = tf.rsqrt(tf.add(variance, this.epsilon));
      save([input, mean, inverseStd, scale]);
      return {
        value: tf.batchNorm(input, mean, variance, shift, scale, this.epsilon),
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [savedInput, savedMean, savedInverseStd, savedScale] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
          const normalised = tf.mul(tf.sub(savedInput, savedMean), savedInverseStd);
          const shiftGradient = tf.sum(dy, axes);
          const scaleGradient = tf.sum(tf.mul(dy, normalised), axes);
          const centred = tf.sub(tf.sub(dy, tf.div(shiftGradient, count)), tf.mul(normalised, tf.div(scaleGradient, count)));
          return [tf.mul(centred, tf.mul(savedScale, savedInverseStd)), scaleGradient, shiftGradient];
        },
      };
    });
    return normalise(x, gamma, beta);
  }

  private updateMovingStatistics(mean: tf.Tensor, variance: tf.Tensor, count: number): void {
    const { movingMean, movingVariance } = this.weightsOf!;
    const unbiased = count > 1 ? count / (count - 1) : 1;
    tf.tidy(() => {
      movingMean.write(tf.add(tf.mul(movingMean.read(), this.momentum), tf.mul(mean, 1 - this.momentum)));
      movingVariance.write(tf.add(tf.mul(movingVariance.read(), this.momentum), tf.mul(variance, (1 - this.momentum) * unbiased)));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), momentum: this.momentum, epsilon: this.epsilon };
  }
}
tf.serialization.registerClass(BatchNorm);
