// Small tensor helpers shared by composite (tf-ops) activation implementations.
import * as tf from '@tensorflow/tfjs-core';
import { FLT_MAX } from './float32.js';

/**
 * x with -∞ replaced by -FLT_MAX: in x·g(x) forms with g(-∞) = 0 this turns -∞·0 = NaN into the
 * limit -0, and the gradient there becomes 0 (the limit) instead of NaN.
 */
export function finiteBelow(x: tf.Tensor): tf.Tensor {
  return tf.maximum(x, -FLT_MAX);
}

/** x clipped to ±FLT_MAX, for terms that are undefined at ±∞ (cos, sin) but bounded. */
export function finite(x: tf.Tensor): tf.Tensor {
  return tf.clipByValue(x, -FLT_MAX, FLT_MAX);
}

// isNaN is piecewise constant, so its gradient is zero; tfjs registers none and would refuse to
// differentiate through keepNaN below.
if (!tf.getGradient(tf.IsNan)) {
  tf.registerGradient({ kernelName: tf.IsNan, gradFunc: (dy) => ({ x: () => tf.zerosLike(dy as tf.Tensor) }) });
}

/**
 * y, with NaN wherever x is NaN. tfjs-wasm's clamp kernels (ClipByValue, Relu6) turn NaN into a
 * bound; a NaN that disappears inside an activation would hide a diverged training run.
 */
export function keepNaN(x: tf.Tensor, y: tf.Tensor): tf.Tensor {
  return tf.where(tf.isNaN(x), x, y);
}
