import assert from 'node:assert/strict';
import path from 'node:path';
import { after, test } from 'node:test';
import { isChunkTag, readConll, type ConllLayout } from './conll.js';
import { amConll, posConll, rejectsFormat, removeTempDirs, tempDir, writeLatin1, writeUtf8 } from './format-test-support.js';

after(removeTempDirs);

test('CoNLL: -DOCSTART- skipped, sentences split at blank lines, first/last columns by default, chosen columns on request', async () => {
  const file = writeUtf8(path.join(tempDir(), 'train.txt'), posConll(2, 'Acme'));
  const lastColumn = await readConll(file);
  assert.deepEqual(lastColumn, [
    { tokens: ['Acme0', 'rose', '5', '%', '.'], tags: ['B-NP', 'B-VP', 'B-NP', 'I-NP', 'O'] },
    { tokens: ['Acme1', 'rose', '5', '%', '.'], tags: ['B-NP', 'B-VP', 'B-NP', 'I-NP', 'O'] },
  ]);
  const pos = await readConll(file, { tagColumn: 1 });
  assert.deepEqual(pos[0]!.tags, ['NNP', 'VBD', 'CD', 'NN', '.']);
});

test('CoNLL: tab-separated TL-AM files with an index column, BIO checked, tokens with spaces and latin-1', async () => {
  const dir = tempDir();
  const file = writeUtf8(path.join(dir, 'train.dat'), amConll(2, 'Essay'));
  const sentences = await readConll(file, { tokenColumn: 1, scheme: 'bio' });
  assert.equal(sentences.length, 2);
  assert.deepEqual(sentences[1]!.tokens.slice(0, 3), ['Essay1', 'we', 'should']);
  assert.deepEqual(sentences[1]!.tags.slice(4), ['B-Claim:For', 'I-Claim:For', 'B-Premise:-1:Support', 'I-Premise:-1:Support']);
  const latin = writeLatin1(path.join(dir, 'latin.txt'), 'New York\tNNP\ncaf\u00e9\tNN\n');
  assert.deepEqual(await readConll(latin, { encoding: 'latin1' }), [{ tokens: ['New York', 'caf\u00e9'], tags: ['NNP', 'NN'] }]);
});

test('CoNLL: wrong column count, I- without B-, I- of another type, a non-BIO tag, missing columns are rejected with file and line', async () => {
  const dir = tempDir();
  const columns = writeUtf8(path.join(dir, 'columns.txt'), 'Acme NNP B-NP\nrose VBD\n');
  await rejectsFormat(readConll(columns), columns, 2, /expected 3 space-separated columns \(as on line 1\), found 2/);
  const noBegin = writeUtf8(path.join(dir, 'nobegin.dat'), '1\tWe\tO\n\n1\tThey\tI-Claim\n');
  await rejectsFormat(
    readConll(noBegin, { tokenColumn: 1, scheme: 'bio' }),
    noBegin,
    3,
    /I-Claim to follow B-Claim or I-Claim, found it after the start/,
  );
  const otherType = writeUtf8(path.join(dir, 'other.dat'), '1\tWe\tB-Premise\n2\tdo\tI-Claim\n');
  await rejectsFormat(readConll(otherType, { tokenColumn: 1, scheme: 'bio' }), otherType, 2, /found it after 'B-Premise'/);
  const afterO = writeUtf8(path.join(dir, 'aftero.dat'), '1\tWe\tO\n2\tdo\tI-Claim\n');
  await rejectsFormat(readConll(afterO, { tokenColumn: 1, scheme: 'bio' }), afterO, 2, /after 'O'/);
  const notBio = writeUtf8(path.join(dir, 'notbio.dat'), '1\tWe\tClaim\n');
  await rejectsFormat(readConll(notBio, { tokenColumn: 1, scheme: 'bio' }), notBio, 1, /BIO tag/);
  const narrow = writeUtf8(path.join(dir, 'narrow.txt'), 'Acme NNP\n');
  await rejectsFormat(readConll(narrow, { tokenColumn: 0, tagColumn: 2 }), narrow, 1, /enough columns/);
  const onlyToken = writeUtf8(path.join(dir, 'onlytoken.txt'), 'Acme\n');
  await rejectsFormat(readConll(onlyToken), onlyToken, 1, /different token and tag columns/);
});

