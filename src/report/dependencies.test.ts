// Reports read ledgers and work without TensorFlow.js (docs/contributing.md §1): no module of src/report may
// reach a @tensorflow package through any chain of imports, static or dynamic. Checked on the
// source, so it fails the moment someone adds such an import, whatever the tests exercise.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { importChains, sourceModules } from '../util/import-graph-test-support.js';

const REPORT_DIR = path.dirname(fileURLToPath(import.meta.url));

/** Chains of imports from `start` that end in a @tensorflow package. */
function tensorflowChains(start: string): string[] {
  return importChains(start, (specifier) => specifier.startsWith('@tensorflow/')).map((chain) =>
    chain.map((f) => path.relative(REPORT_DIR, f) || f).join(' → '),
  );
}

describe('report dependencies', () => {
  it('no report module loads TensorFlow.js, directly or through other modules', () => {
    const modules = sourceModules(REPORT_DIR);
    assert.ok(modules.length > 10);
    assert.deepEqual(modules.flatMap(tensorflowChains), []);
  });

  it('the check itself finds a chain: the activation registry does reach TensorFlow.js', () => {
    const registry = path.resolve(REPORT_DIR, '../activation/curves.ts');
    assert.ok(tensorflowChains(registry).length > 0);
  });
});
