// FusedLSTM against tfjs-layers' own LSTM with the same weights: outputs and the gradients of
// every weight and of the input, on both CPU backends, for sequences or the last step, backwards,
// inside Bidirectional, and with a mask (which must take tfjs-layers' path); its config round-trips.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { assertClose, randomValues } from './kernel-test-support.js';
import { FusedLSTM, fusedLstm } from './fused-lstm-layer.js';

type Host = { values: Float32Array; shape: number[] };

interface Variant {
  name: string;
  returnSequences: boolean;
  goBackwards?: boolean;
  bidirectional?: boolean;
  masked?: boolean;
  useBias?: boolean;
}

const VARIANTS: Variant[] = [
  { name: 'sequences', returnSequences: true },
  { name: 'last step', returnSequences: false },
  { name: 'backwards', returnSequences: true, goBackwards: true },
  { name: 'bidirectional', returnSequences: true, bidirectional: true },
  { name: 'no bias', returnSequences: true, useBias: false },
  { name: 'masked', returnSequences: true, masked: true },
  { name: 'masked, backwards', returnSequences: true, goBackwards: true, masked: true },
  { name: 'masked, bidirectional, last step', returnSequences: false, bidirectional: true, masked: true },
];

const [BATCH, STEPS, FEATURES, UNITS] = [3, 5, 6, 7];

function build(v: Variant, fused: boolean): tfl.LayersModel {
  const args = {
    units: UNITS,
    returnSequences: v.returnSequences,
    goBackwards: v.goBackwards ?? false,
    useBias: v.useBias ?? true,
    recurrentActivation: 'sigmoid' as const,
    recurrentInitializer: 'glorotUniform' as const,
  };
  const rnn = fused ? fusedLstm(args) : tfl.layers.lstm(args);
  const input = tfl.input({ shape: [STEPS, FEATURES] });
  const masked = v.masked ? (tfl.layers.masking({ maskValue: 0 }).apply(input) as tfl.SymbolicTensor) : input;
  const layer = v.bidirectional ? tfl.layers.bidirectional({ layer: rnn, mergeMode: 'concat' }) : rnn;
  return tfl.model({ inputs: input, outputs: layer.apply(masked) as tfl.SymbolicTensor });
}

function evaluate(v: Variant, fused: boolean, weights: Float32Array[], x: Float32Array): Host[] {
  const model = build(v, fused);
  const values = weights.map((w, i) => tf.tensor(w, model.getWeights()[i]!.shape));
  model.setWeights(values);
  tf.dispose(values);
  return tf.tidy(() => {
    const input = tf.tensor3d(x, [BATCH, STEPS, FEATURES]);
    const output = model.apply(input) as tf.Tensor;
    const outWeights = tf.tensor(randomValues(output.size, 9, 0), output.shape);
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const { grads } = tf.variableGrads(() => tf.sum(tf.mul(model.apply(input) as tf.Tensor, outWeights)), variables);
    const host = (t: tf.Tensor): Host => ({ values: t.dataSync() as Float32Array, shape: t.shape });
    // tfjs has no gradient for the mask's Any op, so a masked model has no input gradient.
    const dx = v.masked ? [] : [host(tf.grad((t: tf.Tensor) => tf.sum(tf.mul(model.apply(t) as tf.Tensor, outWeights)))(input))];
    const result = [host(output), ...dx, ...variables.map((w) => host(grads[w.name]!))];
    model.dispose();
    return result;
  });
}

describe('FusedLSTM matches tfjs-layers LSTM', () => {
  for (const backend of ['wasm', 'cpu']) {
    describe(backend, () => {
      before(async () => {
        await tf.setBackend(backend);
      });
      VARIANTS.forEach((v, n) => {
        it(v.name, () => {
          const reference = build(v, false);
          const weights = reference.getWeights().map((w, i) => randomValues(w.size, 100 + 10 * n + i, 0).map((value) => 0.6 * value));
          reference.dispose();
          const x = randomValues(BATCH * STEPS * FEATURES, 7 + n, 0);
          // Padding steps at the end of the second sequence, for the masked variant.
          if (v.masked) x.fill(0, (1 * STEPS + 3) * FEATURES, 2 * STEPS * FEATURES);
          const want = evaluate(v, false, weights, x);
          const before = tf.memory().numTensors;
          const got = evaluate(v, true, weights, x);
          assert.equal(tf.memory().numTensors, before, 'tensors leaked');
          assert.equal(got.length, want.length);
          got.forEach((g, i) => assertClose(g, want[i]!, `${v.name}: output ${i} (output, dx, then each weight's gradient)`, 2e-5));
        });
      });
    });
  }

  it('takes the fused path, masked or not', async () => {
    for (const backend of ['wasm', 'cpu']) {
      await tf.setBackend(backend);
      for (const v of [VARIANTS[0]!, VARIANTS[3]!, VARIANTS[5]!]) {
        const model = build(v, true);
        const x = tf.randomNormal([BATCH, STEPS, FEATURES]);
        const profile = await tf.profile(() => tf.dispose(model.apply(x) as tf.Tensor));
        const fused = profile.kernels.filter((k) => k.name === 'ActbenchLstmForward').length;
        assert.equal(fused, v.bidirectional ? 2 : 1, `${backend} ${v.name}`);
        x.dispose();
        model.dispose();
      }
    }
  });

  it('saves and loads as itself, in a Bidirectional wrapper too', () => {
    const model = build({ name: 'bi', returnSequences: true, bidirectional: true }, true);
    const json = model.toJSON(null, false) as unknown as { config: { layers: { class_name: string; config: Record<string, unknown> }[] } };
    const wrapper = json.config.layers.find((l) => l.class_name === 'Bidirectional')!;
    assert.equal((wrapper.config['layer'] as { class_name: string }).class_name, 'ActbenchFusedLSTM');
    const copy = build({ name: 'bi', returnSequences: true, bidirectional: true }, true);
    const bi = copy.layers.find((l) => l.getClassName() === 'Bidirectional') as unknown as {
      forwardLayer: tfl.layers.Layer;
      backwardLayer: tfl.layers.Layer;
    };
    assert.ok(bi.forwardLayer instanceof FusedLSTM && bi.backwardLayer instanceof FusedLSTM);
    const config = (bi.forwardLayer as FusedLSTM).getConfig();
    assert.equal(config['units'], UNITS);
    assert.equal(config['recurrentActivation'], 'sigmoid');
    assert.ok(!('cell' in config));
    const restored = tf.serialization.SerializationMap.getMap().classNameMap['ActbenchFusedLSTM']![1](FusedLSTM, config) as FusedLSTM;
    assert.equal(restored.getConfig()['units'], UNITS);
    model.dispose();
    copy.dispose();
  });
});
