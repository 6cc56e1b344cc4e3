// The E18 taggers: shapes, frozen pretrained embeddings, padding that changes nothing, the vanilla
// RNN cell against a float64 recurrence, training with relu and penalized tanh, and save/load.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { loadActivations } from '../activation/registry.js';
import { initBackend } from '../backend/backends.js';
import { maskedCrossEntropy } from './masked-metrics.js';
import { type TaggerOptions, buildTagger, taggerTrainStep, trainableVariables } from './tagger.js';
import { LayerActivationInCellError } from './tagger-cell-common.js';
import { ActivationSimpleRNN } from './tagger-rnn-cell.js';
import { syntheticTagging, trainTagger } from './tagger-test-support.js';

const registry = await loadActivations();

before(async () => {
  await initBackend('wasm');
});

const small: TaggerOptions = {
  vocabSize: 12,
  embeddingDim: 4,
  numTags: 5,
  maxLength: 6,
  cell: 'simple-rnn',
  units: 3,
  layers: 2,
  dropout: 0.3,
  activation: 'penalized-tanh',
  seed: 5,
};

function ids(rows: number[][], maxLength: number): tf.Tensor2D {
  return tf.tensor2d(
    rows.map((r) => [...r, ...new Array<number>(maxLength - r.length).fill(0)]),
    [rows.length, maxLength],
    'int32',
  );
}

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

describe('buildTagger', () => {
  test('shapes: [batch, maxLength] ids → [batch, maxLength, numTags] probabilities', () => {
    for (const cell of ['simple-rnn', 'lstm'] as const) {
      const model = buildTagger({ ...small, cell, ...(cell === 'lstm' ? { activation: undefined, cellActivation: 'swish' } : {}) });
      assert.deepEqual(model.outputs[0]!.shape, [null, 6, 5]);
      const probs = model.predict(
        ids(
          [
            [2, 3],
            [4, 5, 6, 7, 8, 9],
          ],
          6,
        ),
      ) as tf.Tensor;
      assert.deepEqual(probs.shape, [2, 6, 5]);
      const sums = tf.sum(probs, -1).dataSync();
      for (const s of sums) assert.ok(Math.abs(s - 1) < 1e-5);
      // Two layers: the second reads both directions of the first (2·units).
      const expectedKernel = cell === 'lstm' ? [6, 12] : [6, 3];
      assert.deepEqual(model.getLayer(`b${cell === 'lstm' ? 'ilstm' : 'irnn'}2`).getWeights()[0]!.shape, expectedKernel);
      model.dispose();
    }
  });

  test('seeded: reproducible, and the two directions start different', () => {
    const a = buildTagger(small);
    const b = buildTagger(small);
    const wa = a.getWeights();
    const wb = b.getWeights();
    wa.forEach((w, i) => assert.equal(maxAbsDiff(w, wb[i]!), 0, `weight ${i}`));
    const [forwardKernel, , , backwardKernel] = a.getLayer('birnn1').getWeights();
    assert.ok(maxAbsDiff(forwardKernel!, backwardKernel!) > 0.01);
    a.dispose();
    b.dispose();
  });

  test('padding changes nothing: a sentence padded to 6 gives the same tags as unpadded', () => {
    const long = buildTagger({ ...small, dropout: 0 });
    const short = buildTagger({ ...small, dropout: 0, maxLength: 3 });
    short.setWeights(long.getWeights());
    const padded = long.predict(ids([[4, 7, 9]], 6)) as tf.Tensor;
    const exact = short.predict(ids([[4, 7, 9]], 3)) as tf.Tensor;
    assert.ok(maxAbsDiff(tf.slice(padded, [0, 0, 0], [1, 3, 5]), exact) < 1e-6);
    long.dispose();
    short.dispose();
  });

  test('pretrained embeddings initialise the layer and stay frozen through training', () => {
    const vectors = Float32Array.from({ length: 12 * 4 }, (_, i) => Math.sin(i));
    const model = buildTagger({ ...small, embeddings: vectors });
    const embedding = model.getLayer('embedding');
    assert.deepEqual([...embedding.getWeights()[0]!.dataSync()], [...vectors]);
    assert.equal(trainableVariables(model).length, model.trainableWeights.length);
    assert.ok(!trainableVariables(model).some((v) => v.shape.join() === '12,4'));
    const batch = {
      ids: ids(
        [
          [2, 3, 4],
          [5, 6],
        ],
        6,
      ),
      labels: tf.ones([2, 6], 'int32') as tf.Tensor2D,
      mask: tf.tensor2d([
        [1, 1, 1, 0, 0, 0],
        [1, 1, 0, 0, 0, 0],
      ]),
    };
    const optimizer = tf.train.adam(0.1);
    const before = model.getLayer('tags').getWeights()[0]!.clone();
    // Both loops: the masked loss with a bare minimize (no varList) and taggerTrainStep with clipping.
    for (let i = 0; i < 3; i++) {
      optimizer.minimize(() => maskedCrossEntropy(batch.labels, model.apply(batch.ids, { training: true }) as tf.Tensor, batch.mask));
      taggerTrainStep(model, optimizer, batch, { clipNorm: 1 });
    }
    assert.deepEqual([...embedding.getWeights()[0]!.dataSync()], [...vectors]);
    assert.ok(maxAbsDiff(before, model.getLayer('tags').getWeights()[0]!) > 1e-3, 'the other weights did move');
    model.dispose();
  });

  test('option errors are clear', () => {
    for (const name of ['maxout-3', 'prelu']) {
      assert.throws(
        () => buildTagger({ ...small, activation: name }),
        (e: unknown) => e instanceof LayerActivationInCellError && e.message.includes(name),
      );
      assert.throws(() => buildTagger({ ...small, cell: 'lstm', activation: undefined, gateActivation: name }), LayerActivationInCellError);
    }
    assert.throws(() => buildTagger({ ...small, activation: 'penalised-tanh' }), /unknown activation 'penalised-tanh'; did you mean/);
    assert.throws(() => buildTagger({ ...small, activation: undefined }), /needs options.activation/);
    assert.throws(() => buildTagger({ ...small, cell: 'lstm' }), /cellActivation and gateActivation, not activation/);
    assert.throws(() => buildTagger({ ...small, embeddings: new Float32Array(5) }), /expected vocabSize × embeddingDim = 48/);
  });
});

