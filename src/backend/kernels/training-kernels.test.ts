// Audit: every model kind of the study trains on the 'wasm' backend (and the 'cpu' one) with every
// optimizer the study uses. A missing kernel shows up here as "Kernel X not registered for backend".
// The target is learnable and the batch fixed, so a few steps must lower the loss.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../backends.js';

type OptimizerFactory = () => tf.Optimizer;

const OPTIMIZERS: Record<string, OptimizerFactory> = {
  sgd: () => tf.train.sgd(0.1),
  momentum: () => tf.train.momentum(0.05, 0.9),
  adam: () => tf.train.adam(0.01),
  adamax: () => tf.train.adamax(0.01),
  adagrad: () => tf.train.adagrad(0.1),
  adadelta: () => tf.train.adadelta(1.0),
  rmsprop: () => tf.train.rmsprop(0.01),
};

/** Deterministic pseudo-random numbers, so that every run sees the same toy data. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function oneHot(labels: number[], classes: number, shape: number[]): tf.Tensor {
  return tf.tidy(() => tf.reshape(tf.oneHot(tf.tensor1d(labels, 'int32'), classes), [...shape, classes]));
}

interface ToyTask {
  build: () => tfl.LayersModel;
  x: () => tf.Tensor;
  y: () => tf.Tensor;
}

const BATCH = 4;

const mlpTask: ToyTask = {
  build: () => {
    const m = tfl.sequential();
    m.add(
      tfl.layers.dense({ units: 12, inputShape: [6], activation: 'tanh', kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }),
    );
    m.add(tfl.layers.dropout({ rate: 0.1, seed: 2 }));
    m.add(tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }) }));
    return m;
  },
  x: () => {
    const r = lcg(11);
    return tf.tensor2d(
      Array.from({ length: BATCH * 6 }, () => r() * 2 - 1),
      [BATCH, 6],
    );
  },
  y: () => oneHot([0, 1, 2, 1], 3, [BATCH]),
};

const VOCAB = 20;
const SEQ = 6;

function tokens(seed: number): tf.Tensor {
  const r = lcg(seed);
  return tf.tensor2d(
    Array.from({ length: BATCH * SEQ }, () => Math.floor(r() * VOCAB)),
    [BATCH, SEQ],
    'int32',
  );
}

function textCnnTask(variant: 'global' | 'pooled'): ToyTask {
  return {
    build: () => {
      const m = tfl.sequential();
      m.add(
        tfl.layers.embedding({
          inputDim: VOCAB,
          outputDim: 5,
          inputLength: SEQ,
          embeddingsInitializer: tfl.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed: 4 }),
        }),
      );
      if (variant === 'global') {
        m.add(
          tfl.layers.conv1d({
            filters: 4,
            kernelSize: 3,
            padding: 'same',
            activation: 'relu',
            kernelInitializer: tfl.initializers.glorotUniform({ seed: 5 }),
          }),
        );
        m.add(tfl.layers.globalMaxPooling1d());
      } else {
        m.add(
          tfl.layers.conv1d({
            filters: 4,
            kernelSize: 2,
            strides: 2,
            padding: 'valid',
            activation: 'relu',
            kernelInitializer: tfl.initializers.glorotUniform({ seed: 5 }),
          }),
        );
        m.add(tfl.layers.maxPooling1d({ poolSize: 2 }));
        m.add(tfl.layers.flatten());
      }
      m.add(tfl.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: 6 }) }));
      return m;
    },
    x: () => tokens(21),
    y: () => oneHot([0, 1, 1, 0], 2, [BATCH]),
  };
}

function taggerTask(cell: 'simpleRNN' | 'lstm'): ToyTask {
  return {
    build: () => {
      const m = tfl.sequential();
      m.add(
        tfl.layers.embedding({
          inputDim: VOCAB,
          outputDim: 5,
          inputLength: SEQ,
          embeddingsInitializer: tfl.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed: 7 }),
        }),
      );
      const inner =
        cell === 'lstm'
          ? tfl.layers.lstm({
              units: 4,
              returnSequences: true,
              kernelInitializer: tfl.initializers.glorotUniform({ seed: 8 }),
              recurrentInitializer: tfl.initializers.glorotUniform({ seed: 9 }),
            })
          : tfl.layers.simpleRNN({
              units: 4,
              returnSequences: true,
              kernelInitializer: tfl.initializers.glorotUniform({ seed: 8 }),
              recurrentInitializer: tfl.initializers.glorotUniform({ seed: 9 }),
            });
      m.add(tfl.layers.bidirectional({ layer: inner as tfl.RNN, mergeMode: 'concat' }));
      m.add(
        tfl.layers.timeDistributed({
          layer: tfl.layers.dense({ units: 3, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: 10 }) }),
        }),
      );
      return m;
    },
    x: () => tokens(31),
    // Tag = token id mod 3: learnable from the embedding alone.
    y: () => tf.tidy(() => tf.reshape(tf.oneHot(tf.cast(tf.reshape(tf.mod(tokens(31), 3), [-1]), 'int32'), 3), [BATCH, SEQ, 3])),
  };
}

const visionTask: ToyTask = {
  build: () => {
    const init = (seed: number) => tfl.initializers.glorotUniform({ seed });
    const input = tfl.input({ shape: [8, 8, 2] });
    let h = tfl.layers
      .conv2d({ filters: 4, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: init(12) })
      .apply(input) as tfl.SymbolicTensor;
    h = tfl.layers.batchNormalization().apply(h) as tfl.SymbolicTensor;
    h = tfl.layers.activation({ activation: 'relu' }).apply(h) as tfl.SymbolicTensor;
    const branch = tfl.layers
      .conv2d({ filters: 4, kernelSize: 3, padding: 'same', kernelInitializer: init(13) })
      .apply(h) as tfl.SymbolicTensor;
    h = tfl.layers.add().apply([h, branch]) as tfl.SymbolicTensor;
    h = tfl.layers.zeroPadding2d({ padding: 1 }).apply(h) as tfl.SymbolicTensor;
    h = tfl.layers.maxPooling2d({ poolSize: 2 }).apply(h) as tfl.SymbolicTensor;
    h = tfl.layers
      .depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same', depthwiseInitializer: init(14) })
      .apply(h) as tfl.SymbolicTensor;
    h = tfl.layers
      .conv2d({ filters: 6, kernelSize: 2, strides: 2, padding: 'valid', activation: 'relu', kernelInitializer: init(15) })
      .apply(h) as tfl.SymbolicTensor;
    const avg = tfl.layers.averagePooling2d({ poolSize: 2, strides: 1, padding: 'same' }).apply(h) as tfl.SymbolicTensor;
    h = tfl.layers.globalAveragePooling2d({}).apply(avg) as tfl.SymbolicTensor;
    const out = tfl.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: init(16) }).apply(h) as tfl.SymbolicTensor;
    return tfl.model({ inputs: input, outputs: out });
  },
  x: () => {
    const r = lcg(41);
    return tf.tensor4d(
      Array.from({ length: BATCH * 8 * 8 * 2 }, () => r()),
      [BATCH, 8, 8, 2],
    );
  },
  y: () => oneHot([1, 0, 0, 1], 2, [BATCH]),
};

const TASKS: Record<string, ToyTask> = {
  mlp: mlpTask,
  'text-cnn (conv1d same, global max pool)': textCnnTask('global'),
  'text-cnn (conv1d strided valid, max pool)': textCnnTask('pooled'),
  'tagger (bidirectional SimpleRNN)': taggerTask('simpleRNN'),
  'tagger (bidirectional LSTM)': taggerTask('lstm'),
  'vision (conv2d, batchnorm, residual add, pooling, depthwise)': visionTask,
};

async function fitLosses(task: ToyTask, optimizer: tf.Optimizer, epochs: number): Promise<number[]> {
  const model = task.build();
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  const x = task.x();
  const y = task.y();
  try {
    const history = await model.fit(x, y, { epochs, batchSize: BATCH, shuffle: false, verbose: 0 });
    return history.history['loss'] as number[];
  } finally {
    x.dispose();
    y.dispose();
    model.dispose();
  }
}

function assertLearns(losses: number[], label: string): void {
  assert.ok(losses.every(Number.isFinite), `${label}: non-finite loss ${losses.join(', ')}`);
  const first = losses[0] ?? NaN;
  const last = losses[losses.length - 1] ?? NaN;
  assert.ok(last < first, `${label}: loss did not decrease (${losses.map((l) => l.toFixed(4)).join(' → ')})`);
}

/**
 * A Nadam-style update written from core ops, with gradient clipping by global norm: the ops a
 * hand-written optimizer uses (sqrt, pow, div, squared sums) must have kernels and gradients too.
 */
