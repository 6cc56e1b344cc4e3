// The gate-experiment LSTM: with (tanh, sigmoid) it is the textbook LSTM (checked against a float64
// recurrence on the layer's own weights), every variant trains, and it refuses layer activations.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { loadActivations } from '../activation/registry.js';
import { initBackend } from '../backend/backends.js';
import { ActivationLSTM, LSTM_VARIANTS, lstmVariant } from './lstm-cell.js';
import { syntheticTagging, trainTagger } from './tagger-test-support.js';
import { LayerActivationInCellError } from './tagger-cell-common.js';

const registry = await loadActivations();

before(async () => {
  await initBackend('wasm');
});

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const penalizedTanh = (x: number): number => (x > 0 ? Math.tanh(x) : 0.25 * Math.tanh(x));

/** Float64 LSTM over x [T][d] with the cell's weight layout (blocks i, f, o, candidate). */
function referenceLstm(
  xs: number[][],
  kernel: number[][],
  recurrent: number[][],
  bias: number[],
  units: number,
  cellFn: (x: number) => number,
  gateFn: (x: number) => number,
): number[][] {
  let h = new Array<number>(units).fill(0);
  let c = new Array<number>(units).fill(0);
  const outputs: number[][] = [];
  for (const x of xs) {
    const z = bias.map(
      (b, j) => b + x.reduce((s, xi, i) => s + xi * kernel[i]![j]!, 0) + h.reduce((s, hi, i) => s + hi * recurrent[i]![j]!, 0),
    );
    const gate = (block: number, k: number): number => gateFn(z[block * units + k]!);
    c = c.map((cPrev, k) => gate(1, k) * cPrev + gate(0, k) * cellFn(z[3 * units + k]!));
    h = c.map((cNew, k) => gate(2, k) * cellFn(cNew));
    outputs.push(h);
  }
  return outputs;
}

