// Turns an activation's scalar forward/derivative pair into two JS-loop kernels (one pass each)
// for the pure-JS and WASM backends, with the backward kernel registered as the gradient.
import type * as tf from '@tensorflow/tfjs-core';
import { FLT_MAX } from './float32.js';
import type { FusedScalar } from './types.js';
import { elementwiseKernel, registerUnaryOp, type InfiniteLimits } from './unary-op.js';

type Loop1 = (x: Float32Array, y: Float32Array) => void;
type Loop2 = (x: Float32Array, y: Float32Array, dy: Float32Array, dx: Float32Array) => void;

// Infinite inputs take the function's limits (from its float64 reference) so scalar forms only need
// to be right for finite x; the derivative at ±∞ is taken at ±FLT_MAX (x and y alike, so that
// y·(1 − σ) stays 0 instead of ∞·0). The tests on ±∞ are predictable
// branches. NaN passes through to the scalar functions, which propagate it.
const FORWARD_LOOP = `return function forward(x, y) {
  const n = x.length;
  for (let i = 0; i < n; i++) { const v = x[i]; y[i] = v === Infinity ? limits.pos : v === -Infinity ? limits.neg : f(v); }
};`;
const BACKWARD_LOOP = `return function backward(x, y, dy, dx) {
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const v = x[i], w = y[i];
    dx[i] = dy[i] * f(v === Infinity ? ${FLT_MAX} : v === -Infinity ? ${-FLT_MAX} : v, w === Infinity ? ${FLT_MAX} : w === -Infinity ? ${-FLT_MAX} : w);
  }
};`;

/**
 * V8 keeps type feedback per function *source*: one shared loop calling many different scalar
 * functions becomes megamorphic and runs 5-15× slower. Compiling the fixed loop text once per
 * activation (the name in a comment keeps V8's compilation cache from handing back a shared copy)
 * gives each activation its own loop with its scalar function inlined. Only `fn` varies, the
 * source text is a constant of this module.
 */
function stampLoop<T>(loopSource: string, kernelName: string, fn: unknown, limits: InfiniteLimits): T {
  if (!/^[A-Za-z0-9_]+$/.test(kernelName)) throw new Error(`invalid kernel name '${kernelName}'`);
  return new Function('f', 'limits', `/* ${kernelName} */ ${loopSource}`)(fn, limits) as T;
}

const registered = new Map<string, (x: tf.Tensor) => tf.Tensor>();

/** Registers (once) and returns the JS fused op for an activation. */
export function fusedOp(activationName: string, scalar: FusedScalar, limits: InfiniteLimits): (x: tf.Tensor) => tf.Tensor {
  const existing = registered.get(activationName);
  if (existing) return existing;
  const kernelName = `Actbench_${activationName.replace(/[^A-Za-z0-9]/g, '_')}`;
  const forward = stampLoop<Loop1>(FORWARD_LOOP, kernelName, scalar.forward, limits);
  const backward = stampLoop<Loop2>(BACKWARD_LOOP, `${kernelName}_Grad`, scalar.derivative, limits);
  const op = registerUnaryOp(kernelName, (backendName) => ({
    forward: elementwiseKernel(backendName, (out, [x]) => forward(x!, out)),
    backward: elementwiseKernel(backendName, (out, [x, y, dy]) => backward(x!, y!, dy!, out)),
  }));
  registered.set(activationName, op);
  return op;
}
