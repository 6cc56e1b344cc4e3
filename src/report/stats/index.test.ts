import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as stats from './index.js';

const here = dirname(fileURLToPath(import.meta.url));

test('the index exports the whole statistics API', () => {
  const expected = [
    'averageRanks',
    'bootstrapMeanInterval',
    'friedmanTest',
    'holmAdjust',
    'hyperparameterDesign',
    'interquartileRange',
    'linearRegression',
    'mean',
    'median',
    'nemenyiCriticalDifference',
    'quantile',
    'standardDeviation',
    'stratifiedSignedRank',
    'studentizedRangeQuantile',
    'wilcoxonSignedRank',
  ];
  assert.deepEqual(Object.keys(stats).sort(), expected);
  for (const name of expected) assert.equal(typeof (stats as Record<string, unknown>)[name], 'function', name);
});

test('the statistics modules import only numeric packages and each other (no TensorFlow.js, no I/O)', () => {
  const allowed = /^(\.\/[\w-]+\.js|\.\.\/\.\.\/util\/random\.js|@stdlib\/stats-[\w-]+|ml-regression-multivariate-linear)$/;
  const sources = readdirSync(here).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.includes('test-support'));
  assert.ok(sources.length >= 10);
  let imports = 0;
  for (const file of sources) {
    const text = readFileSync(join(here, file), 'utf8');
    for (const match of text.matchAll(/^import\s[^;]*?from\s+'([^']+)'/gms)) {
      assert.match(match[1]!, allowed, `${file} imports ${match[1]}`);
      imports++;
    }
  }
  assert.ok(imports >= 15, `only ${imports} imports seen: the pattern is not reading the files`);
});
