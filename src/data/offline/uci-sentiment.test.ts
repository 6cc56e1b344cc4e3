import assert from 'node:assert/strict';
import { test } from 'node:test';
import uci from '../../../datasets/uci-sentiment.js';
import { UCI_DOMAINS, uciSentences } from './uci-sentiment.js';
import { assertDisjoint, assertSeeded, assertStratified, labelShares } from './split-test-support.js';

test('each domain holds 1,000 sentences, 500 of each label, without the empty trailing entry', () => {
  for (const domain of UCI_DOMAINS) {
    const sentences = uciSentences(domain);
    assert.equal(sentences.length, 1000, domain);
    assert.equal(sentences.filter((sentence) => sentence.label === 'positive').length, 500, domain);
    assert.ok(
      sentences.every((sentence) => sentence.text !== '' && sentence.text === sentence.text.trim()),
      domain,
    );
  }
});

test('uci-sentiment: 3,000 sentences split 80/10/10, stratified, disjoint, seeded; one domain on request', async () => {
  const splits = await uci.load({ seed: 5 });
  assert.deepEqual([splits.train.length, splits.dev.length, splits.test.length], [2400, 300, 300]);
  assert.deepEqual([...labelShares(splits.train).keys()].sort(), ['negative', 'positive']);
  assertStratified(splits, 0.01);
  assertDisjoint(splits, (example) => example);
  assert.deepEqual(Object.keys(splits.test[0]!).sort(), ['label', 'text']);
  await assertSeeded((seed) => uci.load({ seed }));
  const yelp = await uci.load({ settings: { domain: 'yelp' } });
  assert.equal(yelp.train.length + yelp.dev.length + yelp.test.length, 1000);
  assert.ok([...yelp.train, ...yelp.dev, ...yelp.test].some((example) => example.text === 'Wow... Loved this place.'));
  await assert.rejects(uci.load({ settings: { domain: 'twitter' } }), /not one of/);
});