describe('ActivationSimpleRNN', () => {
  for (const name of ['penalized-tanh', 'swish']) {
    test(`${name}: h_t = act(x_t·W + h_{t-1}·U + b) in float64, and goBackwards runs it reversed`, () => {
      const activation = registry.get(name);
      assert.equal(activation.kind, 'elementwise');
      const f = activation.kind === 'elementwise' ? activation.reference : Math.tanh;
      for (const goBackwards of [false, true]) {
        const input = tfl.input({ shape: [3, 2] });
        const layer = new ActivationSimpleRNN({
          units: 2,
          activation: name,
          returnSequences: true,
          goBackwards,
          kernelInitializer: tfl.initializers.randomNormal({ seed: 4 }),
        });
        const model = tfl.model({ inputs: input, outputs: layer.apply(input) as tfl.SymbolicTensor });
        const [kernelT, recurrentT] = layer.getWeights();
        layer.setWeights([kernelT!, recurrentT!, tf.tensor1d([0.3, -0.4])]);
        const W = kernelT!.arraySync() as number[][];
        const U = recurrentT!.arraySync() as number[][];
        const b = [0.3, -0.4];
        const xs = [
          [0.5, -1.5],
          [2, 0.25],
          [-0.7, 0.9],
        ];
        const order = goBackwards ? [2, 1, 0] : [0, 1, 2];
        let h = [0, 0];
        const expected: number[][] = [];
        for (const t of order) {
          h = [0, 1].map((j) =>
            f(b[j]! + xs[t]!.reduce((s, x, i) => s + x * W[i]![j]!, 0) + h.reduce((s, hi, i) => s + hi * U[i]![j]!, 0)),
          );
          expected.push(h);
        }
        const got = (model.predict(tf.tensor3d([xs])) as tf.Tensor).arraySync() as number[][][];
        for (let t = 0; t < 3; t++)
          for (let j = 0; j < 2; j++)
            assert.ok(Math.abs(got[0]![t]![j]! - expected[t]![j]!) < 1e-5, `[${t},${j}] ${got[0]![t]![j]} vs ${expected[t]![j]}`);
        model.dispose();
      }
    });
  }
});

describe('BiRNN tagger trains', () => {
  const data = syntheticTagging(160, 7);
  for (const activation of ['relu', 'penalized-tanh']) {
    test(activation, () => {
      const result = trainTagger({ cell: 'simple-rnn', activation }, data);
      assert.ok(result.lastLoss < 0.5 * result.firstLoss, `${activation}: loss ${result.firstLoss} → ${result.lastLoss}`);
      assert.ok(result.accuracy > result.majority + 0.3, `${activation}: token accuracy ${result.accuracy} vs majority ${result.majority}`);
    });
  }
});

describe('save and load', () => {
  for (const options of [
    {
      ...small,
      cell: 'lstm',
      activation: undefined,
      cellActivation: 'penalized-tanh',
      gateActivation: 'hard-sigmoid',
      recurrentInitializer: 'identity',
    },
    { ...small, activation: 'lrelu-0.30', recurrentInitializer: 'orthogonal', variant: 'composite' },
  ] satisfies TaggerOptions[]) {
    test(`${options.cell} tagger with custom cells reloads with identical outputs`, async () => {
      const model = buildTagger({ ...options, embeddings: Float32Array.from({ length: 48 }, (_, i) => Math.cos(i)) });
      const x = ids(
        [
          [2, 3, 4, 5],
          [6, 7],
        ],
        6,
      );
      const expected = model.predict(x) as tf.Tensor;
      let saved: tf.io.ModelArtifacts | undefined;
      await model.save(
        tf.io.withSaveHandler(async (artifacts) => {
          saved = artifacts;
          return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
        }),
      );
      const loaded = await tfl.loadLayersModel(tf.io.fromMemory(saved!));
      const got = loaded.predict(x) as tf.Tensor;
      assert.equal(maxAbsDiff(expected, got), 0);
      assert.equal(loaded.getLayer('embedding').trainable, false);
      assert.equal(trainableVariables(loaded).length, trainableVariables(model).length);
      const topology = JSON.stringify(saved!.modelTopology);
      assert.ok(topology.includes(options.cell === 'lstm' ? '"ActbenchLSTM"' : '"ActbenchSimpleRNN"'));
      model.dispose();
      loaded.dispose();
    });
  }
});
