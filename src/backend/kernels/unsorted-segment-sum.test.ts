import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import type { NamedAttrMap } from '@tensorflow/tfjs-core';
import { assertClose, randomValues, runRegistered, runStockCpu, type HostTensor } from './kernel-test-support.js';
import { registerTrainingKernels } from './index.js';

function ids(n: number, numSegments: number, seed: number): Int32Array {
  const r = randomValues(n, seed, 0);
  return Int32Array.from(r, (u) => Math.floor(((u + 1) / 2) * numSegments));
}

const CASES: { name: string; x: HostTensor; segmentIds: HostTensor; numSegments: number }[] = [
  {
    name: 'embedding gradient (rows of 5)',
    x: { values: randomValues(12 * 5, 1), shape: [12, 5] },
    segmentIds: { values: ids(12, 7, 2), shape: [12], dtype: 'int32' },
    numSegments: 7,
  },
  {
    name: 'rank-3 rows, repeated ids, unused segments',
    x: { values: randomValues(9 * 2 * 3, 3), shape: [9, 2, 3] },
    segmentIds: { values: ids(9, 4, 4), shape: [9], dtype: 'int32' },
    numSegments: 11,
  },
  {
    name: 'rank-1 x',
    x: { values: randomValues(10, 5), shape: [10] },
    segmentIds: { values: ids(10, 3, 6), shape: [10], dtype: 'int32' },
    numSegments: 3,
  },
  {
    name: 'int32 x',
    x: { values: Int32Array.from([1, 2, 3, 4, 5, 6]), shape: [3, 2], dtype: 'int32' },
    segmentIds: { values: Int32Array.from([2, 0, 2]), shape: [3], dtype: 'int32' },
    numSegments: 3,
  },
];

describe('UnsortedSegmentSum matches the stock cpu kernel', () => {
  before(() => registerTrainingKernels());
  for (const c of CASES) {
    it(c.name, async () => {
      const inputs = { x: c.x, segmentIds: c.segmentIds };
      const attrs = { numSegments: c.numSegments } as NamedAttrMap;
      const want = await runStockCpu('UnsortedSegmentSum', inputs, attrs);
      for (const backend of ['cpu', 'wasm'])
        assertClose(await runRegistered(backend, 'UnsortedSegmentSum', inputs, attrs), want, `${c.name} / ${backend}`, 1e-6);
    });
  }

  it('drops ids outside [0, numSegments) instead of writing out of bounds', async () => {
    const inputs = {
      x: { values: [1, 2, 3, 4], shape: [4, 1] },
      segmentIds: { values: Int32Array.from([-1, 0, 5, 1]), shape: [4], dtype: 'int32' as const },
    };
    for (const backend of ['cpu', 'wasm']) {
      const got = await runRegistered(backend, 'UnsortedSegmentSum', inputs, { numSegments: 2 });
      assert.deepEqual(Array.from(got.values), [2, 4], backend);
    }
  });
});
