import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../util/random.js';
import { parseOverrides, sampleConfiguration, type SearchSpace } from './search-space.js';

const space: SearchSpace = {
  optimizer: { kind: 'choice', values: ['adam', 'sgd'] },
  layers: { kind: 'int', min: 1, max: 4 },
  units: { kind: 'int', min: 30, max: 500, log: true },
  dropout: { kind: 'uniform', min: 0.1, max: 0.75 },
  lrFactor: { kind: 'lr-factor', min: 0.46, max: 1.6 },
};

test('sampling is deterministic for a seed and stays inside the space', () => {
  const draw = (seed: number) => {
    const random = seededRandom(seed);
    return Array.from({ length: 200 }, () => sampleConfiguration(space, random));
  };
  assert.deepEqual(draw(5), draw(5));
  assert.notDeepEqual(draw(5), draw(6));
  const configs = draw(5);
  for (const c of configs) {
    assert.ok(['adam', 'sgd'].includes(String(c['optimizer'])));
    assert.ok(Number.isInteger(c['layers']) && Number(c['layers']) >= 1 && Number(c['layers']) <= 4);
    assert.ok(Number.isInteger(c['units']) && Number(c['units']) >= 30 && Number(c['units']) <= 500);
    assert.ok(Number(c['dropout']) >= 0.1 && Number(c['dropout']) <= 0.75);
    assert.ok(Number(c['lrFactor']) >= 0.46 && Number(c['lrFactor']) <= 1.6);
  }
  // Every layer count and both optimizers show up in 200 draws.
  assert.equal(new Set(configs.map((c) => c['layers'])).size, 4);
  assert.equal(new Set(configs.map((c) => c['optimizer'])).size, 2);
});

test('--set overrides are parsed and checked against the space', () => {
  assert.deepEqual(parseOverrides(space, ['layers=3', 'optimizer=sgd', 'dropout=0.5']), { layers: 3, optimizer: 'sgd', dropout: 0.5 });
  assert.throws(() => parseOverrides(space, ['layerz=3']), /unknown hyperparameter 'layerz'; valid: dropout, layers/);
  assert.throws(() => parseOverrides(space, ['layers=9']), /outside \[1, 4\]/);
  assert.throws(() => parseOverrides(space, ['layers=2.5']), /not an integer/);
  assert.throws(() => parseOverrides(space, ['optimizer=lbfgs']), /must be one of adam, sgd/);
  assert.throws(() => parseOverrides(space, ['layers']), /expected name=value/);
});