function nadamClippedSteps(model: tfl.LayersModel, x: tf.Tensor, y: tf.Tensor, steps: number, clipNorm: number): number[] {
  const lr = 0.01;
  const b1 = 0.9;
  const b2 = 0.999;
  const eps = 1e-7;
  const weights = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const m = weights.map((w) => tf.variable(tf.zerosLike(w), false));
  const v = weights.map((w) => tf.variable(tf.zerosLike(w), false));
  const losses: number[] = [];
  for (let t = 1; t <= steps; t++) {
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        const pred = model.apply(x, { training: true }) as tf.Tensor;
        return tf.losses.softmaxCrossEntropy(y, tf.log(tf.clipByValue(pred, 1e-7, 1))) as tf.Scalar;
      }, weights);
      losses.push(value.dataSync()[0] ?? NaN);
      const globalNorm = tf.sqrt(tf.addN(weights.map((w) => tf.sum(tf.square(grads[w.name] as tf.Tensor)))));
      const scale = tf.div(clipNorm, tf.maximum(globalNorm, clipNorm));
      weights.forEach((w, i) => {
        const g = tf.mul(grads[w.name] as tf.Tensor, scale);
        const mi = m[i] as tf.Variable;
        const vi = v[i] as tf.Variable;
        mi.assign(tf.add(tf.mul(mi, b1), tf.mul(g, 1 - b1)));
        vi.assign(tf.add(tf.mul(vi, b2), tf.mul(tf.square(g), 1 - b2)));
        const mHat = tf.add(tf.div(tf.mul(mi, b1), 1 - b1 ** (t + 1)), tf.div(tf.mul(g, 1 - b1), 1 - b1 ** t));
        const vHat = tf.div(vi, 1 - b2 ** t);
        w.assign(tf.sub(w, tf.mul(lr, tf.div(mHat, tf.add(tf.sqrt(vHat), eps)))));
      });
    });
  }
  tf.dispose([...m, ...v]);
  return losses;
}

