// Normalisation statistics, normalised batches and the seeded augmentation, checked against
// values worked out by hand on tiny images.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { channelStats, imageBatch, subsetImages, type ChannelStats } from './images.js';
import type { ImageSet } from './types.js';
import { seededRandom } from '../util/random.js';

/** Two 1×2 images with two channels: channel 0 holds 0, 51, 102, 204; channel 1 holds 255, 255, 0, 0. */
const twoByTwo: ImageSet = {
  pixels: Uint8Array.from([0, 255, 51, 255, 102, 0, 204, 0]),
  labels: Int32Array.from([0, 1]),
  count: 2,
  height: 1,
  width: 2,
  channels: 2,
};

function near(actual: number, expected: number, tolerance = 1e-6): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`);
}

test('channelStats: mean and population std of pixel/255 per channel, by hand', () => {
  const stats = channelStats(twoByTwo);
  // channel 0: 0, .2, .4, .8 → mean .35, E[x²] = .21, variance .21 − .1225 = .0875
  near(stats.mean[0]!, 0.35);
  near(stats.std[0]!, Math.sqrt(0.0875));
  // channel 1: 1, 1, 0, 0 → mean .5, std .5
  near(stats.mean[1]!, 0.5);
  near(stats.std[1]!, 0.5);
});

test('channelStats: a blank channel gets std 1, so normalising only centres it', () => {
  const blank: ImageSet = {
    pixels: Uint8Array.from([9, 9, 9]),
    labels: Int32Array.from([0, 0, 0]),
    count: 3,
    height: 1,
    width: 1,
    channels: 1,
  };
  const stats = channelStats(blank);
  near(stats.mean[0]!, 9 / 255);
  assert.equal(stats.std[0], 1);
  near(imageBatch(blank, Int32Array.from([1]), stats)[0]!, 0);
  assert.throws(() => channelStats({ ...blank, count: 0, pixels: new Uint8Array(0), labels: new Int32Array(0) }), /empty/);
});

test('imageBatch: (pixel/255 − mean[c]) / std[c] in NHWC order, images in the order of the indices', () => {
  const stats = channelStats(twoByTwo);
  const batch = imageBatch(twoByTwo, Int32Array.from([1, 0]), stats);
  const s0 = Math.sqrt(0.0875);
  const expected = [(0.4 - 0.35) / s0, -1, (0.8 - 0.35) / s0, -1, (0 - 0.35) / s0, 1, (0.2 - 0.35) / s0, 1];
  assert.equal(batch.length, 8);
  expected.forEach((value, i) => near(batch[i]!, value, 1e-5));
  assert.throws(() => imageBatch(twoByTwo, Int32Array.from([2]), stats), /image index 2 is outside the set of 2 images/);
  assert.throws(
    () => imageBatch(twoByTwo, Int32Array.from([0]), { mean: new Float32Array(3), std: new Float32Array(3).fill(1) }),
    /statistics are for 3 channel\(s\), the images have 2/,
  );
});

/** A 3×3 grey image holding 1..9 row by row; identity statistics make each output value fround(pixel/255). */
const nine: ImageSet = {
  pixels: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]),
  labels: Int32Array.from([0]),
  count: 1,
  height: 3,
  width: 3,
  channels: 1,
};
const identity: ChannelStats = { mean: Float32Array.from([0]), std: Float32Array.from([1]) };
const asPixels = (batch: Float32Array) => [...batch].map((value) => Math.round(value * 255));
const scripted = (values: number[]) => () => {
  const next = values.shift();
  assert.ok(next !== undefined, 'augmentation drew more random numbers than documented');
  return next;
};

test('augmentation: crop offsets (row, then column) and the flip draw, exact on a 3×3 image', () => {
  // pad 1: offset = floor(r·3) − 1. Row −1, column +1, no flip: output (y, x) reads (y−1, x+1), black outside.
  const shifted = imageBatch(nine, Int32Array.from([0]), identity, {
    options: { padCrop: 1, flip: true },
    random: scripted([0.0, 0.7, 0.9]),
  });
  assert.deepEqual(asPixels(shifted), [0, 0, 0, 2, 3, 0, 5, 6, 0]);
  // Row 0, column +1, then mirrored: out(y, x) = crop(y, 2 − x) = source(y, 3 − x).
  const mirrored = imageBatch(nine, Int32Array.from([0]), identity, {
    options: { padCrop: 1, flip: true },
    random: scripted([0.5, 0.7, 0.2]),
  });
  assert.deepEqual(asPixels(mirrored), [0, 3, 2, 0, 6, 5, 0, 9, 8]);
  // Flip only: one draw per image; padCrop only: two.
  assert.deepEqual(
    asPixels(imageBatch(nine, Int32Array.from([0, 0]), identity, { options: { padCrop: 0, flip: true }, random: scripted([0.3, 0.6]) })),
    [3, 2, 1, 6, 5, 4, 9, 8, 7, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
  assert.deepEqual(
    asPixels(imageBatch(nine, Int32Array.from([0]), identity, { options: { padCrop: 1, flip: false }, random: scripted([0.99, 0.34]) })),
    [4, 5, 6, 7, 8, 9, 0, 0, 0],
  );
  // Black padding is pixel value 0 normalised like any other pixel, not a normalised 0.
  const centred: ChannelStats = { mean: Float32Array.from([0.5]), std: Float32Array.from([0.25]) };
  const padded = imageBatch(nine, Int32Array.from([0]), centred, { options: { padCrop: 1, flip: false }, random: scripted([0.0, 0.5]) });
  assert.deepEqual([...padded.subarray(0, 3)], [-2, -2, -2]);
  assert.throws(
    () => imageBatch(nine, Int32Array.from([0]), identity, { options: { padCrop: 1.5, flip: false }, random: Math.random }),
    /padCrop must be a non-negative whole number/,
  );
});

test('augmentation is repeatable from a seed and differs between seeds', () => {
  const many = subsetImages(nine, new Int32Array(400));
  const options = { padCrop: 4, flip: true };
  const a = imageBatch(
    many,
    Int32Array.from({ length: 400 }, (_, i) => i),
    identity,
    { options, random: seededRandom(11) },
  );
  const b = imageBatch(
    many,
    Int32Array.from({ length: 400 }, (_, i) => i),
    identity,
    { options, random: seededRandom(11) },
  );
  const c = imageBatch(
    many,
    Int32Array.from({ length: 400 }, (_, i) => i),
    identity,
    { options, random: seededRandom(12) },
  );
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test('subsetImages copies the chosen images and labels, in the order given', () => {
  const subset = subsetImages(twoByTwo, Int32Array.from([1, 1, 0]));
  assert.deepEqual([...subset.pixels], [102, 0, 204, 0, 102, 0, 204, 0, 0, 255, 51, 255]);
  assert.deepEqual([...subset.labels], [1, 1, 0]);
  assert.equal(subset.count, 3);
  subset.pixels[0] = 1;
  assert.equal(twoByTwo.pixels[4], 102);
});
