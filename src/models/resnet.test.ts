// The residual networks: trainable parameter counts against the usual figures (worked out below),
// stage shapes, one SGD step on the WASM backend for every depth (finite loss, every weight and
// batch-norm statistic moves), every usable registry activation, maxout refused, save and load.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { saveAndLoad } from '../activation/layers/layer-test-support.js';
import { loadActivations } from '../activation/registry.js';
import { initBackend } from '../backend/backends.js';
import { makeOptimizer } from '../engine/optimizers.js';
import { crossEntropy } from '../task/text-classification-problem.js';
import { buildCifarResNet, buildResNet, RESNET_MODELS, type ResNetOptions } from './resnet.js';

const registry = await loadActivations();

before(async () => {
  await initBackend('wasm');
});

const CIFAR: Omit<ResNetOptions, 'model' | 'activation'> = { inputShape: [32, 32, 3], numClasses: 10, seed: 1 };

const trainableCount = (model: tfl.LayersModel) =>
  model.trainableWeights.reduce((sum, w) => sum + w.shape.reduce((a: number, b) => a * b!, 1), 0);

/**
 * The CIFAR ResNet of depth 6n + 2 with option A (no bias; BN γ and β per channel):
 *   stem 3·3·3·16 + BN 32 = 464;
 *   stage 1: 2n × (3·3·16·16 + 32) = 2n × 2336;
 *   stage 2: 3·3·16·32 + 64 = 4672, then (2n − 1) × (3·3·32·32 + 64) = (2n − 1) × 9280;
 *   stage 3: 3·3·32·64 + 128 = 18560, then (2n − 1) × (3·3·64·64 + 128) = (2n − 1) × 36992;
 *   classifier 64·10 + 10 = 650.
 * n = 3 (ResNet-20): 464 + 14016 + 4672 + 46400 + 18560 + 184960 + 650 = 269,722 (the usual 0.27M).
 */
function cifarResNetCount(n: number): number {
  return 464 + 2 * n * 2336 + 4672 + (2 * n - 1) * 9280 + 18560 + (2 * n - 1) * 36992 + 650;
}

