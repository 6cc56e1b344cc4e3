// ResNet-164 (pre-activation bottleneck): its parameter count worked out by hand and against the
// paper's 1.7M, where the activation stands, one SGD step on WASM, bad depths refused.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { loadActivations, type ActivationRegistry } from '../activation/registry.js';
import { initBackend } from '../backend/backends.js';
import { buildBottleneckResNet } from './bottleneck-resnet.js';
import {
  activationPlaces,
  assertEveryActivationRuns,
  assertNearPaper,
  CIFAR_INPUT,
  oneSgdStep,
  trainableCount,
} from './cifar-network-test-support.js';

let registry: ActivationRegistry;
before(async () => {
  await initBackend('wasm');
  registry = await loadActivations();
});

/**
 * Depth 9n + 2, 10 classes. A unit reading c_in channels with bottleneck width w: BN 2·c_in,
 * 1×1 c_in·w, BN 2w, 3×3 9w², BN 2w, 1×1 w·4w, and a 1×1 projection c_in·4w when c_in ≠ 4w
 * (the first unit of each stage). Stem 3·3·3·16, final BN 2·256, classifier 256·10 + 10.
 */
function bottleneckCount(n: number): number {
  const unit = (cin: number, w: number) => 2 * cin + cin * w + 2 * w + 9 * w * w + 2 * w + 4 * w * w + (cin === 4 * w ? 0 : cin * 4 * w);
  let total = 3 * 3 * 3 * 16 + 2 * 256 + 256 * 10 + 10;
  let cin = 16;
  for (const w of [16, 32, 64]) {
    total += unit(cin, w) + (n - 1) * unit(4 * w, w);
    cin = 4 * w;
  }
  return total;
}

test('ResNet-164: 1,703,258 trainable parameters, the paper’s 1.7M; the activation after every one of its 163 batch norms', () => {
  const model = buildBottleneckResNet({ ...CIFAR_INPUT, depth: 164, activation: 'swish' });
  const count = trainableCount(model);
  assert.equal(count, bottleneckCount(18));
  assert.equal(count, 1_703_258);
  assertNearPaper(count, 1.7e6, 0.01, 'ResNet-164');
  // Three pre-activations per unit, 54 units, and the head's.
  assert.equal(activationPlaces(model, 'swish'), 3 * 54 + 1);
  assert.deepEqual(model.getLayer('stage3_unit18_add').outputShape, [null, 8, 8, 256]);
  model.dispose();
});

test('ResNet-164: one SGD step on WASM moves every weight and moving statistic (about 2 s)', () => {
  const model = buildBottleneckResNet({ ...CIFAR_INPUT, depth: 164, activation: 'swish' });
  const { loss, unchanged } = oneSgdStep(model);
  assert.ok(Number.isFinite(loss) && loss > 0, `loss ${loss}`);
  assert.deepEqual(unchanged, []);
  model.dispose();
});

test('ResNet-164: bad depths and maxout are refused with the reason', () => {
  assert.throws(
    () => buildBottleneckResNet({ ...CIFAR_INPUT, depth: 111, activation: 'relu' }),
    /depth must be 9n \+ 2 \(11, 20, …, 164\), got 111/,
  );
  assert.throws(() => buildBottleneckResNet({ ...CIFAR_INPUT, depth: 20, activation: 'maxout-2' }), /cannot stand here.*maxout/);
});

test('every registry activation but maxout builds and runs in a small one (training mode); maxout is refused with the reason', () => {
  assertEveryActivationRuns(registry.all, (activation) =>
    buildBottleneckResNet({ ...CIFAR_INPUT, inputShape: [8, 8, 3], depth: 11, activation }),
  );
});
