// Equal on wasm against tfjs-wasm's own kernel, to the bit: same shapes and every kind of
// broadcast (a middle axis as in a max reduction's gradient, a trailing axis, a lower rank, a
// scalar, both operands broadcast), sizes that are not multiples of sixteen, many ties, NaN
// (equal to nothing) and ±∞; int32 goes to the wrapped kernel.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { runKernelFunc, stockWasmKernel, type HostTensor } from './kernel-test-support.js';
import { broadcastInto, equalMaskKernel } from './equal-mask.js';
import { registerTrainingKernels } from './index.js';
import { seededRandom } from '../../util/random.js';

const unused: KernelFunc = () => assert.fail('a float32 Equal went to the fallback');

/** Values from a small set, so that about a quarter of the pairs are equal; NaN and ±∞ among them. */
function values(shape: number[], seed: number): HostTensor {
  const random = seededRandom(seed);
  const pool = [-1.5, 0, 2.25, 7, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0];
  const n = shape.reduce((a, b) => a * b, 1);
  return { values: Float32Array.from({ length: n }, () => pool[Math.floor(random() * (random() < 0.9 ? 4 : 8))]!), shape };
}

const CASES: [number[], number[]][] = [
  [[37], [37]],
  [
    [3, 4, 33],
    [3, 4, 33],
  ],
  [
    [6, 41, 10],
    [6, 1, 10],
  ],
  [
    [6, 1, 10],
    [6, 41, 10],
  ],
  [
    [5, 7],
    [5, 1],
  ],
  [[2, 3, 17], [17]],
  [[], [4, 19]],
  [
    [9, 1],
    [1, 13],
  ],
];

describe('Equal on wasm', () => {
  before(() => registerTrainingKernels());

  CASES.forEach(([aShape, bShape], i) => {
    it(`[${aShape}] = [${bShape}]`, async () => {
      const inputs = { a: values(aShape, 10 + i), b: values(bShape, 30 + i) };
      const want = await runKernelFunc('wasm', stockWasmKernel('Equal'), inputs, {});
      const got = await runKernelFunc('wasm', equalMaskKernel(unused), inputs, {});
      assert.deepEqual(got, want);
      assert.ok(Array.from(want.values).some((v) => v === 1) && Array.from(want.values).some((v) => v === 0), 'both outcomes occur');
    });
  });

  it('broadcastInto copies blocks of the trailing axes that are not broadcast', () => {
    const to = new Float32Array(12);
    broadcastInto(Float32Array.from([1, 2, 3]), [3, 1], to, [2, 3, 2]);
    assert.deepEqual(Array.from(to), [1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3]);
    broadcastInto(Float32Array.from([1, 2]), [2], to, [2, 3, 2]);
    assert.deepEqual(Array.from(to), [1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2]);
  });

  it('int32 goes to the wrapped kernel', () => {
    let called = false;
    const fallback: KernelFunc = (args) => {
      called = true;
      return args.inputs['a'] as TensorInfo;
    };
    const a: TensorInfo = { dataId: {}, shape: [2], dtype: 'int32' };
    equalMaskKernel(fallback)({ inputs: { a, b: a }, backend: {} as never, attrs: {} });
    assert.ok(called);
  });
});
