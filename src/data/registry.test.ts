import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadDatasets, resolveDatasetSettings, UnknownDatasetError } from './registry.js';
import { splitSeeded } from './split.js';

test('the registry discovers every dataset file, offline and original-format ones', async () => {
  const registry = await loadDatasets();
  const names = registry.all.map((d) => d.name);
  for (const name of [
    'brown-pos',
    'brown-genre-documents',
    'brown-genre-sentences',
    'uci-sentiment',
    'imdb',
    'spam-assassin',
    'mr',
    'subj',
    'trec',
    'r8',
    'r52',
    'newsgroups-20',
    'wsj-pos',
    'tl-am',
  ]) {
    assert.ok(names.includes(name), `missing dataset ${name}`);
  }
  for (const dataset of registry.all) {
    assert.ok(dataset.size > 0 && dataset.source.length > 0 && dataset.splitDescription.length > 0, dataset.name);
  }
});

test('an unknown dataset name fails with close suggestions', async () => {
  const registry = await loadDatasets();
  assert.throws(
    () => registry.get('brown-po'),
    (error: unknown) => error instanceof UnknownDatasetError && /did you mean brown-pos/.test(error.message),
  );
});

test('settings are checked against what the dataset declares and defaults fill the rest', async () => {
  const brown = (await loadDatasets()).get('brown-pos');
  assert.deepEqual(resolveDatasetSettings(brown, { tagset: 'fine' }).tagset, 'fine');
  assert.equal(resolveDatasetSettings(brown).tagset, 'universal');
  assert.throws(() => resolveDatasetSettings(brown, { tagset: 'penn' }), /tagset=penn is not one of/);
  assert.throws(() => resolveDatasetSettings(brown, { colour: 'red' }), /unknown setting 'colour'/);
});

test('splitSeeded: disjoint, complete, stratified, and the same for the same seed', () => {
  const items = Array.from({ length: 1000 }, (_, i) => ({ id: i, label: i % 10 < 3 ? 'a' : 'b' }));
  const split = splitSeeded(items, { dev: 0.1, test: 0.2 }, 7, (item) => item.label);
  const ids = [...split.train, ...split.dev, ...split.test].map((item) => item.id).sort((x, y) => x - y);
  assert.deepEqual(
    ids,
    items.map((item) => item.id),
  );
  assert.deepEqual([split.train.length, split.dev.length, split.test.length], [700, 100, 200]);
  // 30% of every split is 'a', as in the whole.
  for (const part of [split.train, split.dev, split.test])
    assert.equal(part.filter((item) => item.label === 'a').length / part.length, 0.3);
  assert.deepEqual(
    splitSeeded(items, { dev: 0.1, test: 0.2 }, 7, (item) => item.label),
    split,
  );
  assert.notDeepEqual(splitSeeded(items, { dev: 0.1, test: 0.2 }, 8, (item) => item.label).test, split.test);
  assert.throws(() => splitSeeded(items, { dev: 0.5, test: 0.5 }, 1), /leave room for train/);
});