for (const backend of ['wasm', 'cpu'] as const) {
  describe(`training the study's models on the '${backend}' backend`, () => {
    before(async () => {
      await initBackend(backend);
    });

    for (const [taskName, task] of Object.entries(TASKS)) {
      it(`${taskName} learns with adam`, async () => {
        assertLearns(await fitLosses(task, tf.train.adam(0.02), 6), taskName);
      });
    }

    for (const [optName, make] of Object.entries(OPTIMIZERS)) {
      it(`mlp learns with ${optName}`, async () => {
        assertLearns(await fitLosses(mlpTask, make(), 6), `mlp/${optName}`);
      });
    }

    it('text-cnn learns with rmsprop and momentum (embedding + conv gradients through stateful optimizers)', async () => {
      assertLearns(
        await fitLosses(TASKS['text-cnn (conv1d same, global max pool)'] as ToyTask, tf.train.rmsprop(0.01), 6),
        'text-cnn/rmsprop',
      );
      assertLearns(await fitLosses(visionTask, tf.train.momentum(0.05, 0.9), 6), 'vision/momentum');
    });

    it('a Nadam-style update with global-norm gradient clipping lowers the loss (vision and tagger)', () => {
      for (const task of [visionTask, taggerTask('lstm')]) {
        const model = task.build();
        const x = task.x();
        const y = task.y();
        const losses = nadamClippedSteps(model, x, y, 6, 1.0);
        tf.dispose([x, y]);
        model.dispose();
        assertLearns(losses, 'nadam+clip');
      }
    });
  });
}
