// The BatchMatMul kernels actbench puts in front of tfjs's: the WASM SIMD product (both backends)
// and, where the SIMD module does not load, the wasm transpose + XNNPACK route. Values against the
// stock cpu kernel for every transpose combination on odd shapes (rank 2 and 3, batch 1 and more,
// broadcast batch, sizes across the SIMD kernel's blocks), and gradients of matMul on both
// backends against a float64 reference.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
// tfjs-layers' bundle registers the gradient functions of the core ops.
import '@tensorflow/tfjs-layers';
import { assertClose, randomValues, runKernelFunc, runStockCpu, stockWasmKernel, type HostTensor } from './kernel-test-support.js';
import { FAST_KERNELS, registerTrainingKernels } from './index.js';
import { planMatMul, simdBatchMatMulKernel } from './batch-matmul-simd.js';
import { transposedBatchMatMulKernel } from './batch-matmul-transposed.js';
import { seededRandom } from '../../util/random.js';

interface Case {
  a: number[];
  b: number[];
  transposeA: boolean;
  transposeB: boolean;
}

/** Random sizes 1–`maxSize` (odd ones included), every transpose combination, rank 2 and rank 3. */
function randomCases(count: number, seed: number, maxSize: number): Case[] {
  const random = seededRandom(seed);
  const size = () => 1 + Math.floor(random() * maxSize);
  const cases: Case[] = [];
  for (let n = 0; n < count; n++) {
    const [m, k, p] = [size(), size(), size()];
    const transposeA = n % 2 === 1;
    const transposeB = Math.floor(n / 2) % 2 === 1;
    const batch = n % 5 === 4 ? [1 + Math.floor(random() * 3)] : n % 3 === 2 ? [1] : [];
    // One in seven batched cases broadcasts one operand over the other's batch.
    const broadcastB = batch.length > 0 && n % 7 === 6;
    const batchA = batch.length > 0 && n % 7 === 3 ? [1] : batch;
    const batchB = broadcastB ? [1] : batch;
    cases.push({
      a: [...batchA, ...(transposeA ? [k, m] : [m, k])],
      b: [...batchB, ...(transposeB ? [p, k] : [k, p])],
      transposeA,
      transposeB,
    });
  }
  return cases;
}

/** Cases across the SIMD kernel's cache blocks (256 deep, 128 wide) and its 8-column tiles. */
const BLOCK_CASES: Case[] = [
  { a: [5, 300], b: [300, 131], transposeA: false, transposeB: false },
  { a: [513, 9], b: [513, 17], transposeA: true, transposeB: false },
  { a: [7, 260], b: [129, 260], transposeA: false, transposeB: true },
  { a: [270, 6], b: [257, 270], transposeA: true, transposeB: true },
  { a: [2, 4, 0], b: [2, 0, 3], transposeA: false, transposeB: false },
];

function inputsFor(c: Case, n: number): Record<string, HostTensor> {
  return {
    a: {
      values: randomValues(
        c.a.reduce((x, y) => x * y, 1),
        10 + n,
        0,
      ),
      shape: c.a,
    },
    b: {
      values: randomValues(
        c.b.reduce((x, y) => x * y, 1),
        50 + n,
        0,
      ),
      shape: c.b,
    },
  };
}

const label = (c: Case) => `a [${c.a}]${c.transposeA ? 'ᵀ' : ''} · b [${c.b}]${c.transposeB ? 'ᵀ' : ''}`;

