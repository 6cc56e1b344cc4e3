// Per-run diagnostics: the statistics on hand-made values, the probe schedule, and the promise
// that matters most: a run trains to bit-identical scores and history with diagnostics on or off.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../backend/backends.js';
import { loadActivations } from '../activation/registry.js';
import { buildDocumentCnn } from '../models/document-cnn.js';
import { buildMlp } from '../models/mlp.js';
import { probePoints, trainableLayers } from '../models/probe-points.js';
import { buildTagger } from '../models/tagger.js';
import { SYNTHETIC, syntheticTagging } from '../models/tagger-test-support.js';
import { MAX_SNAPSHOTS, plannedProbeEpochs, probeIndices } from './diagnostics-format.js';
import { classificationProblem } from '../task/text-classification-problem.js';
import { diagnosticsRecorder, pointStatistics, sumOfSquares } from './diagnostics.js';
import { runOne, type RunRequest, type RunResult } from './run-one.js';
import { seededRandom } from '../util/random.js';

before(async () => {
  await initBackend('wasm');
  await loadActivations();
});

test('pointStatistics: dead and saturated units, mean and spread, padding left out', () => {
  // Three positions × two units; unit 0 is zero everywhere (dead), unit 1 is not.
  const outputs = Float32Array.from([0, 1, 0, -1, 0, 3]);
  // φ′ below 0.01 at every position for unit 0 only; unit 1 has one large derivative.
  const derivatives = Float32Array.from([0, 0.001, 0.005, 0.5, 0, 0.002]);
  const all = pointStatistics(outputs, derivatives, 2, null, 0.01);
  assert.equal(all.dead, 0.5);
  assert.equal(all.saturated, 0.5);
  assert.equal(all.mean, 0.5); // (0+1+0−1+0+3)/6
  assert.ok(Math.abs(all.std - Math.sqrt(11 / 6 - 0.25)) < 1e-12);
  // Masking out the middle position removes unit 1's only large derivative: both units saturate.
  const masked = pointStatistics(outputs, derivatives, 2, Float32Array.from([1, 0, 1]), 0.01);
  assert.equal(masked.saturated, 1);
  assert.equal(masked.mean, 1); // (0+1+0+3)/4
  // Without derivatives there is no saturation to report.
  assert.equal(pointStatistics(outputs, null, 2, null).saturated, null);
});

test('sumOfSquares sums in double precision: gradients whose float32 squares underflow do not read as a norm of 0', () => {
  const tiny = Float32Array.from([1e-30, -2e-30]);
  assert.equal(Math.fround(tiny[0]! * tiny[0]!), 0);
  // The float32 values squared and added in double precision: about 5e-60, not 0.
  assert.equal(sumOfSquares(tiny), tiny[0]! ** 2 + tiny[1]! ** 2);
  assert.ok(sumOfSquares(tiny) > 4.9e-60);
  assert.equal(sumOfSquares(Float32Array.from([3, 4])), 25);
});

test('the probe schedule: every epoch when they fit, else at most MAX_SNAPSHOTS − 2 spread out; probe indices spread and deterministic', () => {
  assert.deepEqual([...plannedProbeEpochs(3)], [1, 2, 3]);
  const spread = [...plannedProbeEpochs(50)];
  assert.equal(spread.length, MAX_SNAPSHOTS - 2);
  assert.ok(spread.every((epoch, i) => epoch >= 1 && epoch <= 50 && (i === 0 || epoch > spread[i - 1]!)));
  assert.deepEqual([...probeIndices(10, 4)], [0, 2, 5, 7]);
  assert.deepEqual([...probeIndices(3, 32)], [0, 1, 2]);
});

test('probePoints finds each activation application of the MLP, and trainableLayers each weighted layer', () => {
  const model = buildMlp({ inputDim: 5, numClasses: 3, layers: 2, units: 4, dropout: 0.1, activation: 'swish', seed: 1 });
  try {
    assert.deepEqual(
      probePoints(model).map((point) => [point.name, point.derivative !== null]),
      [
        ['hidden1_act', true],
        ['hidden2_act', true],
      ],
    );
    assert.deepEqual(
      trainableLayers(model).map((layer) => layer.name),
      ['hidden1_dense', 'hidden2_dense', 'output'],
    );
  } finally {
    model.dispose();
  }
  // prelu's slopes count with the dense layer before them: the layers line up with relu's.
  const prelu = buildMlp({ inputDim: 5, numClasses: 3, layers: 2, units: 4, dropout: 0, activation: 'prelu', seed: 1 });
  try {
    assert.deepEqual(
      trainableLayers(prelu).map((layer) => [layer.name, layer.variableNames.length]),
      [
        ['hidden1_dense', 3],
        ['hidden2_dense', 3],
        ['output', 2],
      ],
    );
  } finally {
    prelu.dispose();
  }
  const maxout = buildMlp({ inputDim: 5, numClasses: 3, layers: 1, units: 4, dropout: 0, activation: 'maxout-2', seed: 1 });
  try {
    assert.deepEqual(
      probePoints(maxout).map((point) => [point.name, point.derivative !== null]),
      [['hidden1_maxout', false]],
    );
  } finally {
    maxout.dispose();
  }
});

