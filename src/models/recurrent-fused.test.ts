// The study's recurrent layers on their fused path (one lstmSequence or rnnSequence per direction,
// the activations inside the kernel) against their own step-by-step path (the cell's ops, the
// registry's picked implementation of each activation): outputs and every weight's gradient agree
// to float32 rounding for each activation the kernels know — the gate-experiment LSTM in each
// variant, the tagger's simple RNN — bidirectional with padded sequences, on both CPU backends.
// Activations the kernels do not know keep the step-by-step path.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { loadActivations } from '../activation/registry.js';
import { initBackend } from '../backend/backends.js';
import { randomValues } from '../backend/kernels/kernel-test-support.js';
import { RECURRENT_ACTIVATIONS } from '../backend/kernels/recurrent-ops.js';
import { ActivationLSTM, lstmVariant, type LstmVariantName } from './lstm-cell.js';
import { ActivationSimpleRNN } from './tagger-rnn-cell.js';

const registry = await loadActivations();
const [BATCH, STEPS, FEATURES, UNITS] = [3, 6, 5, 6];

before(async () => {
  await initBackend('wasm');
});

/** A bidirectional LSTM with the two activations, or (gateActivation null) a simple RNN with cellActivation. */
function buildModel(cellActivation: string, gateActivation: string | null): tfl.LayersModel {
  const input = tfl.input({ shape: [STEPS, FEATURES] });
  const masked = tfl.layers.masking({ maskValue: 0 }).apply(input) as tfl.SymbolicTensor;
  const common = { units: UNITS, returnSequences: true, recurrentInitializer: 'glorotUniform' } as const;
  const rnn =
    gateActivation === null
      ? new ActivationSimpleRNN({ ...common, activation: cellActivation })
      : new ActivationLSTM({ ...common, cellActivation, gateActivation });
  const output = tfl.layers.bidirectional({ layer: rnn as unknown as tfl.RNN, mergeMode: 'concat' }).apply(masked) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: output });
  // Seeded weights in ±0.1, the same every run: with larger or unseeded weights an unbounded
  // activation (cube, or cosid as its own gates) can blow up within six steps, and there the two
  // paths' different rounding grows into different numbers or infinities.
  const seeded = model.getWeights().map((w, i) => tf.tidy(() => tf.mul(tf.tensor(randomValues(w.size, 100 + i, 0), w.shape), 0.1)));
  model.setWeights(seeded);
  tf.dispose(seeded);
  return model;
}

/** Inputs with the last steps of the second sequence padded (all zeros: masked). */
function inputs(): tf.Tensor3D {
  const values = randomValues(BATCH * STEPS * FEATURES, 7, 0);
  values.fill(0, (STEPS + 4) * FEATURES, 2 * STEPS * FEATURES);
  return tf.tensor3d(values, [BATCH, STEPS, FEATURES]);
}

/** Output and the gradient of a weighted sum of it for every weight; with the fused path or without. */
function run(model: tfl.LayersModel, x: tf.Tensor3D, fused: boolean): { values: Float32Array; shape: number[] }[] {
  const before = process.env['ACTBENCH_NO_FAST_KERNELS'];
  if (!fused) process.env['ACTBENCH_NO_FAST_KERNELS'] = '1';
  try {
    return tf.tidy(() => {
      const weights = tf.tensor(randomValues(BATCH * STEPS * 2 * UNITS, 11, 0), [BATCH, STEPS, 2 * UNITS]);
      const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(model.apply(x) as tf.Tensor, weights)), variables);
      const output = model.apply(x) as tf.Tensor;
      return [output, value, ...variables.map((v) => grads[v.name]!)].map((t) => ({
        values: t.dataSync() as Float32Array,
        shape: t.shape,
      }));
    });
  } finally {
    if (before === undefined) delete process.env['ACTBENCH_NO_FAST_KERNELS'];
    else process.env['ACTBENCH_NO_FAST_KERNELS'] = before;
  }
}

function fusedCalls(model: tfl.LayersModel, x: tf.Tensor3D): Promise<number> {
  return tf
    .profile(() => tf.dispose(model.apply(x) as tf.Tensor))
    .then((p) => p.kernels.filter((k) => k.name === 'ActbenchLstmForward' || k.name === 'ActbenchRnnForward').length);
}

/**
 * Within rtol of the largest finite expected magnitude; where the expected value is not finite (an
 * unbounded activation such as cosid can overflow in both paths alike), the same value.
 */
function assertAgree(
  got: { values: Float32Array; shape: number[] },
  want: { values: Float32Array; shape: number[] },
  label: string,
  rtol: number,
): void {
  assert.deepEqual(got.shape, want.shape, `${label}: shape`);
  let scale = 0;
  for (const w of want.values) if (Number.isFinite(w)) scale = Math.max(scale, Math.abs(w));
  const tol = rtol * scale + 1e-6;
  want.values.forEach((w, i) => {
    const g = got.values[i]!;
    const ok = Number.isFinite(w) ? Math.abs(g - w) <= tol : Object.is(g, w);
    if (!ok) assert.fail(`${label}: element ${i} is ${g}, expected ${w} (tolerance ${tol})`);
  });
}

const known = registry.all
  .filter((a) => a.kind === 'elementwise' && a.simd && (RECURRENT_ACTIVATIONS as readonly string[]).includes(a.simd.kernel))
  .map((a) => a.name);

describe('the study’s recurrent layers: fused path against step by step', () => {
  it('knows the study activations that have a SIMD kernel', () => {
    for (const name of [
      'penalized-tanh',
      'swish',
      'elu',
      'selu',
      'lrelu-0.01',
      'cube',
      'sin',
      'cosid',
      'minsin',
      'arctid',
      'maxsig',
      'maxtanh',
    ])
      assert.ok(known.includes(name), name);
  });

  for (const backendName of ['wasm', 'cpu']) {
    for (const activation of known) {
      const variants: LstmVariantName[] = activation === 'penalized-tanh' ? ['baseline', 'cell', 'gates', 'both'] : ['both'];
      const cases = [
        ...variants.map((variant) => ({ label: `LSTM, variant ${variant}`, ...lstmVariant(variant, activation) })),
        { label: 'simple RNN', cellActivation: activation, gateActivation: null },
      ];
      for (const { label, cellActivation, gateActivation } of cases) {
        it(`${activation}, ${label}, on ${backendName}`, async () => {
          assert.ok(await tf.setBackend(backendName));
          const model = buildModel(cellActivation, gateActivation);
          const x = inputs();
          assert.equal(await fusedCalls(model, x), 2, 'one fused op per direction');
          const want = run(model, x, false);
          const got = run(model, x, true);
          got.forEach((g, i) => assertAgree(g, want[i]!, i === 0 ? 'output' : i === 1 ? 'loss' : `gradient of weight ${i - 2}`, 2e-4));
          x.dispose();
          model.dispose();
        });
      }
    }
  }

  it('an activation without a kernel formula, or another implementation forced, keeps the step-by-step path', async () => {
    assert.ok(await tf.setBackend('wasm'));
    const x = inputs();
    for (const model of [buildModel('linear', 'sigmoid'), buildModel('linear', null)]) {
      assert.equal(await fusedCalls(model, x), 0);
      model.dispose();
    }
    const input = tfl.input({ shape: [STEPS, FEATURES] });
    const forced = tfl.model({
      inputs: input,
      outputs: new ActivationSimpleRNN({ units: UNITS, activation: 'tanh', variant: 'composite' }).apply(input) as tfl.SymbolicTensor,
    });
    assert.equal(await fusedCalls(forced, x), 0);
    forced.dispose();
    x.dispose();
  });
});