describe('ActivationLSTMCell', () => {
  test('with sigmoid gates and tanh cell it computes the standard LSTM', () => {
    const units = 3;
    const input = tfl.input({ shape: [4, 2] });
    const layer = new ActivationLSTM({ units, returnSequences: true, kernelInitializer: tfl.initializers.randomNormal({ seed: 1 }) });
    const model = tfl.model({ inputs: input, outputs: layer.apply(input) as tfl.SymbolicTensor });
    // A non-zero bias in every block, so that a swapped block would show.
    const [kernel, recurrent] = layer.getWeights();
    const bias = tf.randomNormal([4 * units], 0, 0.5, 'float32', 2);
    layer.setWeights([kernel!, recurrent!, bias]);
    const xs = [
      [
        [0.5, -1],
        [1.5, 0.2],
        [-0.3, 0.8],
        [2, -2],
      ],
      [
        [0, 0],
        [-1, 1],
        [0.1, 0.1],
        [3, 1],
      ],
    ];
    const got = (model.predict(tf.tensor3d(xs)) as tf.Tensor).arraySync() as number[][][];
    const k = kernel!.arraySync() as number[][];
    const r = recurrent!.arraySync() as number[][];
    const b = bias.arraySync() as number[];
    for (let n = 0; n < xs.length; n++) {
      const expected = referenceLstm(xs[n]!, k, r, b, units, Math.tanh, sigmoid);
      for (let t = 0; t < 4; t++)
        for (let j = 0; j < units; j++)
          assert.ok(Math.abs(got[n]![t]![j]! - expected[t]![j]!) < 1e-5, `[${n},${t},${j}] ${got[n]![t]![j]} vs ${expected[t]![j]}`);
    }
    model.dispose();
  });

  test('the replaced activations are the ones used (penalized-tanh gates, relu cell)', () => {
    const units = 2;
    const input = tfl.input({ shape: [3, 2] });
    const layer = new ActivationLSTM({
      units,
      returnSequences: true,
      cellActivation: 'relu',
      gateActivation: 'penalized-tanh',
      kernelInitializer: tfl.initializers.randomNormal({ seed: 3 }),
    });
    const model = tfl.model({ inputs: input, outputs: layer.apply(input) as tfl.SymbolicTensor });
    const [kernel, recurrent, bias] = layer.getWeights();
    const xs = [
      [
        [0.5, -1],
        [1.5, 0.2],
        [-0.3, 0.8],
      ],
    ];
    const got = (model.predict(tf.tensor3d(xs)) as tf.Tensor).arraySync() as number[][][];
    const expected = referenceLstm(
      xs[0]!,
      kernel!.arraySync() as number[][],
      recurrent!.arraySync() as number[][],
      bias!.arraySync() as number[],
      units,
      (x) => Math.max(0, x),
      registry.get('penalized-tanh').kind === 'elementwise' ? penalizedTanh : sigmoid,
    );
    for (let t = 0; t < 3; t++)
      for (let j = 0; j < units; j++)
        assert.ok(Math.abs(got[0]![t]![j]! - expected[t]![j]!) < 1e-5, `[${t},${j}] ${got[0]![t]![j]} vs ${expected[t]![j]}`);
    model.dispose();
  });

  test('forget-gate bias starts at 1; identity works per gate block', () => {
    const input = tfl.input({ shape: [2, 3] });
    const layer = new ActivationLSTM({ units: 2, recurrentInitializer: 'identity' });
    tfl.model({ inputs: input, outputs: layer.apply(input) as tfl.SymbolicTensor });
    const [, recurrent, bias] = layer.getWeights();
    assert.deepEqual(bias!.arraySync(), [0, 0, 1, 1, 0, 0, 0, 0]);
    assert.deepEqual(recurrent!.arraySync(), [
      [1, 0, 1, 0, 1, 0, 1, 0],
      [0, 1, 0, 1, 0, 1, 0, 1],
    ]);
  });

  test("lstmVariant gives the experiment's pairs, with Keras 2's hard-sigmoid gates where they are kept", () => {
    assert.deepEqual(lstmVariant('baseline', 'swish'), { cellActivation: 'tanh', gateActivation: 'hard-sigmoid' });
    assert.deepEqual(lstmVariant('cell', 'swish'), { cellActivation: 'swish', gateActivation: 'hard-sigmoid' });
    assert.deepEqual(lstmVariant('gates', 'swish'), { cellActivation: 'tanh', gateActivation: 'swish' });
    assert.deepEqual(lstmVariant('both', 'swish'), { cellActivation: 'swish', gateActivation: 'swish' });
  });

  test('every variant with an activation that has a SIMD formula keeps the fused recurrence', () => {
    for (const variant of LSTM_VARIANTS) {
      const layer = new ActivationLSTM({ units: 2, ...lstmVariant(variant, 'swish') });
      layer.apply(tfl.input({ shape: [3, 2] }));
      assert.ok(layer.lstmCell.fusion() !== null, `${variant}: no fused recurrence`);
    }
  });

  test('layer-shaped activations are refused with a clear error', () => {
    for (const name of ['maxout-2', 'prelu', 'swish-beta']) {
      assert.throws(
        () => new ActivationLSTM({ units: 2, gateActivation: name }),
        (e: unknown) => e instanceof LayerActivationInCellError && /layer-shaped/.test(e.message),
      );
    }
  });
});

describe('BiLSTM tagger variants train (penalized-tanh)', () => {
  const data = syntheticTagging(160, 7);
  for (const variant of LSTM_VARIANTS) {
    test(variant, () => {
      const result = trainTagger({ cell: 'lstm', ...lstmVariant(variant, 'penalized-tanh') }, data);
      assert.ok(result.lastLoss < 0.5 * result.firstLoss, `${variant}: loss ${result.firstLoss} → ${result.lastLoss}`);
      assert.ok(result.accuracy > result.majority + 0.3, `${variant}: token accuracy ${result.accuracy} vs majority ${result.majority}`);
    });
  }
});