test("the bidirectional RNN's φ′ is rebuilt from its input and output: for tanh it is 1 − y² at every token", () => {
  const data = syntheticTagging(6, 4);
  const model = buildTagger({
    ...SYNTHETIC,
    embeddingDim: 5,
    cell: 'simple-rnn',
    units: 4,
    layers: 1,
    dropout: 0,
    activation: 'tanh',
    seed: 2,
  });
  const ids = tf.tensor2d(data.ids, [data.count, SYNTHETIC.maxLength], 'int32');
  const mask = tf.tensor2d(data.mask, [data.count, SYNTHETIC.maxLength]);
  try {
    const [point] = probePoints(model);
    assert.equal(point!.name, 'birnn1');
    const [input, output] = model.execute(ids, [point!.inputName, point!.outputName]) as [tf.Tensor, tf.Tensor];
    const derivative = point!.derivative!(input, output, mask);
    const y = output.dataSync();
    const dy = derivative.dataSync();
    const width = output.shape[2]!;
    let checked = 0;
    data.mask.forEach((token, position) => {
      if (token === 0) return;
      for (let unit = 0; unit < width; unit++) {
        const k = position * width + unit;
        assert.ok(
          Math.abs(dy[k]! - (1 - y[k]! * y[k]!)) < 1e-5,
          `position ${position} unit ${unit}: φ′ ${dy[k]} vs 1 − y² ${1 - y[k]! * y[k]!}`,
        );
        checked++;
      }
    });
    assert.ok(checked > 0);
    tf.dispose([input, output, derivative]);
  } finally {
    tf.dispose([ids, mask]);
    model.dispose();
  }
});

test('a snapshot frees every tensor it makes and leaves the weights as they were', () => {
  const model = buildMlp({ inputDim: 5, numClasses: 3, layers: 2, units: 6, dropout: 0.5, activation: 'prelu', seed: 4 });
  const split = (rows: number) => ({
    inputs: tf.randomNormal([rows, 5], 0, 1, 'float32', 9),
    labels: Int32Array.from({ length: rows }, (_, i) => i % 3),
  });
  const problem = classificationProblem(model, 3, { train: split(20), dev: split(6), test: split(6) });
  try {
    const recorder = diagnosticsRecorder(problem, 3)!;
    const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
    const before = tf.memory().numTensors;
    recorder.snapshot(0);
    recorder.snapshot(1);
    assert.equal(tf.memory().numTensors, before);
    assert.deepEqual(
      model.getWeights().map((w) => Array.from(w.dataSync())),
      weights,
    );
    const result = recorder.result();
    assert.deepEqual(
      result.snapshots.map((snapshot) => snapshot.epoch),
      [0, 1],
    );
    assert.equal(result.probeSize, 8);
  } finally {
    problem.dispose();
  }
});

test('a snapshot of a document CNN: gradient norms and φ′ as computed directly with the kernels training uses', () => {
  const maxLength = 12;
  const model = buildDocumentCnn({
    vocabSize: 30,
    embeddingDim: 6,
    maxLength,
    numClasses: 3,
    convLayers: 1,
    filters: 5,
    filterSize: 2,
    denseUnits: 4,
    dropout: 0.3,
    activation: 'tanh',
    seed: 3,
  });
  const split = (rows: number, seed: number) => {
    const random = seededRandom(seed);
    return {
      inputs: tf.tensor2d(
        Int32Array.from({ length: rows * maxLength }, () => Math.floor(random() * 30)),
        [rows, maxLength],
        'int32',
      ),
      labels: Int32Array.from({ length: rows }, (_, i) => i % 3),
    };
  };
  const problem = classificationProblem(model, 3, { train: split(20, 1), dev: split(6, 2), test: split(6, 3) });
  try {
    const recorder = diagnosticsRecorder(problem, 2)!;
    recorder.snapshot(0);
    const [snapshot] = recorder.result().snapshots;
    // The same gradients, by tfjs's own Max gradient and summed by kernels.
    const indices = probeIndices(problem.trainSize);
    const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
    const expected = tf.tidy(() => {
      const { grads } = tf.variableGrads(() => problem.probe!(indices, []).loss, variables);
      return trainableLayers(model).map((layer) =>
        Math.sqrt(layer.variableNames.reduce((sum, name) => sum + tf.sum(tf.square(grads[name]!)).dataSync()[0]!, 0)),
      );
    });
    assert.equal(snapshot!.gradNorm.length, expected.length);
    snapshot!.gradNorm.forEach((norm, i) => {
      assert.ok(norm !== null && expected[i]! > 0, `layer ${i}: ${norm}`);
      // Three significant digits recorded: within half a unit of the third.
      assert.ok(Math.abs(norm - expected[i]!) <= 0.005 * expected[i]!, `layer ${i}: ${norm} vs ${expected[i]}`);
    });
    // φ′ of tanh at the convolution's pre-activations is 1 − y² (seeded with ones, no sum).
    const [point] = probePoints(model);
    const ids = split(4, 9).inputs;
    const [input, output] = model.execute(ids, [point!.inputName, point!.outputName]) as [tf.Tensor, tf.Tensor];
    const derivative = point!.derivative!(input, output, undefined);
    assert.deepEqual(derivative.shape, output.shape);
    const y = output.dataSync();
    derivative.dataSync().forEach((value, i) => assert.ok(Math.abs(value - (1 - y[i]! * y[i]!)) < 1e-5, `entry ${i}`));
    tf.dispose([ids, input, output, derivative]);
  } finally {
    problem.dispose();
  }
});

