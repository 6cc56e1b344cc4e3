// Winograd F(2×2, 3×3) against tfjs-cpu's direct Conv2D and Conv2DBackpropFilter: 'same' and 'valid' padding, explicit
// uneven padding (as the input gradient's rewrite passes it), odd output sizes (tiles clipped at
// the bottom and right), more tiles than one block holds, channel counts 4 to 64, both backends;
// what it does not take goes to the wrapped kernel.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import type { Conv2DAttrs, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { assertClose, randomValues, runKernelFunc, runStockCpu, type HostTensor } from './kernel-test-support.js';
import {
  winogradConv2dBackpropFilterKernel,
  winogradConv2dKernel,
  winogradFusedConv2dKernel,
  winogradGeometry,
} from './conv2d-winograd.js';
import { registerTrainingKernels } from './index.js';

const unused: KernelFunc = () => assert.fail('a Winograd convolution went to the fallback');

interface Case {
  x: [number, number, number, number];
  outChannels: number;
  pad: Conv2DAttrs['pad'];
}

function convInputs(c: Case, seed: number): { inputs: Record<string, HostTensor>; attrs: NamedAttrMap } {
  const filterShape = [3, 3, c.x[3], c.outChannels];
  return {
    inputs: {
      x: {
        values: randomValues(
          c.x.reduce((a, b) => a * b, 1),
          seed,
          0.2,
        ),
        shape: c.x,
      },
      filter: {
        values: randomValues(
          filterShape.reduce((a, b) => a * b, 1),
          seed + 1,
          0,
        ),
        shape: filterShape,
      },
    },
    attrs: { strides: 1, pad: c.pad, dilations: 1, dataFormat: 'NHWC' } as unknown as NamedAttrMap,
  };
}

const CASES: Case[] = [
  { x: [2, 8, 8, 4], outChannels: 8, pad: 'same' },
  { x: [1, 7, 5, 8], outChannels: 12, pad: 'same' },
  { x: [3, 9, 6, 4], outChannels: 4, pad: 'valid' },
  {
    x: [1, 6, 7, 8],
    outChannels: 4,
    pad: [
      [0, 0],
      [2, 0],
      [0, 1],
      [0, 0],
    ],
  },
  { x: [2, 16, 16, 32], outChannels: 32, pad: 'same' },
  { x: [1, 10, 12, 64], outChannels: 20, pad: 'same' },
];