describe('buildResNet', () => {
  test('trainable parameters: ResNet-20/32/56 0.27M/0.46M/0.85M (option A), ResNet-18 11.2M (option B)', () => {
    const counts: Record<string, number> = {};
    for (const model of ['resnet20', 'resnet32', 'resnet56'] as const) {
      const built = buildResNet({ ...CIFAR, model, activation: 'relu' });
      counts[model] = trainableCount(built);
      built.dispose();
    }
    assert.deepEqual(counts, { resnet20: cifarResNetCount(3), resnet32: cifarResNetCount(5), resnet56: cifarResNetCount(9) });
    assert.deepEqual(Object.values(counts), [269_722, 464_154, 853_018]);

    // Option B adds a 1×1 projection + BN to the two downsampling blocks: 16·32 + 64 + 32·64 + 128 = 2,752.
    const projected = buildResNet({ ...CIFAR, model: 'resnet20', activation: 'relu', shortcut: 'B' });
    assert.equal(trainableCount(projected), 269_722 + 2_752);
    projected.dispose();

    // ResNet-18, CIFAR variant: stem 3·3·3·64 + 128 = 1,856; stage widths 64/128/256/512, two blocks
    // each; three 1×1 projections + BN; classifier 512·10 + 10 = 5,130. Total 11,173,962.
    const resnet18 = buildResNet({ ...CIFAR, model: 'resnet18', activation: 'relu' });
    const conv = (k: number, cin: number, cout: number) => k * k * cin * cout + 2 * cout;
    const stage = (cin: number, c: number) => conv(3, cin, c) + 3 * conv(3, c, c) + (cin === c ? 0 : conv(1, cin, c));
    const expected18 = conv(3, 3, 64) + stage(64, 64) + stage(64, 128) + stage(128, 256) + stage(256, 512) + 5_130;
    assert.equal(expected18, 11_173_962);
    assert.equal(trainableCount(resnet18), expected18);
    resnet18.dispose();
  });

  test('pre-activation: BN before each convolution, a final BN, bare 1×1 projections', () => {
    // ResNet-20 option A: the stem's BN (16 channels: 32) goes and a final one (64: 128) comes; each
    // block's first BN normalises its input, 16 and 32 channels narrower in the two downsampling
    // blocks (−32, −64). Net zero: the same 269,722.
    const pre20 = buildResNet({ ...CIFAR, model: 'resnet20', activation: 'relu', preActivation: true });
    assert.equal(trainableCount(pre20), 269_722);
    assert.equal(pre20.getLayer('stage1_block1_bn1').outputShape[3], 16);
    assert.ok(pre20.layers.some((l) => l.name === 'final_bn') && !pre20.layers.some((l) => l.name === 'stem_bn'));
    pre20.dispose();
    // ResNet-18: −128 (stem BN) + 1,024 (final BN) − (128 + 256 + 512) (narrower first BNs) − 2·(128 + 256 + 512) (no BN after the projections).
    const pre18 = buildResNet({ ...CIFAR, model: 'resnet18', activation: 'relu', preActivation: true });
    assert.equal(trainableCount(pre18), 11_173_962 - 128 + 1_024 - 896 - 1_792);
    pre18.dispose();
  });

  test('stage shapes: 32×32×16 → 16×16×32 → 8×8×64; ResNet-18 ends at 4×4×512', () => {
    const resnet20 = buildResNet({ ...CIFAR, model: 'resnet20', activation: 'relu' });
    assert.deepEqual(resnet20.getLayer('stage1_block3_act2').outputShape, [null, 32, 32, 16]);
    assert.deepEqual(resnet20.getLayer('stage2_block1_shortcut').outputShape, [null, 16, 16, 32]);
    assert.deepEqual(resnet20.getLayer('stage3_block3_act2').outputShape, [null, 8, 8, 64]);
    assert.deepEqual(resnet20.outputs[0]!.shape, [null, 10]);
    resnet20.dispose();
    const resnet18 = buildResNet({ ...CIFAR, model: 'resnet18', activation: 'relu' });
    assert.deepEqual(resnet18.getLayer('stage4_block2_act2').outputShape, [null, 4, 4, 512]);
    resnet18.dispose();
  });

  for (const model of RESNET_MODELS) {
    test(`${model}: one SGD step on WASM — finite loss, every weight and moving statistic changes`, () => {
      const built = buildResNet({ ...CIFAR, model, activation: 'swish', preActivation: model === 'resnet20' });
      const before = built.getWeights().map((w) => w.dataSync().slice());
      const x = tf.randomNormal([2, 32, 32, 3], 0, 1, 'float32', 11);
      const labels = tf.tensor1d([3, 7], 'int32');
      const { optimizer } = makeOptimizer('sgd-momentum');
      const variables = built.trainableWeights.map((w) => w.read() as tf.Variable);
      const loss = tf.tidy(() => {
        const { value, grads } = tf.variableGrads(
          () => crossEntropy(built.apply(x, { training: true }) as tf.Tensor, labels, 10),
          variables,
        );
        optimizer.applyGradients(grads);
        return value.dataSync()[0]!;
      });
      assert.ok(Number.isFinite(loss) && loss > 0, `loss ${loss}`);
      const unchanged = built.weights.filter((_w, i) => {
        const after = built.getWeights()[i]!.dataSync();
        return after.every((value, j) => value === before[i]![j]);
      });
      assert.deepEqual(
        unchanged.map((w) => w.name),
        [],
      );
      tf.dispose([x, labels]);
      optimizer.dispose();
      built.dispose();
    });
  }

  test('every registry activation but maxout builds and runs (training mode); maxout is refused with the reason', () => {
    const x = tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 12);
    for (const activation of registry.all) {
      for (const preActivation of [false, true]) {
        const options = {
          ...CIFAR,
          inputShape: [8, 8, 3] as [number, number, number],
          model: 'resnet20' as const,
          activation: activation.name,
          preActivation,
        };
        if (activation.name.startsWith('maxout')) {
          assert.throws(() => buildResNet(options), /has no affine map of its own for maxout/, activation.name);
          continue;
        }
        // cube after the addition cubes the identity path once per block (x ← (r + x)³), which
        // overflows float32 within nine blocks: a real property of cube there, left to the engine
        // to record as divergence. Pre-activation blocks normalise before every cube.
        if (activation.name === 'cube' && !preActivation) continue;
        const model = buildResNet(options);
        const probabilities = model.apply(x, { training: true }) as tf.Tensor;
        assert.ok(
          probabilities.dataSync().every(Number.isFinite),
          `${activation.name}${preActivation ? ' (pre-activation)' : ''}: non-finite output`,
        );
        probabilities.dispose();
        model.dispose();
      }
    }
    x.dispose();
  });

  test('saves and loads with identical predictions (option A shortcut, PReLU, batch norm)', async () => {
    const model = buildResNet({ ...CIFAR, inputShape: [8, 8, 3], model: 'resnet20', activation: 'prelu' });
    const shifted = model.getWeights().map((w, i) => tf.add(tf.abs(w), tf.randomUniform(w.shape, 0.1, 0.3, 'float32', 300 + i)));
    model.setWeights(shifted);
    tf.dispose(shifted);
    const loaded = await saveAndLoad(model);
    const x = tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 13);
    assert.deepEqual((loaded.predict(x) as tf.Tensor).dataSync(), (model.predict(x) as tf.Tensor).dataSync());
    model.dispose();
    loaded.dispose();
  });

  test('bad options are refused', () => {
    assert.throws(
      () => buildResNet({ ...CIFAR, model: 'resnet19' as never, activation: 'relu' }),
      /unknown model 'resnet19'; choose resnet20, resnet32, resnet56, resnet18/,
    );
    assert.throws(
      () => buildResNet({ ...CIFAR, model: 'resnet20', activation: 'relu', shortcut: 'C' as never }),
      /shortcut must be 'A' or 'B'/,
    );
  });
});

