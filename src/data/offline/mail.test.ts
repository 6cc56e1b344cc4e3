import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeHeaderValue, emailText, htmlToText } from './mail.js';

const latin1 = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');

test('routing and filter headers are dropped, the subject kept, folded headers unfolded', () => {
  const raw = [
    'From someone@example.com  Thu Aug 22 12:36:23 2002',
    'Return-Path: <a@example.com>',
    'Received: from relay',
    '\tby host',
    'X-Spam-Status: Yes, hits=12.3',
    'Subject: Cheap',
    ' pills',
    '',
    'Buy now.',
  ].join('\r\n');
  assert.equal(emailText(raw), 'Cheap pills\nBuy now.');
  assert.equal(emailText(raw, { subject: false }), 'Buy now.');
});

test('multipart: the plain alternative is preferred, base64 and quoted-printable decoded, charsets honoured, attachments skipped', () => {
  const raw = [
    'Subject: =?iso-8859-1?Q?Caf=E9?= news',
    'Content-Type: multipart/mixed; boundary="outer"',
    '',
    'preamble',
    '--outer',
    'Content-Type: multipart/alternative; boundary="inner"',
    '',
    '--inner',
    'Content-Type: text/plain; charset=iso-8859-1',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    'Caf=E9 au lait, long enough=',
    ' to be the real text.',
    '--inner',
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('<p>Café au lait</p>').toString('base64'),
    '--inner--',
    '--outer',
    'Content-Type: image/gif',
    'Content-Transfer-Encoding: base64',
    '',
    'R0lGODlhAQABAAAAACw=',
    '--outer--',
  ].join('\n');
  assert.equal(emailText(raw), 'Café news\nCafé au lait, long enough to be the real text.');
});

test('HTML without a declared type is still stripped; entities decoded; utf-8 bodies read as utf-8', () => {
  assert.equal(
    emailText('Subject: Hi\n\n<HTML><BODY><style>p{}</style><FONT>Win &amp; <B>save</B></FONT><BR>now</BODY></HTML>'),
    'Hi\nWin & save\nnow',
  );
  assert.equal(emailText(latin1('Subject: x\n\nnaïve café\n')), 'x\nnaïve café');
  assert.equal(emailText('Subject: x\n\nna\xefve\n'), 'x\nnaïve');
  assert.equal(htmlToText('a<!-- hidden -->b&#233;&#x41;'), `${'a bé'.replace(' ', ' ')}A`);
  assert.equal(decodeHeaderValue('=?utf-8?B?w6k=?= =?utf-8?B?w6k=?= end'), 'éé end');
});
