// The wasm BatchMatMul with transposes routed through an explicit transpose: values against the
// stock cpu kernel for all four transpose cases on odd shapes (rank 2 and 3, batch 1 and more,
// broadcast batch), and gradients of matMul against the cpu backend's.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
// tfjs-layers' bundle registers the gradient functions of the core ops.
import '@tensorflow/tfjs-layers';
import { assertClose, randomValues, runRegistered } from './kernel-test-support.js';
import { FAST_KERNELS, registerTrainingKernels } from './index.js';
import { seededRandom } from '../../util/random.js';

interface Case {
  a: number[];
  b: number[];
  transposeA: boolean;
  transposeB: boolean;
}

/** Random sizes 1–70 (odd ones included), every transpose combination, rank 2 and rank 3. */
function randomCases(count: number, seed: number): Case[] {
  const random = seededRandom(seed);
  const size = () => 1 + Math.floor(random() * 70);
  const cases: Case[] = [];
  for (let n = 0; n < count; n++) {
    const [m, k, p] = [size(), size(), size()];
    const transposeA = n % 2 === 1;
    const transposeB = Math.floor(n / 2) % 2 === 1;
    const batch = n % 5 === 4 ? [1 + Math.floor(random() * 3)] : n % 3 === 2 ? [1] : [];
    // One in seven batched cases broadcasts b over a's batch.
    const batchB = batch.length > 0 && n % 7 === 6 ? [1] : batch;
    cases.push({ a: [...batch, ...(transposeA ? [k, m] : [m, k])], b: [...batchB, ...(transposeB ? [p, k] : [k, p])], transposeA, transposeB });
  }
  return cases;
}

describe('wasm BatchMatMul with transposes matches the stock cpu kernel', () => {
  before(() => registerTrainingKernels());

  it('is registered in front of the stock kernel', () => {
    assert.ok(FAST_KERNELS.some((w) => w.kernelName === 'BatchMatMul' && w.backendName === 'wasm'));
  });

  randomCases(24, 5).forEach((c, n) => {
    const label = `a [${c.a}]${c.transposeA ? 'ᵀ' : ''} · b [${c.b}]${c.transposeB ? 'ᵀ' : ''}`;
    it(label, async () => {
      const inputs = {
        a: { values: randomValues(c.a.reduce((x, y) => x * y, 1), 10 + n, 0), shape: c.a },
        b: { values: randomValues(c.b.reduce((x, y) => x * y, 1), 50 + n, 0), shape: c.b },
      };
      const attrs = { transposeA: c.transposeA, transposeB: c.transposeB };
      const want = await runRegistered('cpu', 'BatchMatMul', inputs, attrs);
      assertClose(await runRegistered('wasm', 'BatchMatMul', inputs, attrs), want, label, 1e-5);
    });
  });
});

describe('gradients of matMul on wasm match the cpu backend', () => {
  before(() => registerTrainingKernels());

  for (const [transposeA, transposeB] of [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ] as const) {
    it(`transposeA ${transposeA}, transposeB ${transposeB}`, async () => {
      const [m, k, p] = [13, 31, 7];
      const aShape = transposeA ? [k, m] : [m, k];
      const bShape = transposeB ? [p, k] : [k, p];
      const a = randomValues(m * k, 3, 0);
      const b = randomValues(k * p, 4, 0);
      const dy = randomValues(m * p, 6, 0);
      const grads = async (backend: string) => {
        await tf.setBackend(backend);
        return tf.tidy(() => {
          const f = (x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y, transposeA, transposeB);
          const [da, db] = tf.grads(f)([tf.tensor(a, aShape), tf.tensor(b, bShape)], tf.tensor(dy, [m, p]));
          return [{ values: da!.dataSync().slice(), shape: da!.shape }, { values: db!.dataSync().slice(), shape: db!.shape }];
        });
      };
      const want = await grads('cpu');
      const got = await grads('wasm');
      assertClose(got[0]!, want[0]!, 'dA', 1e-5);
      assertClose(got[1]!, want[1]!, 'dB', 1e-5);
    });
  }
});
