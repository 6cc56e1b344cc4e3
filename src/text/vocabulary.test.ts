import { test } from 'node:test';
import assert from 'node:assert/strict';

import { OOV_ID, OOV_TOKEN, PAD_ID, PAD_TOKEN, Vocabulary } from './vocabulary.js';

const splits = {
  train: [
    ['the', 'cat', 'sat'],
    ['the', 'dog', 'sat', 'down'],
    ['a', 'cat'],
  ],
  dev: [['the', 'zebra']],
  test: [['unicorn', 'the', 'cat']],
};

test('is built from the training split only: dev- and test-only words are OOV', () => {
  const vocabulary = Vocabulary.fromTrainingSplit(splits);
  assert.equal(vocabulary.has('zebra'), false);
  assert.equal(vocabulary.has('unicorn'), false);
  assert.deepEqual(vocabulary.encode(['unicorn', 'the', 'cat']), [OOV_ID, vocabulary.id('the'), vocabulary.id('cat')]);
  assert.deepEqual(vocabulary.tokens, [PAD_TOKEN, OOV_TOKEN, 'cat', 'sat', 'the', 'a', 'dog', 'down']);
  assert.equal(vocabulary.size, 8);
});

test('orders ids by count, then code-unit order; the same data gives the same ids', () => {
  const vocabulary = Vocabulary.fromTrainingSplit(splits);
  // the ×2, cat ×2, sat ×2 → alphabetical among equals; then the singletons.
  assert.deepEqual(vocabulary.tokens.slice(2), ['cat', 'sat', 'the', 'a', 'dog', 'down']);
  assert.equal(vocabulary.count('the'), 2);
  assert.equal(vocabulary.count('dog'), 1);
  assert.equal(vocabulary.count('zebra'), 0);
  const shuffled = Vocabulary.fromTrainingSplit({ train: [...splits.train].reverse().map((s) => [...s].reverse()) });
  assert.deepEqual(shuffled.tokens, vocabulary.tokens);
  // Upper case sorts before lower case in code-unit order, whatever the locale.
  assert.deepEqual(Vocabulary.fromTrainingSplit({ train: [['b', 'B', 'a', 'é']] }).tokens.slice(2), ['B', 'a', 'b', 'é']);
});

test('minCount and maxSize drop the rarest words; maxSize counts PAD and OOV', () => {
  const frequent = Vocabulary.fromTrainingSplit(splits, { minCount: 2 });
  assert.deepEqual(frequent.tokens.slice(2), ['cat', 'sat', 'the']);
  assert.equal(frequent.id('dog'), OOV_ID);
  const small = Vocabulary.fromTrainingSplit(splits, { maxSize: 4 });
  assert.deepEqual(small.tokens, [PAD_TOKEN, OOV_TOKEN, 'cat', 'sat']);
  assert.throws(() => Vocabulary.fromTrainingSplit(splits, { maxSize: 1 }), RangeError);
  assert.throws(() => Vocabulary.fromTrainingSplit(splits, { minCount: 0 }), RangeError);
});

test('special names in the data do not become words; PAD is never produced by encode', () => {
  const vocabulary = Vocabulary.fromTrainingSplit({ train: [[PAD_TOKEN, OOV_TOKEN, 'x']] });
  assert.deepEqual(vocabulary.tokens, [PAD_TOKEN, OOV_TOKEN, 'x']);
  assert.deepEqual(vocabulary.encode([PAD_TOKEN, 'x', 'y']), [OOV_ID, 2, OOV_ID]);
  assert.equal(vocabulary.token(PAD_ID), PAD_TOKEN);
  assert.throws(() => vocabulary.token(3), RangeError);
});

test('encodeBatch pads with PAD, truncates, and reports lengths and mask', () => {
  const vocabulary = Vocabulary.fromTrainingSplit(splits);
  const [the, cat, sat] = ['the', 'cat', 'sat'].map((t) => vocabulary.id(t)) as [number, number, number];
  const batch = vocabulary.encodeBatch([['the', 'cat', 'sat'], ['cat'], [], ['unicorn', 'the']]);
  assert.equal(batch.count, 4);
  assert.equal(batch.maxLength, 3);
  assert.deepEqual([...batch.ids], [the, cat, sat, cat, 0, 0, 0, 0, 0, OOV_ID, the, 0]);
  assert.deepEqual([...batch.lengths], [3, 1, 0, 2]);
  assert.deepEqual([...batch.mask], [1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 0]);

  const cut = vocabulary.encodeBatch([['the', 'cat', 'sat'], ['cat']], { maxLength: 2 });
  assert.deepEqual([...cut.ids], [the, cat, cat, 0]);
  assert.deepEqual([...cut.lengths], [2, 1]);
  const tail = vocabulary.encodeBatch([['the', 'cat', 'sat']], { maxLength: 2, keep: 'end' });
  assert.deepEqual([...tail.ids], [cat, sat]);

  // All-empty batches still have one column, so tensors never get a zero-size axis.
  assert.equal(vocabulary.encodeBatch([[], []]).maxLength, 1);
  assert.throws(() => vocabulary.encodeBatch([['a']], { maxLength: 0 }), RangeError);
});

test('round-trips through JSON and rejects what is not a vocabulary', () => {
  const vocabulary = Vocabulary.fromTrainingSplit(splits);
  const copy = Vocabulary.fromJSON(JSON.parse(JSON.stringify(vocabulary)));
  assert.deepEqual(copy.tokens, vocabulary.tokens);
  assert.equal(copy.count('the'), 2);
  assert.throws(() => Vocabulary.fromJSON({ tokens: ['a', 'b'], counts: [0, 0] }), /ids 0 and 1/);
  assert.throws(() => Vocabulary.fromJSON({ tokens: [PAD_TOKEN, OOV_TOKEN, 'a', 'a'], counts: [0, 0, 1, 1] }), /twice/);
});
