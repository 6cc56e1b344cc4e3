// The CIFAR binary readers and the cifar10/cifar100 dataset entries, on generated files in the
// real layout: labels, the planar-RGB → NHWC conversion at exact positions, the dev hold-out,
// and broken files reported with the file and the byte offset.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import cifar10 from '../../../datasets/cifar10.js';
import cifar100 from '../../../datasets/cifar100.js';
import { CIFAR10_FORMAT, cifar100Format, readCifarBatches, readClassNames } from './cifar.js';
import {
  cifar100Coarse,
  cifar100Fine,
  cifar10Label,
  cifarRecords,
  generatedPixel,
  writeCifar10,
  writeCifar100,
} from './cifar-test-support.js';
import { DataNotFoundError } from './data-dir.js';
import { rejectsFormat, removeTempDirs, tempDir } from './format-test-support.js';
import type { ImageSet } from '../types.js';

after(removeTempDirs);

/** Every pixel of `set` equals generatedPixel(imageNumber(i), …) at its NHWC position. */
function assertGeneratedPixels(set: ImageSet, imageNumber: (index: number) => number): void {
  for (let i = 0; i < set.count; i++) {
    for (let row = 0; row < 32; row++) {
      for (let column = 0; column < 32; column++) {
        for (let channel = 0; channel < 3; channel++) {
          const at = ((i * 32 + row) * 32 + column) * 3 + channel;
          if (set.pixels[at] !== generatedPixel(imageNumber(i), channel, row, column)) {
            assert.fail(
              `image ${i} row ${row} column ${column} channel ${channel}: ${set.pixels[at]} ≠ ${generatedPixel(imageNumber(i), channel, row, column)}`,
            );
          }
        }
      }
    }
  }
}

test('one hand-made record: red, green and blue planes land at their NHWC positions', async () => {
  const record = Buffer.alloc(1 + 3072);
  record[0] = 7;
  record[1 + 0] = 11; // red (0,0)
  record[1 + 1024 + 0] = 22; // green (0,0)
  record[1 + 2048 + 0] = 33; // blue (0,0)
  record[1 + 1 * 32 + 2] = 44; // red row 1, column 2
  record[1 + 2048 + 31 * 32 + 31] = 55; // blue, last pixel
  const file = path.join(tempDir(), 'one.bin');
  writeFileSync(file, record);
  const set = await readCifarBatches([file], CIFAR10_FORMAT);
  assert.deepEqual([set.count, set.height, set.width, set.channels], [1, 32, 32, 3]);
  assert.deepEqual([...set.labels], [7]);
  assert.deepEqual([...set.pixels.subarray(0, 3)], [11, 22, 33]);
  assert.equal(set.pixels[(1 * 32 + 2) * 3], 44);
  assert.equal(set.pixels[3071], 55);
  assert.equal(
    set.pixels.reduce((sum, v) => sum + v, 0),
    11 + 22 + 33 + 44 + 55,
  );
});

test('CIFAR-10 batches: labels and every pixel, across five files read as one set', async () => {
  const folder = writeCifar10(tempDir(), 12, 9);
  const files = [1, 2, 3, 4, 5].map((n) => path.join(folder, `data_batch_${n}.bin`));
  const train = await readCifarBatches(files, CIFAR10_FORMAT);
  assert.equal(train.count, 60);
  assert.deepEqual(
    [...train.labels],
    Array.from({ length: 60 }, (_, i) => cifar10Label(i)),
  );
  assertGeneratedPixels(train, (i) => i);
  assert.deepEqual(await readClassNames(path.join(folder, 'batches.meta.txt'), 10), [
    'airplane',
    'automobile',
    'bird',
    'cat',
    'deer',
    'dog',
    'frog',
    'horse',
    'ship',
    'truck',
  ]);
});

test('the cifar10 dataset: data dir or its subfolder, official test, stratified seeded dev', async () => {
  const root = tempDir();
  const folder = writeCifar10(root, 40, 30);
  for (const dataDir of [root, folder]) {
    const splits = await cifar10.load({ dataDir, seed: 3 });
    assert.deepEqual([splits.train.count, splits.dev.count, splits.test.count], [180, 20, 30]);
    assert.equal(splits.classNames[3], 'cat');
    // A tenth of a 200-image train set, two of each class.
    for (let label = 0; label < 10; label++) assert.equal(splits.dev.labels.filter((l) => l === label).length, 2);
    assert.deepEqual(
      [...splits.test.labels],
      Array.from({ length: 30 }, (_, i) => cifar10Label(i)),
    );
    assertGeneratedPixels(splits.test, (i) => i);
  }
  // Train and dev partition the 200 official training images; image i is known by its first byte, 31·i mod 256.
  const a = await cifar10.load({ dataDir: root, seed: 3 });
  const firstBytes = (set: ImageSet) => Array.from({ length: set.count }, (_, i) => set.pixels[i * 3072]!);
  const seen = [...firstBytes(a.train), ...firstBytes(a.dev)].sort((x, y) => x - y);
  assert.deepEqual(
    seen,
    Array.from({ length: 200 }, (_, i) => generatedPixel(i, 0, 0, 0)).sort((x, y) => x - y),
  );
  assert.deepEqual(await cifar10.load({ dataDir: root, seed: 3 }), a);
  assert.notDeepEqual((await cifar10.load({ dataDir: root, seed: 4 })).dev.pixels, a.dev.pixels);
});