test('CoNLL: an empty file, a file of only -DOCSTART- and a missing file are rejected', async () => {
  const dir = tempDir();
  const empty = writeUtf8(path.join(dir, 'test.txt'), '');
  await rejectsFormat(readConll(empty), empty, 1, /empty file/);
  const onlyDocstart = writeUtf8(path.join(dir, 'dev.txt'), '-DOCSTART- -X- O\n\n');
  await rejectsFormat(readConll(onlyDocstart), onlyDocstart, 1, /at least one sentence/);
  const missing = path.join(dir, 'train.txt');
  await rejectsFormat(readConll(missing), missing, undefined, /not found/);
});

const POS_LAYOUTS: ConllLayout[] = [
  { name: "'word POS'", columns: 2, token: 0, tag: 1 },
  {
    name: "CoNLL-2000 'word POS chunk'",
    columns: 3,
    token: 0,
    tag: 1,
    check: (columns) => (isChunkTag(columns[2]!) ? undefined : `column 2 holds '${columns[2]!}'`),
  },
  { name: "CoNLL-2003 'word POS chunk NER'", columns: 4, token: 0, tag: 1 },
];

test('CoNLL layouts: the column count picks the layout (2, 3 or 4 columns), explicit columns override it', async () => {
  const dir = tempDir();
  const twoColumns = writeUtf8(path.join(dir, 'two.txt'), 'Acme NNP\nrose VBD\n');
  assert.deepEqual(await readConll(twoColumns, { layouts: POS_LAYOUTS }), [{ tokens: ['Acme', 'rose'], tags: ['NNP', 'VBD'] }]);
  const conll2000 = writeUtf8(path.join(dir, 'train.txt'), posConll(1, 'Acme'));
  assert.deepEqual((await readConll(conll2000, { layouts: POS_LAYOUTS }))[0]!.tags, ['NNP', 'VBD', 'CD', 'NN', '.']);
  const conll2003 = writeUtf8(path.join(dir, 'eng.train'), '-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\n');
  assert.deepEqual(await readConll(conll2003, { layouts: POS_LAYOUTS }), [{ tokens: ['EU', 'rejects'], tags: ['NNP', 'VBZ'] }]);
  assert.deepEqual((await readConll(conll2003, { layouts: POS_LAYOUTS, tagColumn: 3 }))[0]!.tags, ['B-ORG', 'O']);
  // Both columns given: no layout is needed, so an unknown count reads as asked.
  const five = writeUtf8(path.join(dir, 'five.txt'), 'EU NNP B-NP B-ORG x\n');
  assert.deepEqual(await readConll(five, { layouts: POS_LAYOUTS, tokenColumn: 0, tagColumn: 1 }), [{ tokens: ['EU'], tags: ['NNP'] }]);
});

test('CoNLL layouts: an unknown column count, a line failing the layout and a tab/space mix are one line naming file and line', async () => {
  const dir = tempDir();
  const five = writeUtf8(path.join(dir, 'five.txt'), '\nEU NNP B-NP B-ORG x\n');
  await rejectsFormat(
    readConll(five, { layouts: POS_LAYOUTS }),
    five,
    2,
    /found 5 columns in "EU NNP B-NP B-ORG x", a layout this dataset does not know \(2: 'word POS'; 3: .*\); set the dataset settings tokenColumn and tagColumn/,
  );
  const swapped = writeUtf8(path.join(dir, 'swapped.txt'), 'Acme NNP B-NP\nrose B-VP VBD\n');
  await rejectsFormat(
    readConll(swapped, { layouts: POS_LAYOUTS }),
    swapped,
    2,
    /expected CoNLL-2000 'word POS chunk' \(detected from 3 columns\), but column 2 holds 'VBD'/,
  );
  const mixed = writeUtf8(path.join(dir, 'mixed.dat'), '1\tNew York\tO\n2 is O\n');
  await rejectsFormat(
    readConll(mixed, { tokenColumn: 1 }),
    mixed,
    2,
    /expected 3 tab-separated columns \(as on line 1\), found 1 in "2 is O"/,
  );
});
