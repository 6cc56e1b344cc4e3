// An orthogonal kernel initializer that works here. tfjs-layers' own Orthogonal cannot be used: its
// apply() calls chained tensor methods (rMat.flatten(), .sign()) that the tfjs-core Node bundle
// does not install, so it throws, and its QR (tf.linalg.qr) takes ~7 s for a 500×500 kernel on
// WASM. ActbenchOrthogonal computes the same distribution (Keras's: Q of the QR of a Gaussian
// matrix, signs fixed by diag(R), shape flattened to [prod(shape[:-1]), shape[-1]]) in float64 JS,
// and is registered under its own class name so a saved model never names the broken class
// (loading rebuilds layers, running their initializers).
//
// It lives with the layer plumbing of src/activation rather than with the model builders that
// mostly use it, because the activation layers resolve initializer names too (common.ts) and
// activations must not depend on models (docs/contributing.md §1).
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Orthogonal } from '@tensorflow/tfjs-layers/dist/initializers.js';

// tfjs-layers exports initializer factories, not classes; the class is reached through an instance.
const TfjsOrthogonal = tfl.initializers.orthogonal({}).constructor as typeof Orthogonal;

/**
 * The matrix with orthonormal columns (rows, when rows < cols) that Gram-Schmidt makes of a
 * Gaussian [max, min] matrix, row-major [rows, cols]. Gram-Schmidt's R has a positive diagonal,
 * so its Q is exactly Householder's Q·sign(diag R).
 */
function orthonormal(rows: number, cols: number, seed: number | undefined): Float32Array {
  const tall = Math.max(rows, cols);
  const wide = Math.min(rows, cols);
  const gaussian = tf.tidy(() => tf.randomNormal([wide, tall], 0, 1, 'float32', seed).dataSync());
  // One vector of length `tall` per column of the [tall, wide] matrix, orthonormalised in place
  // (modified Gram-Schmidt: float64 keeps a Gaussian matrix's loss of orthogonality near 1e-13).
  const columns = Array.from({ length: wide }, (_, j) => Float64Array.from(gaussian.subarray(j * tall, (j + 1) * tall)));
  for (let j = 0; j < wide; j++) {
    const q = columns[j]!;
    let norm = 0;
    for (let i = 0; i < tall; i++) norm += q[i]! * q[i]!;
    norm = Math.sqrt(norm);
    for (let i = 0; i < tall; i++) q[i]! /= norm;
    for (let k = j + 1; k < wide; k++) {
      const v = columns[k]!;
      let dot = 0;
      for (let i = 0; i < tall; i++) dot += q[i]! * v[i]!;
      for (let i = 0; i < tall; i++) v[i]! -= dot * q[i]!;
    }
  }
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[r * cols + c] = rows >= cols ? columns[c]![r]! : columns[r]![c]!;
  }
  return out;
}

export class ActbenchOrthogonal extends TfjsOrthogonal {
  static override className = 'ActbenchOrthogonal';

  override apply(shape: tfl.Shape, dtype?: tf.DataType): tf.Tensor {
    if (shape.length < 2) throw new Error(`orthogonal initializer: shape must be at least 2-D, got [${shape.join(', ')}]`);
    if (dtype !== undefined && dtype !== 'float32') throw new Error(`orthogonal initializer: only float32 weights, got ${dtype}`);
    const dims = shape.map((d) => {
      if (d === null || d === undefined) throw new Error(`orthogonal initializer: shape must be fully known, got [${shape.join(', ')}]`);
      return d;
    });
    const cols = dims[dims.length - 1]!;
    const rows = dims.slice(0, -1).reduce((a, b) => a * b, 1);
    const values = orthonormal(rows, cols, this.seed);
    if (this.gain !== 1) for (let i = 0; i < values.length; i++) values[i]! *= this.gain;
    return tf.tensor(values, dims, 'float32');
  }
}
tf.serialization.registerClass(ActbenchOrthogonal);
