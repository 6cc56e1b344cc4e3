// Sum over leading axes as column sums, against each backend's stock Sum to the bit (float32 in row
// order on wasm, float64 rounded once on cpu): random shapes of rank 1–4, every set of leading axes
// that keeps one, keepDims both ways, negative axes; other reductions and int32 go to the wrapped
// kernel.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import type { KernelFunc } from '@tensorflow/tfjs-core';
import { randomValues, runKernelFunc, runStockCpu, stockWasmKernel } from './kernel-test-support.js';
import { columnSumKernel, leadingAxesSum } from './column-sum.js';
import { registerTrainingKernels } from './index.js';
import { seededRandom } from '../../util/random.js';

const unused: KernelFunc = () => assert.fail('a leading-axes float32 sum went to the fallback');

describe('Sum over leading axes', () => {
  before(() => registerTrainingKernels());

  it('takes only leading axes that leave one axis', () => {
    assert.deepEqual(leadingAxesSum([4, 3, 2], [0, 1]), { rows: 12, columns: 2 });
    assert.deepEqual(leadingAxesSum([4, 3, 2], [1, 0]), { rows: 12, columns: 2 });
    assert.equal(leadingAxesSum([4, 3, 2], [1]), null);
    assert.equal(leadingAxesSum([4, 3, 2], [0, 1, 2]), null);
    assert.equal(leadingAxesSum([4, 3, 2], []), null);
  });

  const random = seededRandom(12);
  for (let rank = 2; rank <= 4; rank++) {
    for (let leading = 1; leading < rank; leading++) {
      for (const keepDims of [false, true]) {
        // Random sizes 1–9 per axis (odd widths included); a conv-like case with many rows follows.
        const shape = Array.from({ length: rank }, () => 1 + Math.floor(random() * 9));
        const axis = Array.from({ length: leading }, (_, i) => (i === 0 && rank > 2 ? i - rank : i));
        it(`[${shape}] over [${axis}], keepDims ${keepDims}`, async () => {
          const inputs = {
            x: {
              values: randomValues(
                shape.reduce((a, b) => a * b, 1),
                rank * 10 + leading,
                0,
              ),
              shape,
            },
          };
          const attrs = { axis, keepDims };
          const wantCpu = await runStockCpu('Sum', inputs, attrs);
          const gotCpu = await runKernelFunc('cpu', columnSumKernel('cpu', unused), inputs, attrs);
          assert.deepEqual(gotCpu, wantCpu, 'cpu');
          const wantWasm = await runKernelFunc('wasm', stockWasmKernel('Sum'), inputs, attrs);
          const gotWasm = await runKernelFunc('wasm', columnSumKernel('wasm', unused), inputs, attrs);
          assert.deepEqual(gotWasm, wantWasm, 'wasm');
        });
      }
    }
  }

  it('a conv bias gradient: 64·9·9 positions × 13 channels', async () => {
    const shape = [64, 9, 9, 13];
    const inputs = {
      x: {
        values: randomValues(
          shape.reduce((a, b) => a * b, 1),
          3,
          0,
        ),
        shape,
      },
    };
    const attrs = { axis: [0, 1, 2], keepDims: false };
    assert.deepEqual(
      await runKernelFunc('wasm', columnSumKernel('wasm', unused), inputs, attrs),
      await runKernelFunc('wasm', stockWasmKernel('Sum'), inputs, attrs),
    );
    assert.deepEqual(await runKernelFunc('cpu', columnSumKernel('cpu', unused), inputs, attrs), await runStockCpu('Sum', inputs, attrs));
  });

  it('hands other reductions and int32 to the kernel it wraps', async () => {
    let calls = 0;
    const fallback: KernelFunc = (args) => {
      calls++;
      return stockWasmKernel('Sum')(args);
    };
    const x = { values: randomValues(24, 5, 0), shape: [2, 3, 4] };
    await runKernelFunc('wasm', columnSumKernel('wasm', fallback), { x }, { axis: [2], keepDims: false });
    await runKernelFunc(
      'wasm',
      columnSumKernel('wasm', fallback),
      { x: { values: [1, 2, 3, 4], shape: [2, 2], dtype: 'int32' as const } },
      { axis: [0], keepDims: false },
    );
    assert.equal(calls, 2);
  });
});
