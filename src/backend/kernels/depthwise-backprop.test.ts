import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { backend_util } from '@tensorflow/tfjs-core';
import type { NamedAttrMap } from '@tensorflow/tfjs-core';
import { assertClose, randomValues, runRegistered, runStockCpu } from './kernel-test-support.js';
import type { Padding, Shape4D } from './conv-geometry.js';
import { registerTrainingKernels } from './index.js';

interface Case {
  name: string;
  x: Shape4D;
  filter: Shape4D;
  strides: number | [number, number];
  dilations: number | [number, number];
  pad: Padding;
}

const CASES: Case[] = [
  { name: '3×3 multiplier 1 same', x: [2, 6, 5, 3], filter: [3, 3, 3, 1], strides: 1, dilations: 1, pad: 'same' },
  { name: '3×3 multiplier 2 stride 2 valid', x: [2, 7, 6, 3], filter: [3, 3, 3, 2], strides: 2, dilations: 1, pad: 'valid' },
  { name: '2×3 strides [2,1] same', x: [1, 6, 5, 4], filter: [2, 3, 4, 3], strides: [2, 1], dilations: 1, pad: 'same' },
  { name: 'dilation 2 same', x: [2, 7, 7, 2], filter: [3, 3, 2, 2], strides: 1, dilations: 2, pad: 'same' },
  {
    name: 'explicit padding',
    x: [1, 5, 6, 2],
    filter: [3, 2, 2, 2],
    strides: 1,
    dilations: 1,
    pad: [
      [0, 0],
      [2, 1],
      [0, 1],
      [0, 0],
    ],
  },
];

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

/**
 * Both gradients are adjoints of the forward op, which is bilinear: ⟨dy, conv(x, w)⟩ = ⟨dW, w⟩ =
 * ⟨dx, x⟩. This checks them against the stock forward kernel, which (unlike the stock backprops,
 * which ignore dilations) handles every attribute.
 */
async function assertAdjoint(
  c: Case,
  x: Float32Array,
  w: Float32Array,
  dy: Float32Array,
  grad: ArrayLike<number>,
  against: 'x' | 'w',
): Promise<void> {
  await tf.setBackend('cpu');
  const y = tf.tidy(() =>
    tf.depthwiseConv2d(tf.tensor4d(x, c.x), tf.tensor4d(w, c.filter), c.strides, c.pad as 'same', 'NHWC', c.dilations),
  );
  const want = dot(dy, y.dataSync());
  y.dispose();
  const got = dot(grad, against === 'x' ? x : w);
  assert.ok(Math.abs(got - want) <= 1e-4 * (Math.abs(want) + 1), `${c.name}: ⟨grad, ${against}⟩ = ${got}, ⟨dy, conv(x, w)⟩ = ${want}`);
}

function shapes(c: Case) {
  const info = backend_util.computeConv2DInfo(c.x, c.filter, c.strides, c.dilations, c.pad, undefined, true);
  return { outShape: info.outShape, size: (s: readonly number[]) => s.reduce((a, b) => a * b, 1) };
}

describe('DepthwiseConv2dNative backprops match the stock cpu kernels', () => {
  before(() => registerTrainingKernels());

  CASES.forEach((c, n) => {
    const { outShape, size } = shapes(c);
    const dy = { values: randomValues(size(outShape), 300 + n, 0), shape: outShape };
    const common = { strides: c.strides, dilations: c.dilations, pad: c.pad };

    const x = randomValues(size(c.x), 200 + n);
    const w = randomValues(size(c.filter), 400 + n, 0);
    // The stock kernels ignore dilations, so they are a reference only without them.
    const stockIsReference = c.dilations === 1;

    it(`filter gradient: ${c.name}`, async () => {
      const inputs = { x: { values: x, shape: c.x }, dy };
      const attrs = { ...common, filterShape: c.filter } as unknown as NamedAttrMap;
      for (const backend of ['wasm', 'cpu']) {
        const got = await runRegistered(backend, 'DepthwiseConv2dNativeBackpropFilter', inputs, attrs);
        if (stockIsReference)
          assertClose(got, await runStockCpu('DepthwiseConv2dNativeBackpropFilter', inputs, attrs), `${c.name} / ${backend}`);
        await assertAdjoint(c, x, w, dy.values, got.values, 'w');
      }
    });

    it(`input gradient: ${c.name}`, async () => {
      const inputs = { dy, filter: { values: w, shape: c.filter } };
      const attrs = { ...common, inputShape: c.x } as unknown as NamedAttrMap;
      for (const backend of ['wasm', 'cpu']) {
        const got = await runRegistered(backend, 'DepthwiseConv2dNativeBackpropInput', inputs, attrs);
        if (stockIsReference)
          assertClose(got, await runStockCpu('DepthwiseConv2dNativeBackpropInput', inputs, attrs), `${c.name} / ${backend}`);
        await assertAdjoint(c, x, w, dy.values, got.values, 'x');
      }
    });
  });
});
