import assert from 'node:assert/strict';
import path from 'node:path';
import { after, test } from 'node:test';
import { readTrec } from './trec.js';
import { rejectsFormat, removeTempDirs, tempDir, TREC_SAMPLE, writeLatin1 } from './format-test-support.js';

after(removeTempDirs);

test('TREC: coarse labels by default, COARSE:fine on request, latin-1 questions', async () => {
  const file = writeLatin1(path.join(tempDir(), 'train_5500.label'), `${TREC_SAMPLE.join('\n')}\n`);
  const coarse = await readTrec(file);
  assert.deepEqual(
    coarse.map((e) => e.label),
    ['DESC', 'ENTY', 'HUM', 'NUM', 'LOC', 'ABBR'],
  );
  assert.equal(coarse[0]!.text, 'How did serfdom develop in and then leave Russia ?');
  assert.equal(coarse[2]!.text, 'Who was the first Pok\u00e9mon trainer ?');
  const fine = await readTrec(file, { labels: 'fine' });
  assert.deepEqual(
    fine.map((e) => e.label),
    ['DESC:manner', 'ENTY:cremat', 'HUM:ind', 'NUM:date', 'LOC:other', 'ABBR:exp'],
  );
});

test('TREC: a line without the label colon, an unknown coarse class, an empty or missing file are rejected', async () => {
  const dir = tempDir();
  const noColon = writeLatin1(
    path.join(dir, 'TREC_10.label'),
    'NUM:date When was Ozzy Osbourne born ?\nDESC manner How did serfdom develop ?\n',
  );
  await rejectsFormat(readTrec(noColon), noColon, 2, /COARSE:fine question/);
  const noQuestion = writeLatin1(path.join(dir, 'short.label'), 'NUM:date\n');
  await rejectsFormat(readTrec(noQuestion), noQuestion, 1, /COARSE:fine question/);
  const unknown = writeLatin1(path.join(dir, 'unknown.label'), 'ABBR:exp What is X ?\nWHAT:ever Is this a class ?\n');
  await rejectsFormat(readTrec(unknown), unknown, 2, /among ABBR, DESC, ENTY, HUM, LOC, NUM, found 'WHAT'/);
  const empty = writeLatin1(path.join(dir, 'empty.label'), '\n');
  await rejectsFormat(readTrec(empty), empty, 1, /empty file/);
  const missing = path.join(dir, 'nothing.label');
  await rejectsFormat(readTrec(missing), missing, undefined, /not found/);
});
