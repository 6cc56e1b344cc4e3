// Reverse and GatherV2 as block copies against tfjs-cpu's stock kernels: random shapes of rank
// 0–4, every subset of reversed axes, gathers along each axis with repeated indices and index
// tensors of rank 0–2; bool goes to the wrapped kernel; an index out of range is an error.
// Identity on wasm shares data and frees it with the last reference.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc } from '@tensorflow/tfjs-core';
import { assertClose, randomValues, runKernelFunc, runStockCpu } from './kernel-test-support.js';
import { gatherKernel, reverseKernel } from './block-copy.js';
import { registerTrainingKernels } from './index.js';
import { seededRandom } from '../../util/random.js';

const BACKENDS = ['wasm', 'cpu'] as const;
const unused: KernelFunc = () => assert.fail('a numeric input went to the fallback');

function randomShape(random: () => number, rank: number): number[] {
  return Array.from({ length: rank }, () => 1 + Math.floor(random() * 5));
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

describe('Reverse as block copies matches tfjs-cpu', () => {
  const random = seededRandom(3);
  for (let rank = 0; rank <= 4; rank++) {
    for (let subset = 0; subset < 1 << rank; subset++) {
      const shape = randomShape(random, rank);
      const dims = Array.from({ length: rank }, (_, d) => d).filter((d) => subset & (1 << d));
      it(`[${shape}] reversed along [${dims}]`, async () => {
        for (const dtype of ['float32', 'int32'] as const) {
          const values =
            dtype === 'int32'
              ? Int32Array.from(randomValues(size(shape), subset + rank, 0), (v) => Math.round(v * 100))
              : randomValues(size(shape), subset + rank, 0);
          const inputs = { x: { values, shape, dtype } };
          const want = await runStockCpu('Reverse', inputs, { dims });
          for (const backend of BACKENDS)
            assertClose(await runKernelFunc(backend, reverseKernel(backend, unused), inputs, { dims }), want, `${dtype} on ${backend}`, 0);
        }
      });
    }
  }

  it('accepts a negative axis', async () => {
    const inputs = { x: { values: randomValues(24, 9, 0), shape: [2, 3, 4] } };
    const want = await runStockCpu('Reverse', inputs, { dims: [2] });
    assertClose(await runKernelFunc('wasm', reverseKernel('wasm', unused), inputs, { dims: [-1] }), want, 'axis −1', 0);
  });

  it('hands bool to the kernel it wraps', async () => {
    let called = false;
    const fallback: KernelFunc = (args) => {
      called = true;
      return args.inputs['x']!;
    };
    await runKernelFunc(
      'cpu',
      reverseKernel('cpu', fallback),
      { x: { values: [1, 0], shape: [2], dtype: 'bool' as never } },
      { dims: [0] },
    ).catch(() => undefined);
    assert.ok(called);
  });
});

describe('GatherV2 as block copies matches tfjs-cpu', () => {
  const random = seededRandom(8);
  for (let rank = 1; rank <= 4; rank++) {
    for (let axis = 0; axis < rank; axis++) {
      for (const indexRank of [0, 1, 2]) {
        const shape = randomShape(random, rank);
        const indexShape = randomShape(random, indexRank);
        // Repeats included: more picks than the axis has entries.
        const picks = Array.from({ length: size(indexShape) }, () => Math.floor(random() * shape[axis]!));
        it(`[${shape}] along ${axis} by indices [${indexShape}]`, async () => {
          const inputs = {
            x: { values: randomValues(size(shape), rank * 10 + axis, 0), shape },
            indices: { values: picks, shape: indexShape, dtype: 'int32' as const },
          };
          const attrs = { axis, batchDims: 0 };
          const want = await runStockCpu('GatherV2', inputs, attrs);
          for (const backend of BACKENDS)
            assertClose(await runKernelFunc(backend, gatherKernel(backend, unused), inputs, attrs), want, backend, 0);
        });
      }
    }
  }

  it('rejects an index out of range with the value and the range', async () => {
    const inputs = {
      x: { values: randomValues(6, 1, 0), shape: [3, 2] },
      indices: { values: [0, 3], shape: [2], dtype: 'int32' as const },
    };
    for (const backend of BACKENDS) {
      await assert.rejects(
        runKernelFunc(backend, gatherKernel(backend, unused), inputs, { axis: 0, batchDims: 0 }),
        /index value 3 is not in \[0, 2\]/,
      );
    }
  });
});

describe('Identity on wasm shares the data', () => {
  it('a clone reads the same values, costs no memory, and frees it with the last reference', async () => {
    registerTrainingKernels();
    assert.ok(await tf.setBackend('wasm'));
    const before = tf.backend().numDataIds();
    const x = tf.tensor([1, 2, 3, 4], [2, 2]);
    const bytesBefore = tf.memory().numBytes;
    const y = tf.clone(x);
    assert.equal(tf.backend().numDataIds(), before + 1, 'the clone allocated no data of its own');
    assert.ok(tf.memory().numBytes >= bytesBefore);
    x.dispose();
    assert.deepEqual(Array.from(y.dataSync()), [1, 2, 3, 4], 'the clone outlives the original');
    y.dispose();
    assert.equal(tf.backend().numDataIds(), before, 'the data is freed with the last reference');
  });

  it('a cast to the same dtype shares the data too, and other casts still convert', async () => {
    registerTrainingKernels();
    assert.ok(await tf.setBackend('wasm'));
    const before = tf.backend().numDataIds();
    const x = tf.tensor([1.5, -2, 3, 0], [2, 2]);
    const same = tf.cast(x, 'float32');
    assert.equal(tf.backend().numDataIds(), before + 1, 'the cast allocated no data of its own');
    const toInt = tf.cast(x, 'int32');
    assert.equal(tf.backend().numDataIds(), before + 2, 'a real cast has data of its own');
    x.dispose();
    assert.deepEqual(Array.from(same.dataSync()), [1.5, -2, 3, 0], 'the shared cast outlives the original');
    assert.equal(toInt.dtype, 'int32');
    assert.deepEqual(Array.from(toInt.dataSync()), [1, -2, 3, 0]);
    tf.dispose([same, toInt]);
    assert.equal(tf.backend().numDataIds(), before, 'the data is freed with the last reference');
  });

  it('a variable assigned after a clone leaves the clone as it was', async () => {
    registerTrainingKernels();
    assert.ok(await tf.setBackend('wasm'));
    const v = tf.variable(tf.tensor([1, 2]));
    const snapshot = tf.clone(v);
    v.assign(tf.tensor([5, 6]));
    assert.deepEqual(Array.from(snapshot.dataSync()), [1, 2]);
    tf.dispose([v, snapshot]);
  });
});
