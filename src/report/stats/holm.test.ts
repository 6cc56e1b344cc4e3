import assert from 'node:assert/strict';
import { test } from 'node:test';
import { holmAdjust } from './holm.js';
import { assertClose } from './stats-test-support.js';

function assertAllClose(actual: number[], expected: number[]): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((value, index) => {
    if (Number.isNaN(expected[index])) assert.ok(Number.isNaN(value), `index ${index}: expected NaN, got ${value}`);
    else assertClose(value, expected[index]!, 1e-12, `index ${index}`);
  });
}

test('hand-worked: sorted 0.005·4, 0.01·3, 0.03·2, 0.04·1, then the running maximum', () => {
  // 0.02, 0.03, 0.06, max(0.06, 0.04) = 0.06; returned in the given order
  assertAllClose(holmAdjust([0.01, 0.04, 0.03, 0.005]), [0.03, 0.06, 0.06, 0.02]);
});

test('capped at 1, NaN kept and not counted, empty', () => {
  assertAllClose(holmAdjust([0.5, 0.6]), [1, 1]);
  // two real p-values, so the factors are 2 and 1
  assertAllClose(holmAdjust([0.01, NaN, 0.04]), [0.02, NaN, 0.04]);
  assertAllClose(holmAdjust([NaN]), [NaN]);
  assert.deepEqual(holmAdjust([]), []);
  assertAllClose(holmAdjust([0.2]), [0.2]);
});

test('equal p-values get equal adjusted values; out-of-range input throws', () => {
  assertAllClose(holmAdjust([0.01, 0.01, 0.01]), [0.03, 0.03, 0.03]);
  assert.throws(() => holmAdjust([0.1, 1.2]), /index 1 is 1.2, not in \[0, 1\]/);
  assert.throws(() => holmAdjust([-0.1]), /index 0/);
});
