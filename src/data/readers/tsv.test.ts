import assert from 'node:assert/strict';
import path from 'node:path';
import { after, test } from 'node:test';
import { readLabelledTsv } from './tsv.js';
import { rejectsFormat, removeTempDirs, tempDir, writeLatin1, writeUtf8 } from './format-test-support.js';

after(removeTempDirs);

test('TSV: label before the first tab, the rest is text (later tabs kept), BOM and CRLF ignored', async () => {
  const file = writeUtf8(
    path.join(tempDir(), 'r8-train-all-terms.txt'),
    '\uFEFFearn\tcompany reports net profit\r\nacq\tbuys stake\tin rival\ncrude\t\n',
  );
  assert.deepEqual(await readLabelledTsv(file), [
    { label: 'earn', text: 'company reports net profit' },
    { label: 'acq', text: 'buys stake\tin rival' },
    { label: 'crude', text: '' },
  ]);
  const latin = writeLatin1(path.join(tempDir(), 'latin.txt'), 'fr\tcaf\u00e9\n');
  assert.deepEqual(await readLabelledTsv(latin, { encoding: 'latin1' }), [{ label: 'fr', text: 'caf\u00e9' }]);
});

test('TSV: a line without a tab, an empty label, a blank line, an empty or missing file are rejected', async () => {
  const dir = tempDir();
  const noTab = writeUtf8(path.join(dir, 'r8-test-all-terms.txt'), 'earn\tnet profit\nacq buys stake\n');
  await rejectsFormat(readLabelledTsv(noTab), noTab, 2, /label<TAB>text.*no tab/);
  const noLabel = writeUtf8(path.join(dir, 'nolabel.txt'), '\tnet profit\n');
  await rejectsFormat(readLabelledTsv(noLabel), noLabel, 1, /label before the tab/);
  const blank = writeUtf8(path.join(dir, 'blank.txt'), 'earn\tx\n\nacq\ty\n');
  await rejectsFormat(readLabelledTsv(blank), blank, 2, /empty line/);
  const empty = writeUtf8(path.join(dir, 'empty.txt'), '');
  await rejectsFormat(readLabelledTsv(empty), empty, 1, /empty file/);
  const missing = path.join(dir, 'r52-train-all-terms.txt');
  await rejectsFormat(readLabelledTsv(missing), missing, undefined, /not found/);
});