test('CIFAR-100: coarse then fine label byte; the labels setting picks one, with its names', async () => {
  const root = tempDir();
  writeCifar100(root, 300, 50);
  const fine = await cifar100.load({ dataDir: root });
  const coarse = await cifar100.load({ dataDir: root, settings: { labels: 'coarse' } });
  assert.deepEqual([fine.train.count, fine.dev.count, fine.test.count], [270, 30, 50]);
  assert.deepEqual(
    [...fine.test.labels],
    Array.from({ length: 50 }, (_, i) => cifar100Fine(i)),
  );
  assert.deepEqual(
    [...coarse.test.labels],
    Array.from({ length: 50 }, (_, i) => cifar100Coarse(i)),
  );
  assert.equal(fine.classNames.length, 100);
  assert.deepEqual(coarse.classNames.slice(0, 2), ['coarse_0', 'coarse_1']);
  assertGeneratedPixels(fine.test, (i) => i);
  await assert.rejects(cifar100.load({ dataDir: root, settings: { labels: 'both' } }), /labels=both is not one of fine, coarse/);
});

test('a truncated batch is rejected naming the file and the offset of the incomplete record', async () => {
  const folder = writeCifar10(tempDir(), 5, 5);
  const file = path.join(folder, 'data_batch_3.bin');
  writeFileSync(file, readFileSync(file).subarray(0, 5 * 3073 - 100));
  await rejectsFormat(
    cifar10.load({ dataDir: folder }),
    file,
    undefined,
    /at byte offset 12292: truncated or wrong-sized file: 15265 bytes is not a whole number of 3073-byte CIFAR records.*record 5 starts here and lacks 100 bytes/,
  );
  writeFileSync(file, Buffer.alloc(0));
  await rejectsFormat(cifar10.load({ dataDir: folder }), file, undefined, /at byte offset 0: empty file/);
});

test('a CIFAR-10 file read as CIFAR-100 is wrong-sized; labels out of range name the record and its offset', async () => {
  const dir = tempDir();
  const ten = path.join(dir, 'ten.bin');
  writeFileSync(ten, cifarRecords(Array.from({ length: 4 }, () => [1])));
  await rejectsFormat(
    readCifarBatches([ten], cifar100Format('fine')),
    ten,
    undefined,
    /at byte offset 9222: .*3074-byte CIFAR records \(coarse label, fine label, then 3072 pixel bytes\)/,
  );

  const badTen = path.join(dir, 'bad-ten.bin');
  writeFileSync(badTen, cifarRecords([[0], [9], [3], [10], [2]]));
  await rejectsFormat(
    readCifarBatches([badTen], CIFAR10_FORMAT),
    badTen,
    undefined,
    /at byte offset 9219: record 4: label 10 is outside 0\.\.9/,
  );

  const badFine = path.join(dir, 'bad-fine.bin');
  writeFileSync(
    badFine,
    cifarRecords([
      [0, 0],
      [19, 99],
      [5, 100],
    ]),
  );
  await rejectsFormat(
    readCifarBatches([badFine], cifar100Format('coarse')),
    badFine,
    undefined,
    /at byte offset 6149: record 3: fine label 100 is outside 0\.\.99/,
  );
  const badCoarse = path.join(dir, 'bad-coarse.bin');
  writeFileSync(badCoarse, cifarRecords([[20, 1]]));
  await rejectsFormat(
    readCifarBatches([badCoarse], cifar100Format('fine')),
    badCoarse,
    undefined,
    /at byte offset 0: record 1: coarse label 20 is outside 0\.\.19/,
  );
});

test('class-name files with the wrong count, and missing folders, are one-line errors', async () => {
  const root = tempDir();
  const folder = writeCifar10(root, 2, 2);
  const meta = path.join(folder, 'batches.meta.txt');
  writeFileSync(meta, 'airplane\nautomobile\n');
  await rejectsFormat(cifar10.load({ dataDir: root }), meta, undefined, /expected 10 class names, one a line; found 2/);
  await assert.rejects(
    cifar10.load({}),
    (error: unknown) =>
      error instanceof DataNotFoundError &&
      /--data-dir DIR where .*cifar-10-batches-bin.*data_batch_1\.bin/.test(error.message) &&
      !error.message.includes('\n'),
  );
  await assert.rejects(
    cifar100.load({ dataDir: root }),
    (error: unknown) =>
      error instanceof DataNotFoundError &&
      /expected train\.bin, test\.bin/.test(error.message) &&
      /data fetch cifar100/.test(error.message),
  );
});
