// TEMPLATE for a new activation: copy this file to activations/<name>.ts, then change what the
// comments ask for. Discovery skips files whose names start with '_' (src/plugins/discover.ts),
// so this one is never registered; it is still type-checked, so it stays a working example.
// The rules behind each field: docs/contributing.md §2.
//
// The example is x·σ(2x), a swish with β fixed at 2 (not a function actbench ships).
import * as tf from '@tensorflow/tfjs-core';
import { finiteBelow } from '../src/activation/composite-helpers.js';
import { defineActivation } from '../src/activation/define.js';
import { sigmoid32 } from '../src/activation/float32.js';

export default defineActivation({
  // Lowercase letters, digits, '.' and '-'; unique across every name and alias in activations/.
  name: 'template-swish-2',
  // Other spellings users may type (other libraries' names; underscores allowed here). May be empty.
  aliases: ['template_swish_2'],
  // Plain text, as `actbench activations` prints it.
  formula: 'x · σ(2x)',
  family: 'self-gated',
  // Describe the function itself; the tests do not derive these, so check each one by hand.
  properties: { boundedAbove: false, boundedBelow: true, monotonic: false, smooth: true, zeroAtZero: true, saturating: true },
  // The paper or library the function comes from.
  source: 'Ramachandran, Zoph & Le 2017 (swish with β = 2)',
  // true only for the 21 functions of E18 (docs/study.md §2); a test pins that list.
  inStudy: false,
  // float64 truth, used by the tests and `actbench activations eval --reference`. It must also give
  // the limits at ±Infinity (NaN where f has none): the fused kernels take their ±∞ outputs from
  // here. -∞·σ(-∞) would be NaN, so the limit -0 is spelled out.
  reference: (x) => (x === -Infinity ? -0 : x / (1 + Math.exp(-2 * x))),
  // Points where f is not differentiable, kept away from the gradient checks. None here.
  // kinks: [0],
  // tf ops with tfjs's own gradients: runs on every backend. It is called inside the caller's
  // tf.tidy, so intermediate tensors need no disposing; return a new tensor, never x itself, and
  // do not dispose x. NaN in must give NaN out (keepNaN in composite-helpers.ts restores it where
  // an op such as a clamp would swallow it); finiteBelow turns the -∞·0 above into the limit.
  composite: (x) => tf.mul(finiteBelow(x), tf.sigmoid(tf.mul(x, 2))),
  // Optional: one scalar forward and derivative, which the registry turns into one loop each way
  // on the cpu and wasm backends (src/activation/fused-kernel.ts). Right for finite x only (the
  // kernel supplies the limits at ±∞ from `reference`), NaN must propagate, and no branch on the
  // sign of x: write `x * +(x > 0)`, not `x > 0 ? x : 0`. The float32 helpers keep it within
  // float32 rounding of the reference.
  fused: {
    forward: (x) => x * sigmoid32(2 * x),
    // f'(x) = σ(2x) + 2x·σ(2x)(1 − σ(2x)) = s + 2y(1 − s), with y = f(x) as forward computed it.
    derivative: (x, y) => {
      const s = sigmoid32(2 * x);
      return s + 2 * y * (1 - s);
    },
  },
  // Optional: a WASM SIMD kernel pair `<kernel>_forward` / `<kernel>_backward` written in
  // src/backend/kernels/simd/activations.c and rebuilt with `npm run build:simd` (needs clang and lld).
  // simd: { kernel: 'template_swish_2' },
});