/** What must not change: every score, loss and status the run reports. */
function outcome(result: RunResult): unknown {
  return {
    status: result.status,
    dev: result.dev,
    test: result.test,
    epochs: result.epochs,
    bestEpoch: result.bestEpoch,
    history: result.history.map((epoch) => [epoch.loss, epoch.dev]),
  };
}

const RUNS: { label: string; request: Omit<RunRequest, 'diagnostics'> }[] = [
  // Dropout on: the probe must not advance the generator tfjs draws the masks from.
  {
    label: 'sentence MLP, swish, dropout',
    request: {
      task: 'sentence-classification',
      activation: 'swish',
      limit: 200,
      maxEpochs: 3,
      seed: 7,
      hparams: { units: 24, layers: 2, dropout: 0.3 },
    },
  },
  {
    label: 'sentence MLP, maxout-2',
    request: {
      task: 'sentence-classification',
      activation: 'maxout-2',
      limit: 150,
      maxEpochs: 2,
      seed: 2,
      hparams: { units: 16, dropout: 0.2 },
    },
  },
  // The CNN: a global max-pool over time, whose gradient masks with a broadcasting Equal.
  {
    label: 'document CNN, relu, dropout',
    request: {
      task: 'document-classification',
      dataset: 'spam-assassin',
      activation: 'relu',
      limit: 48,
      maxEpochs: 2,
      seed: 5,
      settings: { maxLength: 100 },
      hparams: { filters: 8, filterSize: 2, denseUnits: 8, dropout: 0.2 },
    },
  },
  // The tagger: a recurrent point, a padding mask, clipping (the clipped norm counts non-finite steps).
  {
    label: 'BiRNN tagger, penalized tanh',
    request: {
      task: 'sequence-tagging',
      dataset: 'brown-pos',
      activation: 'penalized-tanh',
      limit: 60,
      maxEpochs: 2,
      seed: 3,
      settings: { maxLength: 25 },
      hparams: { units: 16, dropout: 0.2 },
    },
  },
];

for (const { label, request } of RUNS) {
  test(`${label}: diagnostics on and off give bit-identical scores and history`, async () => {
    const on = await runOne({ ...request, diagnostics: true });
    const off = await runOne({ ...request, diagnostics: false });
    assert.deepEqual(outcome(on), outcome(off));
    assert.equal(off.diagnostics, undefined);
    const diagnostics = on.diagnostics!;
    assert.ok(diagnostics, 'a run with diagnostics on records them');
    assert.equal(diagnostics.snapshots[0]!.epoch, 0);
    assert.equal(diagnostics.snapshots.at(-1)!.epoch, on.epochs);
    for (const snapshot of diagnostics.snapshots) {
      assert.equal(snapshot.gradNorm.length, diagnostics.layers.length);
      for (const values of [snapshot.dead, snapshot.saturated, snapshot.mean, snapshot.std])
        assert.equal(values.length, diagnostics.points.length);
      assert.ok(
        snapshot.gradNorm.every((norm) => norm !== null && norm > 0),
        `gradient norms ${JSON.stringify(snapshot.gradNorm)}`,
      );
    }
    assert.ok(JSON.stringify(diagnostics).length < 4096, `${JSON.stringify(diagnostics).length} bytes`);
    // φ′ is had everywhere except at maxout.
    assert.equal(
      diagnostics.snapshots[0]!.saturated.every((value) => value === null),
      request.activation === 'maxout-2',
    );
  });
}