describe('BatchMatMul kernels match the stock cpu kernel', () => {
  before(() => registerTrainingKernels());

  it('the SIMD product is registered in front of both backends’ kernels', () => {
    for (const backendName of ['wasm', 'cpu'])
      assert.ok(FAST_KERNELS.some((w) => w.kernelName === 'BatchMatMul' && w.backendName === backendName));
  });

  it('leaves int32 and incompatible batches to the kernel it wraps', () => {
    const info = (shape: number[], dtype: 'float32' | 'int32' = 'float32') => ({ dataId: {}, shape, dtype });
    assert.equal(planMatMul(info([2, 3], 'int32'), info([3, 4], 'int32'), false, false), null);
    assert.equal(planMatMul(info([2, 1, 2, 3]), info([1, 2, 3, 4]), false, false), null);
    assert.deepEqual(planMatMul(info([3, 2, 5]), info([1, 5, 4]), false, false)?.outShape, [3, 2, 4]);
  });

  [...randomCases(24, 5, 70), ...BLOCK_CASES].forEach((c, n) => {
    it(label(c), async () => {
      const inputs = inputsFor(c, n);
      const attrs = { transposeA: c.transposeA, transposeB: c.transposeB };
      const want = await runStockCpu('BatchMatMul', inputs, attrs);
      for (const backendName of ['wasm', 'cpu'] as const) {
        const fallback = () => assert.fail('the SIMD kernel handed a float32 product to its fallback');
        assertClose(
          await runKernelFunc(backendName, simdBatchMatMulKernel(backendName, fallback), inputs, attrs),
          want,
          `SIMD on ${backendName}`,
          1e-5,
        );
      }
      assertClose(
        await runKernelFunc('wasm', transposedBatchMatMulKernel(stockWasmKernel('BatchMatMul')), inputs, attrs),
        want,
        'transpose + XNNPACK on wasm',
        1e-5,
      );
    });
  });
});

/** C = op(A)·op(B) in float64, for 2-D operands. */
function referenceProduct(
  a: Float32Array,
  aShape: number[],
  b: Float32Array,
  bShape: number[],
  transposeA: boolean,
  transposeB: boolean,
): Float64Array {
  const [m, k] = transposeA ? [aShape[1]!, aShape[0]!] : [aShape[0]!, aShape[1]!];
  const n = transposeB ? bShape[0]! : bShape[1]!;
  const at = (i: number, p: number) => (transposeA ? a[p * m + i]! : a[i * k + p]!);
  const bt = (p: number, j: number) => (transposeB ? b[j * k + p]! : b[p * n + j]!);
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) c[i * n + j]! += at(i, p) * bt(p, j);
  return c;
}

describe('gradients of matMul match a float64 reference', () => {
  before(() => registerTrainingKernels());

  for (const backendName of ['wasm', 'cpu']) {
    for (const [transposeA, transposeB] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      it(`${backendName}: transposeA ${transposeA}, transposeB ${transposeB}`, async () => {
        const [m, k, p] = [13, 31, 7];
        const aShape = transposeA ? [k, m] : [m, k];
        const bShape = transposeB ? [p, k] : [k, p];
        const a = randomValues(m * k, 3, 0);
        const b = randomValues(k * p, 4, 0);
        const dy = randomValues(m * p, 6, 0);
        await tf.setBackend(backendName);
        const [da, db] = tf.tidy(() => {
          const f = (x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y, transposeA, transposeB);
          return tf
            .grads(f)([tf.tensor(a, aShape), tf.tensor(b, bShape)], tf.tensor(dy, [m, p]))
            .map((g) => ({ values: g.dataSync().slice(), shape: g.shape }));
        });
        // dA = dY·op(B)ᵀ (transposed back when A came transposed), dB likewise.
        const wantA = transposeA
          ? referenceProduct(b, bShape, dy, [m, p], transposeB, true)
          : referenceProduct(dy, [m, p], b, bShape, false, !transposeB);
        const wantB = transposeB
          ? referenceProduct(dy, [m, p], a, aShape, true, transposeA)
          : referenceProduct(a, aShape, dy, [m, p], !transposeA, false);
        assertClose(da!, { values: wantA, shape: aShape }, 'dA', 1e-5);
        assertClose(db!, { values: wantB, shape: bShape }, 'dB', 1e-5);
      });
    }
  }
});
