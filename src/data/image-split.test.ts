// The dev hold-out of the image datasets: exact per-class shares, seeded, order kept.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { holdOutImages, imageDevCount } from './image-split.js';
import type { ImageSet } from './types.js';

/** One 1×1 grey image per label, its pixel its own index, so every image is recognisable. */
function labelled(labels: number[]): ImageSet {
  return {
    pixels: Uint8Array.from(labels.map((_, i) => i)),
    labels: Int32Array.from(labels),
    count: labels.length,
    height: 1,
    width: 1,
    channels: 1,
  };
}

test('per-class shares add up to the dev count; leftover units go to the largest remainders, ties to the lower class', () => {
  // Classes of 3, 3 and 4 images, 5 to hold out: exact shares 1.5, 1.5, 2 → 2, 1, 2.
  const set = labelled([0, 0, 0, 1, 1, 1, 2, 2, 2, 2]);
  const { train, dev } = holdOutImages(set, 5, 9);
  const perClass = (labels: Int32Array) => [0, 1, 2].map((label) => labels.filter((l) => l === label).length);
  assert.deepEqual(perClass(dev.labels), [2, 1, 2]);
  assert.deepEqual(perClass(train.labels), [1, 2, 2]);
  // Together they are the whole set, each image once.
  assert.deepEqual(
    [...train.pixels, ...dev.pixels].sort((a, b) => a - b),
    [...set.pixels],
  );
  assert.deepEqual(
    [...dev.labels],
    [...dev.pixels].map((i) => set.labels[i]),
  );
});

test('the same seed gives the same parts in the same order; another seed others; the order is mixed', () => {
  // Sorted by class, as a source file might be: the first images of train must not all be class 0.
  const set = labelled(Array.from({ length: 200 }, (_, i) => Math.floor(i / 50)));
  const a = holdOutImages(set, 20, 1);
  assert.deepEqual(holdOutImages(set, 20, 1), a);
  assert.notDeepEqual(holdOutImages(set, 20, 2).dev.pixels, a.dev.pixels);
  assert.equal(new Set(a.train.labels.subarray(0, 20)).size, 4);
  assert.notDeepEqual(
    [...a.dev.pixels],
    [...a.dev.pixels].sort((x, y) => x - y),
  );
});

test('dev size: 5,000 for the real sets, a tenth of a small one; impossible counts are refused', () => {
  assert.equal(imageDevCount(50000), 5000);
  assert.equal(imageDevCount(60000), 5000);
  assert.equal(imageDevCount(200), 20);
  assert.throws(() => holdOutImages(labelled([0, 1]), 2, 1), /cannot hold out 2 of 2 images/);
});
