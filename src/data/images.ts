// Turning stored images (NHWC bytes) into what a vision model eats: per-channel normalisation
// statistics from the training split, normalised Float32 batches with optional seeded
// augmentation (pad-and-crop, horizontal flip), and subsets. Plain typed arrays in and out;
// the tasks make the tensors.
import type { ImageSet } from './types.js';

/** Per-channel mean and standard deviation of pixel values scaled to [0,1], computed on a training split. */
export interface ChannelStats {
  mean: Float32Array;
  std: Float32Array;
}

export interface Augmentation {
  /** pixels of zero padding before a random crop back to size; 0: none */
  padCrop: number;
  /** random horizontal flip */
  flip: boolean;
}

const LEVELS = 256;

/**
 * Mean and (population) standard deviation per channel over every pixel of `set`. Counted
 * through a 256-bin histogram per channel, so the sums are exact integers whatever the set's
 * size. A channel with no spread (a blank channel) gets std 1: normalising then only centres
 * it, where dividing by 0 would turn every value into ±Infinity.
 */
export function channelStats(set: ImageSet): ChannelStats {
  const { channels, pixels } = set;
  const used = set.count * set.height * set.width * channels;
  if (set.count === 0) throw new Error('channelStats: the image set is empty');
  const histogram = new Float64Array(channels * LEVELS);
  for (let i = 0; i < used; i += channels) {
    for (let c = 0; c < channels; c++) histogram[c * LEVELS + pixels[i + c]!]! += 1;
  }
  const perChannel = used / channels;
  const mean = new Float32Array(channels);
  const std = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    let sumSquares = 0;
    for (let v = 0; v < LEVELS; v++) {
      const n = histogram[c * LEVELS + v]!;
      sum += n * v;
      sumSquares += n * v * v;
    }
    const m = sum / perChannel;
    // Exact integer sums make the cancellation in E[x²] − E[x]² harmless; max() guards rounding.
    const variance = Math.max(0, sumSquares / perChannel - m * m);
    mean[c] = m / 255;
    std[c] = variance > 0 ? Math.sqrt(variance) / 255 : 1;
  }
  return { mean, std };
}

/** normalised value of every byte level per channel: table[c*256 + v] = (v/255 − mean[c]) / std[c]. */
function normalisationTable(stats: ChannelStats, channels: number): Float32Array {
  if (stats.mean.length !== channels || stats.std.length !== channels) {
    throw new Error(`channel statistics are for ${stats.mean.length} channel(s), the images have ${channels}`);
  }
  const table = new Float32Array(channels * LEVELS);
  for (let c = 0; c < channels; c++) {
    for (let v = 0; v < LEVELS; v++) table[c * LEVELS + v] = (v / 255 - stats.mean[c]!) / stats.std[c]!;
  }
  return table;
}

function checkIndices(set: ImageSet, indices: Int32Array): void {
  for (let n = 0; n < indices.length; n++) {
    const index = indices[n]!;
    if (index < 0 || index >= set.count) throw new RangeError(`image index ${index} is outside the set of ${set.count} images`);
  }
}

/**
 * Float32 NHWC batch of the images at `indices`, each value (pixel/255 - mean[c]) / std[c];
 * with `augment`, each image is randomly cropped/flipped using `augment.random` (seeded by the caller).
 *
 * Per image, in this order: with padCrop p > 0, the crop's row offset then its column offset,
 * each floor(random()·(2p+1)) in the image padded by p on every side (offset p = no shift);
 * with flip, one more draw, and the crop is mirrored left–right when it is below 0.5. Padding
 * is black (pixel value 0, normalised like any other pixel), as in the usual torchvision
 * recipe, which pads before normalising.
 */
export function imageBatch(
  set: ImageSet,
  indices: Int32Array,
  stats: ChannelStats,
  augment?: { options: Augmentation; random: () => number },
): Float32Array {
  checkIndices(set, indices);
  const { height, width, channels } = set;
  const table = normalisationTable(stats, channels);
  const imageSize = height * width * channels;
  const batch = new Float32Array(indices.length * imageSize);
  const pad = augment?.options.padCrop ?? 0;
  if (!Number.isInteger(pad) || pad < 0) throw new RangeError(`padCrop must be a non-negative whole number of pixels, got ${pad}`);
  const flip = augment?.options.flip ?? false;

  for (let n = 0; n < indices.length; n++) {
    const source = indices[n]! * imageSize;
    const target = n * imageSize;
    if (!augment || (pad === 0 && !flip)) {
      for (let i = 0; i < imageSize; i++) batch[target + i] = table[(i % channels) * LEVELS + set.pixels[source + i]!]!;
      continue;
    }
    // Shift of the crop relative to the unpadded image: output (y, x) reads source (y+dy, x+dx).
    const dy = pad > 0 ? Math.floor(augment.random() * (2 * pad + 1)) - pad : 0;
    const dx = pad > 0 ? Math.floor(augment.random() * (2 * pad + 1)) - pad : 0;
    const mirrored = flip && augment.random() < 0.5;
    for (let y = 0; y < height; y++) {
      const sy = y + dy;
      const rowInside = sy >= 0 && sy < height;
      for (let x = 0; x < width; x++) {
        const sx = (mirrored ? width - 1 - x : x) + dx;
        const out = target + (y * width + x) * channels;
        if (rowInside && sx >= 0 && sx < width) {
          const from = source + (sy * width + sx) * channels;
          for (let c = 0; c < channels; c++) batch[out + c] = table[c * LEVELS + set.pixels[from + c]!]!;
        } else {
          for (let c = 0; c < channels; c++) batch[out + c] = table[c * LEVELS]!;
        }
      }
    }
  }
  return batch;
}

/** The images at `indices` as a new ImageSet (copies). */
export function subsetImages(set: ImageSet, indices: Int32Array): ImageSet {
  checkIndices(set, indices);
  const imageSize = set.height * set.width * set.channels;
  const pixels = new Uint8Array(indices.length * imageSize);
  const labels = new Int32Array(indices.length);
  for (let n = 0; n < indices.length; n++) {
    const index = indices[n]!;
    pixels.set(set.pixels.subarray(index * imageSize, (index + 1) * imageSize), n * imageSize);
    labels[n] = set.labels[index]!;
  }
  return { pixels, labels, count: indices.length, height: set.height, width: set.width, channels: set.channels };
}
