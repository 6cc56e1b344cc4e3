// DenseNet (L = 100, k = 12) and DenseNet-BC (L = 100, k = 12): parameter counts worked out by hand
// and against the paper's 7.0M and 0.8M, the channel bookkeeping, where the activation stands, one
// SGD step on WASM for each, bad sizes refused.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { loadActivations, type ActivationRegistry } from '../activation/registry.js';
import { initBackend } from '../backend/backends.js';
import {
  activationPlaces,
  assertEveryActivationRuns,
  assertNearPaper,
  CIFAR_INPUT,
  oneSgdStep,
  trainableCount,
} from './cifar-network-test-support.js';
import { buildDenseNet } from './densenet.js';

let registry: ActivationRegistry;
before(async () => {
  await initBackend('wasm');
  registry = await loadActivations();
});

/**
 * 10 classes, growth k, m layers per block. Plain: a layer reading c channels has BN 2c and a
 * 3×3 conv 9ck; a transition BN 2c and a 1×1 conv c². BC: a layer has BN 2c, 1×1 c·4k, BN 8k,
 * 3×3 9·4k·k; a transition BN 2c and a 1×1 conv c·⌊c/2⌋. Final BN 2c, classifier 10c + 10.
 */
function denseCount(bc: boolean, m: number, k: number): number {
  let channels = bc ? 2 * k : 16;
  let total = 3 * 3 * 3 * channels;
  for (let block = 1; block <= 3; block++) {
    for (let layer = 0; layer < m; layer++) {
      total += bc ? 2 * channels + channels * 4 * k + 8 * k + 36 * k * k : 2 * channels + 9 * channels * k;
      channels += k;
    }
    if (block < 3) {
      const out = bc ? Math.floor(channels / 2) : channels;
      total += 2 * channels + channels * out;
      channels = out;
    }
  }
  return total + 2 * channels + 10 * channels + 10;
}

test('DenseNet (L=100, k=12): 6,979,642 trainable parameters, the paper’s 7.0M; 16 + 3·32·12 = 1,168 channels at the end', () => {
  const model = buildDenseNet({ ...CIFAR_INPUT, depth: 100, growthRate: 12, bc: false, activation: 'swish' });
  const count = trainableCount(model);
  assert.equal(count, denseCount(false, 32, 12));
  assert.equal(count, 6_979_642);
  assertNearPaper(count, 7.0e6, 0.01, 'DenseNet-100-12');
  assert.deepEqual(model.getLayer('block1_layer32_concat').outputShape, [null, 32, 32, 16 + 32 * 12]);
  assert.deepEqual(model.getLayer('block3_layer32_concat').outputShape, [null, 8, 8, 1168]);
  // One activation per layer (96), one per transition (2), one in the head.
  assert.equal(activationPlaces(model, 'swish'), 96 + 2 + 1);
  model.dispose();
});

test('DenseNet-BC (L=100, k=12): 769,162 trainable parameters, the paper’s 0.8M; compression halves the channels', () => {
  const model = buildDenseNet({ ...CIFAR_INPUT, depth: 100, growthRate: 12, bc: true, activation: 'swish' });
  const count = trainableCount(model);
  assert.equal(count, denseCount(true, 16, 12));
  assert.equal(count, 769_162);
  // The paper gives one significant figure (0.8M): the count must round to it.
  assertNearPaper(count, 0.8e6, 0.05, 'DenseNet-BC-100-12');
  // 24 + 16·12 = 216 → 108 after the first transition; 108 + 192 = 300 → 150; 150 + 192 = 342 at the end.
  assert.deepEqual(model.getLayer('transition1_pool').outputShape, [null, 16, 16, 108]);
  assert.deepEqual(model.getLayer('transition2_pool').outputShape, [null, 8, 8, 150]);
  assert.deepEqual(model.getLayer('block3_layer16_concat').outputShape, [null, 8, 8, 342]);
  assert.equal(activationPlaces(model, 'swish'), 2 * 48 + 2 + 1);
  model.dispose();
});

for (const bc of [false, true]) {
  test(`DenseNet${bc ? '-BC' : ''}-100-12: one SGD step on WASM moves every weight and moving statistic (${bc ? 'about 1 s' : 'slow: about 7 s'})`, () => {
    const model = buildDenseNet({ ...CIFAR_INPUT, depth: 100, growthRate: 12, bc, activation: 'swish' });
    const { loss, unchanged } = oneSgdStep(model);
    assert.ok(Number.isFinite(loss) && loss > 0, `loss ${loss}`);
    assert.deepEqual(unchanged, []);
    model.dispose();
  });
}

test('DenseNet: depths that do not divide into three blocks are refused with the reason', () => {
  assert.throws(
    () => buildDenseNet({ ...CIFAR_INPUT, depth: 101, growthRate: 12, bc: false, activation: 'relu' }),
    /depth must be 3m \+ 4 for DenseNet, got 101/,
  );
  assert.throws(
    () => buildDenseNet({ ...CIFAR_INPUT, depth: 43, growthRate: 12, bc: true, activation: 'relu' }),
    /depth must be 6m \+ 4 for DenseNet-BC, got 43/,
  );
  assert.throws(
    () => buildDenseNet({ ...CIFAR_INPUT, depth: 40, growthRate: 0, bc: false, activation: 'relu' }),
    /growthRate must be a positive integer, got 0/,
  );
});

test('every registry activation but maxout builds and runs in a small one (training mode); maxout is refused with the reason', () => {
  assertEveryActivationRuns(registry.all, (activation) =>
    buildDenseNet({ ...CIFAR_INPUT, inputShape: [8, 8, 3], depth: 10, growthRate: 4, bc: true, activation }),
  );
});
