// A faster gradient of tf.max for the diagnostics probe, bit for bit the one tfjs registers.
//
// tfjs's Max gradient is dy · [x = max], the comparison broadcasting the max over the reduced
// axis. On the wasm backend a broadcasting Equal takes a slow generic path: in the document CNN's
// global max-pool over time ([8 examples, 100 tokens, 42 filters]) it took 6 of a snapshot's 13 ms
// (docs/performance.md). Expanding the max by a multiplication with ones first (exact: y · 1 = y,
// NaN and ±∞ included) lets Equal compare two tensors of one shape, which is ~10× faster; the
// mask, and so the gradient, is the same. The same pattern serves maxout, which reduces with max.
//
// It is swapped in only while the probe runs (the registry is global, the probe synchronous) and
// the registered one restored after, so training itself runs exactly the kernels it always ran.
import * as tf from '@tensorflow/tfjs-core';

const expandedMaxGradient: tf.GradConfig = {
  kernelName: tf.Max,
  inputsToSave: ['x'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, y] = saved as [tf.Tensor, tf.Tensor];
    const { reductionIndices } = attrs as unknown as { reductionIndices: number | number[] };
    const axes = tf.util.parseAxisParam(reductionIndices, x.shape);
    // The reduced shape with its axes kept as size 1, as tfjs's own gradient reshapes to.
    const kept = x.shape.map((size, axis) => (axes.includes(axis) ? 1 : size));
    return {
      x: () => {
        const gradient = tf.reshape(dy as tf.Tensor, kept);
        const expanded = tf.mul(tf.reshape(y, kept), tf.onesLike(x));
        return tf.mul(gradient, tf.cast(tf.equal(x, expanded), gradient.dtype));
      },
    };
  },
};

/** Runs `f` (synchronously) with the expanded Max gradient registered, then restores the one before. */
export function withProbeMaxGradient<T>(f: () => T): T {
  const registered = tf.getGradient(tf.Max);
  tf.registerGradient(expandedMaxGradient);
  try {
    return f();
  } finally {
    if (registered) tf.registerGradient(registered);
    else tf.unregisterGradient(tf.Max);
  }
}
