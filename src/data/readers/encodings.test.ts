// Encodings of the original files: latin-1 releases, copies re-saved as UTF-8, a stray latin-1
// line, and files that are neither. Nothing may turn into U+FFFD or mojibake silently.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import mr from '../../../datasets/mr.js';
import r8 from '../../../datasets/r8.js';
import wsjPos from '../../../datasets/wsj-pos.js';
import newsgroups20 from '../../../datasets/newsgroups-20.js';
import { DataFormatError, type TextExample } from '../types.js';
import { readConll } from './conll.js';
import { decodeText } from './text-file.js';
import {
  posConll,
  rejectsFormat,
  removeTempDirs,
  sentenceLines,
  tempDir,
  tsvLines,
  writeLatin1,
  writeNewsgroups,
  writeUtf8,
} from './format-test-support.js';

after(removeTempDirs);

const CAFE_LATIN1 = Buffer.from('first line\ncaf\u00e9 clich\u00e9s\n', 'latin1');
const CAFE_UTF8 = Buffer.from('first line\ncaf\u00e9 clich\u00e9s\n', 'utf8');

test('decodeText: auto takes UTF-8 when the whole file is, else latin-1 (Windows-1252); a BOM is dropped', () => {
  assert.equal(decodeText(CAFE_UTF8, 'f', 'auto'), 'first line\ncaf\u00e9 clich\u00e9s\n');
  assert.equal(decodeText(CAFE_LATIN1, 'f', 'auto'), 'first line\ncaf\u00e9 clich\u00e9s\n');
  assert.equal(decodeText(Buffer.from([0xef, 0xbb, 0xbf, 0x61]), 'f', 'auto'), 'a');
  // 0x93/0x94 are curly quotes in Windows-1252 (C1 controls in strict ISO-8859-1).
  assert.equal(decodeText(Buffer.from([0x93, 0x68, 0x69, 0x94, 0x80, 0x81]), 'f', 'latin1'), '\u201chi\u201d\u20ac\u0081');
  // Forced latin-1 on a UTF-8 file is the user's choice, and gives what they asked for.
  assert.equal(decodeText(CAFE_UTF8, 'f', 'latin1'), 'first line\ncaf\u00c3\u00a9 clich\u00c3\u00a9s\n');
});

test('decodeText: strict UTF-8 names the line, byte and column; a file mixing UTF-8 and latin-1 lines is refused under auto', () => {
  const check = (bytes: Buffer, encoding: 'auto' | 'utf8', line: number, pattern: RegExp) =>
    assert.throws(
      () => decodeText(bytes, 'data.txt', encoding),
      (error: unknown) =>
        error instanceof DataFormatError &&
        error.line === line &&
        error.message.startsWith(`data.txt:${line}: `) &&
        pattern.test(error.message),
    );
  check(
    CAFE_LATIN1,
    'utf8',
    2,
    /not valid UTF-8 \(byte 0xE9 at column 4\); if the file is latin-1, set the dataset setting encoding=latin1/,
  );
  const mixed = Buffer.concat([Buffer.from('na\u00efve\n', 'utf8'), Buffer.from('ok\n'), Buffer.from('caf\u00e9\n', 'latin1')]);
  check(mixed, 'auto', 3, /not valid UTF-8 \(byte 0xE9 at column 4\) though line 1 is: the file mixes encodings/);
});

test('mr: the latin-1 release and a UTF-8 copy read the same, no mojibake; encoding=utf8 on the release names file and line', async () => {
  const release = tempDir();
  writeLatin1(path.join(release, 'rt-polarity.pos'), sentenceLines('good', 10));
  writeLatin1(path.join(release, 'rt-polarity.neg'), sentenceLines('bad', 10));
  const copy = tempDir();
  writeUtf8(path.join(copy, 'rt-polarity.pos'), sentenceLines('good', 10));
  writeUtf8(path.join(copy, 'rt-polarity.neg'), sentenceLines('bad', 10));
  const texts = (splits: { train: TextExample[]; dev: TextExample[]; test: TextExample[] }) =>
    [...splits.train, ...splits.dev, ...splits.test].map((e) => e.text).sort();
  const fromRelease = texts(await mr.load({ dataDir: release }));
  assert.deepEqual(texts(await mr.load({ dataDir: copy })), fromRelease);
  assert.ok(fromRelease.every((text) => text.includes('caf\u00e9') && !text.includes('\u00c3') && !text.includes('\ufffd')));
  await rejectsFormat(
    mr.load({ dataDir: release, settings: { encoding: 'utf8' } }),
    path.join(release, 'rt-polarity.pos'),
    1,
    /not valid UTF-8 \(byte 0xE9 at column 29\)/,
  );
});

test('r8 and CoNLL-2003: one latin-1 line in an ASCII file reads as latin-1, not U+FFFD', async () => {
  const dir = tempDir();
  const train = `${tsvLines(['earn', 'acq'], 10, 'train')}acq\tna\u00efve caf\u00e9 shares\n`;
  writeLatin1(path.join(dir, 'r8-train-all-terms.txt'), train);
  writeLatin1(path.join(dir, 'r8-test-all-terms.txt'), tsvLines(['earn', 'acq'], 2, 'test'));
  const splits = await r8.load({ dataDir: dir });
  const all = [...splits.train, ...splits.dev].map((e) => e.text);
  assert.ok(all.includes('na\u00efve caf\u00e9 shares'));
  assert.ok(!all.some((text) => text.includes('\ufffd')));

  const conll = writeLatin1(path.join(tempDir(), 'eng.train'), posConll(2, 'M\u00fcller'));
  const sentences = await readConll(conll, { tagColumn: 1 });
  assert.equal(sentences[0]!.tokens[0], 'M\u00fcller0');
  const wsjDir = tempDir();
  writeLatin1(path.join(wsjDir, 'train.txt'), posConll(10, 'M\u00fcller'));
  writeLatin1(path.join(wsjDir, 'test.txt'), posConll(2, 'Z\u00fcrich'));
  assert.equal((await wsjPos.load({ dataDir: wsjDir })).test[0]!.tokens[0], 'Z\u00fcrich0');
});

test('newsgroups-20: latin-1 by default as released; encoding=auto reads a UTF-8 copy', async () => {
  const dir = tempDir();
  writeNewsgroups(dir, 'train', ['sci.med', 'rec.autos'], 10);
  writeNewsgroups(dir, 'test', ['sci.med', 'rec.autos'], 2);
  const latin = await newsgroups20.load({ dataDir: dir });
  assert.ok(latin.train.every((e) => e.text.includes('na\u00efve')));
  const post = path.join(dir, '20news-bydate-test', 'sci.med', '50000');
  writeFileSync(post, 'Subject: caf\u00e9\n\nna\u00efve body\n', 'utf8');
  const utf8 = await newsgroups20.load({ dataDir: dir, settings: { encoding: 'auto' } });
  assert.ok(utf8.test.some((e) => e.text === 'caf\u00e9\nna\u00efve body'));
});