test('buildCifarResNet: any depth 6n + 2 and width; depth 20 at width 16 is ResNet-20; 28×28 grayscale input', () => {
  const twenty = buildCifarResNet({ ...CIFAR, depth: 20, width: 16, activation: 'relu' });
  assert.equal(trainableCount(twenty), 269_722);
  twenty.dispose();
  // Width 8, depth 8 (n = 1), pre-activation, 1 input channel: stem 3·3·1·8 = 72; block 1 BN 16 +
  // 3·3·8·8 + BN 16 + 3·3·8·8 = 1,184; block 2 BN 16 + 3·3·8·16 + BN 32 + 3·3·16·16 = 3,504;
  // block 3 BN 32 + 3·3·16·32 + BN 64 + 3·3·32·32 = 13,920; final BN 64; classifier 32·10 + 10 = 330.
  const small = buildCifarResNet({ ...CIFAR, inputShape: [28, 28, 1], depth: 8, width: 8, preActivation: true, activation: 'swish' });
  assert.equal(trainableCount(small), 72 + 1_184 + 3_504 + 13_920 + 64 + 330);
  assert.deepEqual(small.getLayer('stage3_block1_add').outputShape, [null, 7, 7, 32]);
  small.dispose();
  assert.throws(
    () => buildCifarResNet({ ...CIFAR, depth: 9, width: 8, activation: 'relu' }),
    /depth must be 6n \+ 2 \(8, 14, 20, 32, …\), got 9/,
  );
  assert.throws(() => buildCifarResNet({ ...CIFAR, depth: 8, width: 0, activation: 'relu' }), /buildCifarResNet: width/);
});
