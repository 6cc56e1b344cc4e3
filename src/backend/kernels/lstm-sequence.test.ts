// lstmSequence against the same recurrence written with plain tf ops (the cpu backend's stock
// kernels): outputs and gradients for xw, R, h0 and c0, on both backends, both gate orders, odd
// sizes (units not a multiple of 4 or 8, batch not a multiple of 4) and a single step.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
// tfjs-layers' bundle registers the gradient functions of the core ops.
import '@tensorflow/tfjs-layers';
import { assertClose, randomValues } from './kernel-test-support.js';
import { lstmSequence, lstmSequenceAvailable, type GateOrder } from './lstm-sequence.js';

function reference(xw: tf.Tensor3D, r: tf.Tensor2D, h0: tf.Tensor2D, c0: tf.Tensor2D, order: GateOrder): tf.Tensor3D {
  const [steps, , u4] = xw.shape;
  const u = u4 / 4;
  let h = h0;
  let c = c0;
  const outputs: tf.Tensor2D[] = [];
  for (let t = 0; t < steps; t++) {
    const z = tf.add(tf.squeeze(tf.slice(xw, [t, 0, 0], [1, -1, -1]), [0]), tf.matMul(h, r)) as tf.Tensor2D;
    const [zi, zf, z2, z3] = tf.split(z, [u, u, u, u], 1) as tf.Tensor2D[];
    const [zg, zo] = order === 'ifgo' ? [z2!, z3!] : [z3!, z2!];
    c = tf.add(tf.mul(tf.sigmoid(zf!), c), tf.mul(tf.sigmoid(zi!), tf.tanh(zg))) as tf.Tensor2D;
    h = tf.mul(tf.sigmoid(zo), tf.tanh(c)) as tf.Tensor2D;
    outputs.push(h);
  }
  return tf.stack(outputs) as tf.Tensor3D;
}

interface Case {
  steps: number;
  batch: number;
  units: number;
  order: GateOrder;
}

const CASES: Case[] = [
  { steps: 5, batch: 3, units: 7, order: 'ifgo' },
  { steps: 4, batch: 6, units: 9, order: 'ifog' },
  { steps: 1, batch: 1, units: 3, order: 'ifgo' },
  { steps: 3, batch: 9, units: 16, order: 'ifog' },
  { steps: 7, batch: 4, units: 13, order: 'ifgo' },
];

type Host = { values: Float32Array; shape: number[] };

function run(c: Case, seed: number, useKernel: boolean): Host[] {
  const u4 = 4 * c.units;
  return tf.tidy(() => {
    // Pre-activations of a few units in both directions, so that gates are neither all open nor shut.
    const xw = tf.tensor3d(
      randomValues(c.steps * c.batch * u4, seed, 0).map((v) => 2 * v),
      [c.steps, c.batch, u4],
    );
    const r = tf.tensor2d(
      randomValues(c.units * u4, seed + 1, 0).map((v) => 0.5 * v),
      [c.units, u4],
    );
    const h0 = tf.tensor2d(randomValues(c.batch * c.units, seed + 2, 0), [c.batch, c.units]);
    const c0 = tf.tensor2d(randomValues(c.batch * c.units, seed + 3, 0), [c.batch, c.units]);
    // A weighted sum, so that every output gets its own gradient.
    const weights = tf.tensor3d(randomValues(c.steps * c.batch * c.units, seed + 4, 0), [c.steps, c.batch, c.units]);
    const f = (a: tf.Tensor, b: tf.Tensor, d: tf.Tensor, e: tf.Tensor) => {
      const h = useKernel
        ? lstmSequence(a as tf.Tensor3D, b as tf.Tensor2D, d as tf.Tensor2D, e as tf.Tensor2D, c.order)
        : reference(a as tf.Tensor3D, b as tf.Tensor2D, d as tf.Tensor2D, e as tf.Tensor2D, c.order);
      return tf.sum(tf.mul(h, weights));
    };
    const h = useKernel ? lstmSequence(xw, r, h0, c0, c.order) : reference(xw, r, h0, c0, c.order);
    const grads = tf.grads(f)([xw, r, h0, c0]);
    return [h, ...grads].map((t) => ({ values: t.dataSync() as Float32Array, shape: t.shape }));
  });
}

describe('lstmSequence matches the recurrence written with tf ops', () => {
  for (const backend of ['cpu', 'wasm']) {
    describe(backend, () => {
      before(async () => {
        await tf.setBackend(backend);
        assert.ok(lstmSequenceAvailable(), `lstmSequence unavailable on ${backend}`);
      });
      CASES.forEach((c, n) => {
        it(`T ${c.steps}, B ${c.batch}, U ${c.units}, ${c.order}`, async () => {
          const want = await (async () => {
            await tf.setBackend('cpu');
            return run(c, 10 * n + 1, false);
          })();
          await tf.setBackend(backend);
          const before = tf.memory().numTensors;
          const got = run(c, 10 * n + 1, true);
          assert.equal(tf.memory().numTensors, before, 'tensors leaked');
          ['h', 'dxw', 'dR', 'dh0', 'dc0'].forEach((name, i) => assertClose(got[i]!, want[i]!, name, 2e-5));
        });
      });
    });
  }

  it('rejects inputs of the wrong shape, naming the input', () => {
    tf.tidy(() => {
      const xw = tf.zeros([2, 3, 8]) as tf.Tensor3D;
      assert.throws(
        () => lstmSequence(xw, tf.zeros([2, 7]) as tf.Tensor2D, tf.zeros([3, 2]) as tf.Tensor2D, tf.zeros([3, 2]) as tf.Tensor2D),
        /recurrentKernel must be float32 \[2, 8\], got float32 \[2, 7\]/,
      );
      assert.throws(
        () =>
          lstmSequence(
            tf.zeros([2, 3, 6]) as tf.Tensor3D,
            tf.zeros([2, 8]) as tf.Tensor2D,
            tf.zeros([3, 2]) as tf.Tensor2D,
            tf.zeros([3, 2]) as tf.Tensor2D,
          ),
        /xw must be \[steps, batch, 4·units\]/,
      );
    });
  });
});
