// A plain copy of a tensor as an op with a gradient (a copy of dy): the memory-traffic floor
// that elementwise activations are compared with in the micro-benchmark.
import * as tf from '@tensorflow/tfjs-core';
import { elementwiseKernel, FUSED_BACKENDS } from '../activation/unary-op.js';

const COPY = 'Actbench_Copy';
let registered = false;

function register(): void {
  if (registered) return;
  registered = true;
  for (const backendName of FUSED_BACKENDS) {
    tf.registerKernel({ kernelName: COPY, backendName, kernelFunc: elementwiseKernel(backendName, (out, [x]) => out.set(x!)) });
  }
  tf.registerGradient({ kernelName: COPY, gradFunc: (dy) => ({ x: () => copyTensor(dy as tf.Tensor) }) });
}

/** Whether the backend has a real copy kernel; elsewhere the baseline is x + 0 (one read, one write). */
export function hasCopyKernel(backendName: string): boolean {
  return (FUSED_BACKENDS as readonly string[]).includes(backendName);
}

export function copyTensor(x: tf.Tensor): tf.Tensor {
  if (!hasCopyKernel(tf.getBackend())) return tf.add(x, 0);
  register();
  return tf.engine().runKernel(COPY, { x }) as tf.Tensor;
}
