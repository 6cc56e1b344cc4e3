import assert from 'node:assert/strict';
import { test } from 'node:test';
import spam from '../../../datasets/spam-assassin.js';
import { spamMessages } from './spam-assassin.js';
import { assertDisjoint, assertSeeded, assertStratified } from './split-test-support.js';

test('6,046 messages: 4,150 ham, 1,896 spam, in five groups', () => {
  const messages = spamMessages();
  assert.equal(messages.length, 6046);
  assert.equal(messages.filter((message) => message.label === 'ham').length, 4150);
  assert.equal(messages.filter((message) => message.label === 'spam').length, 1896);
  const groups = new Map<string, number>();
  for (const { group } of messages) groups.set(group, (groups.get(group) ?? 0) + 1);
  assert.deepEqual(Object.fromEntries(groups), {
    'easy-ham-1': 2500,
    'easy-ham-2': 1400,
    'hard-ham-1': 250,
    'spam-1': 500,
    'spam-2': 1396,
  });
});

test('headers are gone but the subject, and HTML, transfer encodings and PGP signatures are undone', () => {
  const messages = spamMessages();
  const routing =
    /^(?:Received|Return-Path|Delivered-To|Message-Id|X-Spam-Status|X-Spam-Level|List-Unsubscribe|Content-Type|Content-Transfer-Encoding|MIME-Version):/im;
  // About 60 messages show header lines in their body: forwarded mail, bounce reports, and bulk
  // mail whose MIME structure does not match its own headers; every other message has none.
  assert.ok(messages.filter((message) => routing.test(message.text)).length <= 80);
  // The one X-Spam-Status left is quoted in a ham message asking about SpamAssassin's output.
  assert.deepEqual(
    messages.filter((message) => /^X-Spam-Status:/im.test(message.text)).map((message) => message.file.slice(0, 16)),
    ['easy-ham-1/01310'],
  );
  const first = messages.find((message) => message.file.startsWith('easy-ham-1/00001.'))!;
  assert.match(first.text, /^Re: New Sequences Window\n/);
  assert.ok(messages.filter((message) => /<\s*\/?\s*(?:html|body|table|td|font)\b/i.test(message.text)).length < 30);
  assert.ok(messages.filter((message) => /=[0-9A-F]{2}=[0-9A-F]{2}/.test(message.text)).length < 30);
  assert.ok(!messages.some((message) => message.text.includes('-----BEGIN PGP SIGNATURE-----')));
  const noSubject = spamMessages({ subject: false }).find((message) => message.file === first.file)!;
  assert.doesNotMatch(noSubject.text, /New Sequences Window/);
});

test('spam-assassin: split stratified by label, disjoint and seeded', async () => {
  const splits = await spam.load({ seed: 4 });
  assert.equal(splits.train.length + splits.dev.length + splits.test.length, 6046);
  assertStratified(splits, 0.01);
  assertDisjoint(splits, (example) => example);
  await assertSeeded((seed) => spam.load({ seed }));
});
