import assert from 'node:assert/strict';
import path from 'node:path';
import { after, test } from 'node:test';
import { carveDev, DataNotFoundError, locateDataFiles } from './data-dir.js';
import { removeTempDirs, tempDir, writeUtf8 } from './format-test-support.js';

after(removeTempDirs);

const spec = {
  dataset: 'mr',
  origin: 'rt-polaritydata.tar.gz',
  subfolders: ['rt-polaritydata'],
  required: { pos: ['rt-polarity.pos'], neg: ['rt-polarity.neg'] },
};

test('data folder: no --data-dir is one line naming the files, the folders and that nothing installs offline', async () => {
  await assert.rejects(locateDataFiles(undefined, spec), (error: unknown) => {
    assert.ok(error instanceof DataNotFoundError);
    assert.ok(!error.message.includes('\n'));
    assert.match(
      error.message,
      /dataset 'mr'.*not installable offline.*--data-dir DIR.*where DIR, DIR\/mr or DIR\/rt-polaritydata holds rt-polarity\.pos and rt-polarity\.neg/,
    );
    return true;
  });
});

test('data folder: found in DIR, DIR/<dataset> or the archive folder; a missing file names what was looked for where', async () => {
  const dir = tempDir();
  writeUtf8(path.join(dir, 'rt-polaritydata', 'rt-polarity.pos'), 'a\n');
  writeUtf8(path.join(dir, 'rt-polaritydata', 'rt-polarity.neg'), 'b\n');
  assert.deepEqual(await locateDataFiles(dir, spec), {
    pos: path.join(dir, 'rt-polaritydata', 'rt-polarity.pos'),
    neg: path.join(dir, 'rt-polaritydata', 'rt-polarity.neg'),
  });
  const partial = tempDir();
  writeUtf8(path.join(partial, 'rt-polarity.pos'), 'a\n');
  await assert.rejects(locateDataFiles(partial, spec), (error: unknown) => {
    assert.ok(error instanceof DataNotFoundError);
    assert.ok(
      error.message.includes(
        `expected rt-polarity.pos and rt-polarity.neg in ${partial}, ${path.join(partial, 'mr')} or ${path.join(partial, 'rt-polaritydata')}`,
      ),
      error.message,
    );
    assert.match(error.message, /not installable offline/);
    return true;
  });
});

test('carveDev: 10% of train to dev, stratified, the official test untouched', () => {
  const train = Array.from({ length: 100 }, (_, i) => ({ id: i, label: i < 80 ? 'a' : 'b' }));
  const test_ = [{ id: -1, label: 'a' }];
  const splits = carveDev(train, test_, 3, (e) => e.label);
  assert.equal(splits.test, test_);
  assert.equal(splits.dev.length, 10);
  assert.equal(splits.dev.filter((e) => e.label === 'b').length, 2);
  assert.deepEqual(
    [...splits.train, ...splits.dev].map((e) => e.id).sort((x, y) => x - y),
    train.map((e) => e.id),
  );
});