describe('Conv2D as Winograd F(2×2, 3×3)', () => {
  before(() => registerTrainingKernels());

  CASES.forEach((c, i) => {
    it(`x [${c.x}] ⊛ 3×3×${c.x[3]}×${c.outChannels}, pad ${JSON.stringify(c.pad)}`, async () => {
      const { inputs, attrs } = convInputs(c, 40 + 2 * i);
      const want = await runStockCpu('Conv2D', inputs, attrs);
      // The transforms round differently from the direct sum: a few float32 ulps of the largest output.
      assertClose(await runKernelFunc('cpu', winogradConv2dKernel('cpu', unused), inputs, attrs), want, 'cpu', 1e-6);
      assertClose(await runKernelFunc('wasm', winogradConv2dKernel('wasm', unused), inputs, attrs), want, 'wasm', 1e-6);
    });
  });

  CASES.forEach((c, i) => {
    it(`filter gradient of x [${c.x}] ⊛ 3×3×${c.x[3]}×${c.outChannels}, pad ${JSON.stringify(c.pad)}`, async () => {
      const { inputs, attrs } = convInputs(c, 70 + 2 * i);
      // dy has the forward output's shape; the stock cpu Conv2D says what that is.
      const y = await runStockCpu('Conv2D', inputs, attrs);
      const dy = { values: randomValues(y.values.length, 90 + i, 0), shape: y.shape };
      const gradInputs = { x: inputs['x']!, dy };
      const gradAttrs = { ...attrs, filterShape: inputs['filter']!.shape } as unknown as NamedAttrMap;
      const want = await runStockCpu('Conv2DBackpropFilter', gradInputs, gradAttrs);
      // Sums over every position of the batch: float32 accumulation in another order.
      assertClose(await runKernelFunc('cpu', winogradConv2dBackpropFilterKernel('cpu', unused), gradInputs, gradAttrs), want, 'cpu', 1e-5);
      assertClose(
        await runKernelFunc('wasm', winogradConv2dBackpropFilterKernel('wasm', unused), gradInputs, gradAttrs),
        want,
        'wasm',
        1e-5,
      );
    });
  });

  it('FusedConv2D without bias, linear, is the same convolution; with a bias or an activation it is the wrapped kernel’s', async () => {
    const { inputs, attrs } = convInputs(CASES[1]!, 60);
    const fusedAttrs = { ...attrs, activation: 'linear' } as unknown as NamedAttrMap;
    const want = await runStockCpu('FusedConv2D', inputs, fusedAttrs);
    assertClose(await runKernelFunc('wasm', winogradFusedConv2dKernel('wasm', unused), inputs, fusedAttrs), want, 'wasm', 1e-6);
    let fellBack = 0;
    const fallback: KernelFunc = (args) => {
      fellBack++;
      return args.inputs['x'] as TensorInfo;
    };
    const kernel = winogradFusedConv2dKernel('cpu', fallback);
    const x: TensorInfo = { dataId: {}, shape: [1, 8, 8, 4], dtype: 'float32' };
    const filter: TensorInfo = { ...x, shape: [3, 3, 4, 4] };
    kernel({ inputs: { x, filter, bias: { ...x, shape: [4] } }, backend: {} as never, attrs: fusedAttrs });
    kernel({ inputs: { x, filter }, backend: {} as never, attrs: { ...fusedAttrs, activation: 'relu' } });
    assert.equal(fellBack, 2);
  });

  it('leaves other filters, strides, dilations, channel counts and NCHW to the wrapped kernel', () => {
    const attrs = (over: Partial<Conv2DAttrs> = {}): Conv2DAttrs => ({
      strides: 1,
      pad: 'same',
      dilations: 1,
      dataFormat: 'NHWC',
      ...over,
    });
    assert.ok(winogradGeometry([1, 8, 8, 4], [3, 3, 4, 4], attrs()));
    assert.equal(winogradGeometry([1, 8, 8, 4], [5, 5, 4, 4], attrs()), null);
    assert.equal(winogradGeometry([1, 8, 8, 4], [1, 3, 4, 4], attrs()), null);
    assert.equal(winogradGeometry([1, 8, 8, 4], [3, 3, 4, 4], attrs({ strides: 2 })), null);
    assert.equal(winogradGeometry([1, 8, 8, 4], [3, 3, 4, 4], attrs({ dilations: 2 })), null);
    assert.equal(winogradGeometry([1, 8, 8, 3], [3, 3, 3, 4], attrs()), null);
    assert.equal(winogradGeometry([1, 8, 8, 4], [3, 3, 4, 6], attrs()), null);
    assert.equal(winogradGeometry([1, 4, 8, 8], [3, 3, 4, 4], attrs({ dataFormat: 'NCHW' })), null);
    let fellBack = 0;
    const fallback: KernelFunc = () => {
      fellBack++;
      return {} as TensorInfo;
    };
    const int32: TensorInfo = { dataId: {}, shape: [1, 8, 8, 4], dtype: 'int32' };
    winogradConv2dKernel(
      'cpu',
      fallback,
    )({ inputs: { x: int32, filter: { ...int32, shape: [3, 3, 4, 4] } }, backend: {} as never, attrs: attrs() as never });
    winogradConv2dBackpropFilterKernel(
      'cpu',
      fallback,
    )({
      inputs: { x: int32, dy: int32 },
      backend: {} as never,
      attrs: { ...attrs(), filterShape: [3, 3, 4, 4] } as never,
    });
    assert.equal(fellBack, 2);
  });
});
