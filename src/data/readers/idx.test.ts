// The IDX reader on generated files, plain and gzipped, and broken ones rejected with the file
// and the byte offset.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { parseIdx, readIdx, readIdxImages } from './idx.js';
import { rejectsFormat, removeTempDirs, tempDir } from './format-test-support.js';

after(removeTempDirs);

/** IDX bytes: 0, 0, type, rank, big-endian dims, then `values`. */
function idx(dims: number[], values: number[], type = 0x08): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = type;
  header[3] = dims.length;
  dims.forEach((size, k) => header.writeUInt32BE(size, 4 + 4 * k));
  return Buffer.concat([header, Buffer.from(values)]);
}

function write(name: string, bytes: Buffer): string {
  const file = path.join(tempDir(), name);
  writeFileSync(file, bytes);
  return file;
}

test('dims are read big-endian and the values follow the header; gzip is recognised by content', async () => {
  // 300 = 0x0000012c: a little-endian reading would give 0x2c010000.
  const values = Array.from({ length: 300 * 2 }, (_, i) => i % 256);
  const plain = idx([300, 2], values);
  const parsed = parseIdx(plain, 'x');
  assert.deepEqual(parsed.dims, [300, 2]);
  assert.equal(parsed.dataOffset, 12);
  assert.deepEqual([...parsed.data], values);
  assert.equal(Object.getPrototypeOf(parsed.data), Uint8Array.prototype);
  for (const bytes of [plain, gzipSync(plain)]) {
    const read = await readIdx(write('array-idx2-ubyte', bytes));
    assert.deepEqual(read.dims, [300, 2]);
    assert.deepEqual([...read.data], values);
  }
});

test('images and labels become one ImageSet: count × rows × columns × 1, labels as Int32', async () => {
  const pixels = Array.from({ length: 3 * 2 * 4 }, (_, i) => (i * 11) % 256);
  const images = write('images-idx3-ubyte.gz', gzipSync(idx([3, 2, 4], pixels)));
  const labels = write('labels-idx1-ubyte', idx([3], [9, 0, 4]));
  const set = await readIdxImages(images, labels, 10);
  assert.deepEqual([set.count, set.height, set.width, set.channels], [3, 2, 4, 1]);
  assert.deepEqual([...set.pixels], pixels);
  assert.ok(set.labels instanceof Int32Array);
  assert.deepEqual([...set.labels], [9, 0, 4]);
});

test('broken IDX files: each rejected with the file and the byte offset', async () => {
  const cases: [Buffer, number, RegExp][] = [
    [Buffer.from([0, 0, 8]), 0, /too short for an IDX header/],
    [Buffer.from([0x1f, 0x9d, 8, 1, 0, 0, 0, 0]), 0, /not an IDX file: .*found 0x1f 0x9d/],
    [idx([2], [0, 0, 0, 0, 0, 0, 0, 0], 0x0d), 2, /IDX type 0x0d \(float32\) is not supported; expected 0x08/],
    [Buffer.from([0, 0, 8, 0]), 3, /at least one dimension/],
    [idx([5, 7], []).subarray(0, 10), 10, /header truncated/],
    [
      idx(
        [4, 3],
        Array.from({ length: 11 }, () => 1),
      ),
      23,
      /truncated: dimensions 4×3 need 12 value bytes from offset 12 \(file size 24\)/,
    ],
    [idx([4], [1, 2, 3, 4, 5, 6]), 12, /wrong size: .*but 2 more bytes follow/],
  ];
  for (const [bytes, offset, pattern] of cases) {
    const file = write('broken-idx', bytes);
    await rejectsFormat(readIdx(file), file, undefined, new RegExp(`at byte offset ${offset}: .*${pattern.source}`));
  }
  const gzipped = write(
    'broken.gz',
    gzipSync(
      idx(
        [4, 3],
        Array.from({ length: 11 }, () => 1),
      ),
    ),
  );
  await rejectsFormat(readIdx(gzipped), gzipped, undefined, /at byte offset 23: truncated.*\(offsets count in the gunzipped data\)/);
  const cut = write(
    'cut.gz',
    gzipSync(
      idx(
        [100],
        Array.from({ length: 100 }, (_, i) => i),
      ),
    ).subarray(0, 20),
  );
  await rejectsFormat(readIdx(cut), cut, undefined, /gzip data is damaged or truncated/);
  const absent = path.join(tempDir(), 'absent');
  await rejectsFormat(readIdx(absent), absent, undefined, /file not found; expected an IDX array/);
});

test('labels that do not fit the images: out of range, another count, another shape', async () => {
  const images = write('images', idx([3, 1, 1], [1, 2, 3]));
  const outOfRange = write('labels-range', idx([3], [1, 10, 2]));
  await rejectsFormat(
    readIdxImages(images, outOfRange, 10),
    outOfRange,
    undefined,
    /at byte offset 9: label 10 of image 2 is outside 0\.\.9/,
  );
  const short = write('labels-short', idx([2], [1, 2]));
  await rejectsFormat(readIdxImages(images, short, 10), short, undefined, /at byte offset 4: holds 2 labels, but .*images holds 3 images/);
  const matrix = write('labels-2d', idx([3, 1], [1, 2, 3]));
  await rejectsFormat(readIdxImages(images, matrix, 10), matrix, undefined, /expected labels of 1 dimension \(count\), found 2: 3×1/);
  await rejectsFormat(readIdxImages(outOfRange, outOfRange, 10), outOfRange, undefined, /expected images of 3 dimensions/);
});
