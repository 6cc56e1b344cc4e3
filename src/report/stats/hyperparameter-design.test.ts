import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hyperparameterDesign } from './hyperparameter-design.js';

// initializer=he exactly when optimizer=sgd (rows 0, 3, 6): one of those dummies is redundant
const configurations = [
  { units: 100, optimizer: 'sgd', layers: 2, dropout: 0.1, useBias: true, initializer: 'he', activation: 'relu' },
  { units: 200, optimizer: 'adam', layers: 2, dropout: 0.3, useBias: false, initializer: 'glorot', activation: 'relu' },
  { units: 400, optimizer: 'rmsprop', layers: 2, dropout: 0.5, useBias: true, initializer: 'glorot', activation: 'relu' },
  { units: 50, optimizer: 'sgd', layers: 2, dropout: 0.2, useBias: false, initializer: 'he', activation: 'relu' },
  { units: 300, optimizer: 'adam', layers: 2, dropout: 0.4, useBias: true, initializer: 'glorot', activation: 'relu' },
  { units: 150, optimizer: 'rmsprop', layers: 2, dropout: 0.15, useBias: false, initializer: 'glorot', activation: 'relu' },
  { units: 250, optimizer: 'sgd', layers: 2, dropout: 0.35, useBias: true, initializer: 'he', activation: 'relu' },
  { units: 80, optimizer: 'adam', layers: 2, dropout: 0.25, useBias: false, initializer: 'glorot', activation: 'relu' },
];

test('numbers as they are, sizes as logs, categories as dummies against the first level, constants dropped', () => {
  const design = hyperparameterDesign(configurations, { logScale: ['units'], exclude: ['activation'] });
  // alphabetical: dropout, initializer (baseline glorot), layers (constant), optimizer (baseline
  // adam), units, useBias (baseline false). optimizer=sgd repeats initializer=he, which came first.
  assert.deepEqual(design.names, ['dropout', 'initializer=he', 'optimizer=rmsprop', 'units', 'useBias=true']);
  assert.deepEqual(design.dropped, ['layers', 'optimizer=sgd']);
  assert.deepEqual(design.rows.slice(0, 3), [
    [0.1, 1, 0, Math.log(100), 1],
    [0.3, 0, 0, Math.log(200), 0],
    [0.5, 0, 1, Math.log(400), 1],
  ]);
  assert.equal(design.rows.length, 8);
});

test('too few configurations for the columns: the ones beyond the span are dropped', () => {
  // four rows span at most four columns with the intercept: the rest cannot be told apart
  const design = hyperparameterDesign(configurations.slice(0, 4), { logScale: ['units'], exclude: ['activation'] });
  assert.deepEqual(design.names, ['dropout', 'initializer=he', 'optimizer=rmsprop']);
  assert.deepEqual(design.dropped, ['layers', 'optimizer=sgd', 'units', 'useBias=true']);
});

test('a collinear numeric column is dropped; no exclusion keeps a constant string as a dropped name', () => {
  const design = hyperparameterDesign([
    { a: 1, b: 2, mode: 'x' },
    { a: 2, b: 4, mode: 'x' },
    { a: 3, b: 6, mode: 'x' },
  ]);
  assert.deepEqual(design.names, ['a']);
  assert.deepEqual(design.dropped, ['mode', 'b']);
  assert.deepEqual(design.rows, [[1], [2], [3]]);
});

test('empty and single configurations', () => {
  assert.deepEqual(hyperparameterDesign([]), { names: [], rows: [], dropped: [] });
  assert.deepEqual(hyperparameterDesign([{ units: 10, optimizer: 'adam' }]), { names: [], rows: [[]], dropped: ['optimizer', 'units'] });
});

test('bad configurations throw, naming the configuration and the hyperparameter', () => {
  assert.throws(() => hyperparameterDesign([{ units: 10 }, { units: 20, dropout: 0.1 }]), /configuration 0 has no value for 'dropout'/);
  assert.throws(() => hyperparameterDesign([{ units: 10 }, { units: 'big' }]), /'units' mixes numbers with strings\/booleans/);
  assert.throws(
    () => hyperparameterDesign([{ units: 10 }, { units: 0 }], { logScale: ['units'] }),
    /configuration 1 has units=0; the log scale needs a positive value/,
  );
  assert.throws(() => hyperparameterDesign([{ lr: 0.1 }, { lr: Infinity }]), /configuration 1 has lr=Infinity, expected a finite number/);
});
