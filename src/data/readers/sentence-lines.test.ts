import assert from 'node:assert/strict';
import path from 'node:path';
import { after, test } from 'node:test';
import { readSentenceLines } from './sentence-lines.js';
import { rejectsFormat, removeTempDirs, tempDir, writeLatin1 } from './format-test-support.js';

after(removeTempDirs);

test('MR/SUBJ lines: one example per line, latin-1 decoded, trimmed, CRLF tolerated', async () => {
  const dir = tempDir();
  // 0xE9 is é in latin-1 and an invalid byte in UTF-8: decoding it right proves the encoding.
  const file = writeLatin1(path.join(dir, 'rt-polarity.pos'), 'the rock is destined to be a caf\u00e9 classic . \nsimply brilliant . \r\n');
  const examples = await readSentenceLines(file, 'positive');
  assert.deepEqual(examples, [
    { text: 'the rock is destined to be a caf\u00e9 classic .', label: 'positive' },
    { text: 'simply brilliant .', label: 'positive' },
  ]);
});

test('MR/SUBJ lines: a blank line inside, an empty file and a missing file are rejected with file and line', async () => {
  const dir = tempDir();
  const blank = writeLatin1(path.join(dir, 'quote.tok.gt9.5000'), 'first .\n\nthird .\n');
  await rejectsFormat(readSentenceLines(blank, 'subjective'), blank, 2, /empty line/);
  const empty = writeLatin1(path.join(dir, 'plot.tok.gt9.5000'), '');
  await rejectsFormat(readSentenceLines(empty, 'objective'), empty, 1, /empty file/);
  const missing = path.join(dir, 'rt-polarity.neg');
  await rejectsFormat(readSentenceLines(missing, 'negative'), missing, undefined, /not found/);
});
