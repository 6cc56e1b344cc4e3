import assert from 'node:assert/strict';
import path from 'node:path';
import { after, test } from 'node:test';
import { parsePost, readNewsgroups } from './newsgroups.js';
import { post, rejectsFormat, removeTempDirs, tempDir, writeLatin1 } from './format-test-support.js';

after(removeTempDirs);

test('20NG posts: the header block goes, the Subject stays without Re:, continuation lines and a missing blank line handled', () => {
  assert.deepEqual(parsePost(post('Re: RE: Clipper chip', 'I think the chip is a bad idea.\n\n-- sig')), {
    subject: 'Clipper chip',
    body: 'I think the chip is a bad idea.\n\n-- sig',
  });
  assert.deepEqual(parsePost('From: a@b\nSubject: long\n  subject line\nLines: 1\n\nbody'), { subject: 'long subject line', body: 'body' });
  // No blank line: the header ends at the first line that is not a field.
  assert.deepEqual(parsePost('From: a@b\nSubject: x\nthe body starts here\nmore'), { subject: 'x', body: 'the body starts here\nmore' });
  // No header at all: the whole file is body.
  assert.deepEqual(parsePost('just text\nFrom: quoted later'), { subject: undefined, body: 'just text\nFrom: quoted later' });
});

test('20NG bydate folder: groups as labels, posts in numeric order, latin-1, Subject optional', async () => {
  const root = path.join(tempDir(), '20news-bydate-train');
  writeLatin1(path.join(root, 'sci.crypt', '10'), post('Re: keys', 'ten'));
  writeLatin1(path.join(root, 'sci.crypt', '9'), post('keys', 'nine, r\u00e9sum\u00e9'));
  writeLatin1(path.join(root, 'alt.atheism', '51060'), post('Re: god', 'atheism body'));
  writeLatin1(path.join(root, 'alt.atheism', '.DS_Store'), 'junk');
  assert.deepEqual(await readNewsgroups(root), [
    { label: 'alt.atheism', text: 'god\natheism body' },
    { label: 'sci.crypt', text: 'keys\nnine, r\u00e9sum\u00e9' },
    { label: 'sci.crypt', text: 'keys\nten' },
  ]);
  assert.deepEqual(
    (await readNewsgroups(root, { keepSubject: false })).map((e) => e.text),
    ['atheism body', 'nine, r\u00e9sum\u00e9', 'ten'],
  );
});

test('20NG bydate folder: a missing folder, a stray file, an unnumbered post, an empty post are rejected', async () => {
  const dir = tempDir();
  const missing = path.join(dir, '20news-bydate-test');
  await rejectsFormat(readNewsgroups(missing), missing, undefined, /folder not found/);

  const stray = path.join(dir, 'stray');
  writeLatin1(path.join(stray, 'rec.autos', '1'), post('cars', 'vroom'));
  writeLatin1(path.join(stray, 'README'), 'not a group');
  await rejectsFormat(readNewsgroups(stray), path.join(stray, 'README'), undefined, /only newsgroup folders/);

  const unnumbered = path.join(dir, 'unnumbered');
  writeLatin1(path.join(unnumbered, 'rec.autos', 'post.txt'), post('cars', 'vroom'));
  await rejectsFormat(readNewsgroups(unnumbered), path.join(unnumbered, 'rec.autos', 'post.txt'), undefined, /numbered post files/);

  const empty = path.join(dir, 'empty');
  writeLatin1(path.join(empty, 'rec.autos', '1'), post('cars', 'vroom'));
  writeLatin1(path.join(empty, 'rec.autos', '2'), '');
  await rejectsFormat(readNewsgroups(empty), path.join(empty, 'rec.autos', '2'), 1, /empty file/);
});
