// WRN-28-10: its parameter count worked out by hand and against the paper's 36.5M, dropout
// between the convolutions, where the activation stands, one SGD step on WASM, bad sizes refused.
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
import { buildWideResNet } from './wide-resnet.js';

let registry: ActivationRegistry;
before(async () => {
  await initBackend('wasm');
  registry = await loadActivations();
});

/**
 * Depth 6n + 4, widening k, 10 classes. A block from c_in to c channels: BN 2·c_in, 3×3 9·c_in·c,
 * BN 2c, 3×3 9c², and a 1×1 projection c_in·c when c_in ≠ c (the first block of each group, the
 * first one too: 16 ≠ 16k). Stem 3·3·3·16, final BN 2·64k, classifier 64k·10 + 10.
 */
function wideCount(n: number, k: number): number {
  const block = (cin: number, c: number) => 2 * cin + 9 * cin * c + 2 * c + 9 * c * c + (cin === c ? 0 : cin * c);
  let total = 3 * 3 * 3 * 16 + 2 * 64 * k + 64 * k * 10 + 10;
  let cin = 16;
  for (const c of [16 * k, 32 * k, 64 * k]) {
    total += block(cin, c) + (n - 1) * block(c, c);
    cin = c;
  }
  return total;
}

test('WRN-28-10: 36,479,194 trainable parameters, the paper’s 36.5M; dropout 0.3 between the convolutions; the activation after every batch norm', () => {
  const model = buildWideResNet({ ...CIFAR_INPUT, depth: 28, width: 10, activation: 'swish' });
  const count = trainableCount(model);
  assert.equal(count, wideCount(4, 10));
  assert.equal(count, 36_479_194);
  assertNearPaper(count, 36.5e6, 0.01, 'WRN-28-10');
  assert.equal(activationPlaces(model, 'swish'), 2 * 12 + 1);
  const dropouts = model.layers.filter((l) => l.getClassName() === 'Dropout');
  assert.equal(dropouts.length, 12);
  assert.ok(dropouts.every((l) => l.getConfig()['rate'] === 0.3));
  // Each dropout reads a block's middle activation and feeds its second convolution.
  assert.equal(
    (model.getLayer('group2_block1_dropout') as unknown as { inboundNodes: { inboundLayers: { name: string }[] }[] }).inboundNodes[0]!
      .inboundLayers[0]!.name,
    'group2_block1_mid_act',
  );
  assert.deepEqual(model.getLayer('group3_block4_add').outputShape, [null, 8, 8, 640]);
  model.dispose();
  const noDropout = buildWideResNet({ ...CIFAR_INPUT, depth: 10, width: 1, dropout: 0, activation: 'relu' });
  assert.equal(noDropout.layers.filter((l) => l.getClassName() === 'Dropout').length, 0);
  assert.equal(trainableCount(noDropout), wideCount(1, 1));
  noDropout.dispose();
});

test('WRN-28-10: one SGD step on WASM moves every weight and moving statistic (slow: about 10 s, 36M parameters)', () => {
  const model = buildWideResNet({ ...CIFAR_INPUT, depth: 28, width: 10, activation: 'swish' });
  const { loss, unchanged } = oneSgdStep(model);
  assert.ok(Number.isFinite(loss) && loss > 0, `loss ${loss}`);
  assert.deepEqual(unchanged, []);
  model.dispose();
});

test('WRN: bad depth, width and dropout are refused with the reason', () => {
  assert.throws(
    () => buildWideResNet({ ...CIFAR_INPUT, depth: 26, width: 10, activation: 'relu' }),
    /depth must be 6n \+ 4 \(10, 16, 22, 28, …\), got 26/,
  );
  assert.throws(
    () => buildWideResNet({ ...CIFAR_INPUT, depth: 28, width: 0, activation: 'relu' }),
    /width must be a positive integer, got 0/,
  );
  assert.throws(
    () => buildWideResNet({ ...CIFAR_INPUT, depth: 28, width: 2, dropout: 1, activation: 'relu' }),
    /dropout must be in \[0, 1\), got 1/,
  );
});

test('every registry activation but maxout builds and runs in a small one (training mode); maxout is refused with the reason', () => {
  assertEveryActivationRuns(registry.all, (activation) =>
    buildWideResNet({ ...CIFAR_INPUT, inputShape: [8, 8, 3], depth: 10, width: 1, activation }),
  );
});
