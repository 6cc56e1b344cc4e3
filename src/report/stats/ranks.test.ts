import assert from 'node:assert/strict';
import { test } from 'node:test';
import { averageRanks, tieGroupSizes } from './ranks.js';

test('rank 1 is the best; ties share the average of the ranks they span', () => {
  assert.deepEqual(averageRanks([0.9, 0.22, 0.34, 0.64, 0.64]), [1, 5, 4, 2.5, 2.5]);
  assert.deepEqual(averageRanks([0.9, 0.22, 0.34, 0.64, 0.64], false), [5, 1, 2, 3.5, 3.5]);
  assert.deepEqual(averageRanks([2, 7, 7, 7, 1]), [4, 2, 2, 2, 5]);
});

test('all tied, one value, empty, infinities, NaN', () => {
  assert.deepEqual(averageRanks([3, 3, 3, 3]), [2.5, 2.5, 2.5, 2.5]);
  assert.deepEqual(averageRanks([0.5]), [1]);
  assert.deepEqual(averageRanks([]), []);
  assert.deepEqual(averageRanks([Infinity, 1, -Infinity, Infinity]), [1.5, 3, 4, 1.5]);
  assert.throws(() => averageRanks([1, NaN]), /averageRanks: value at index 1 is NaN/);
});

test('tie group sizes', () => {
  assert.deepEqual(tieGroupSizes([1.5, 1.5, 3, 5, 5, 5]).sort(), [1, 2, 3]);
  assert.deepEqual(tieGroupSizes([]), []);
});
