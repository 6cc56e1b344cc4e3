// Which test metric scores a mini-experiment, for ledgers that record it and for older ones.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LedgerRecord } from '../study/types.js';
import { chooseScoreMetric } from './score-metric.js';

const run = (test: Record<string, number>, primaryMetric?: string): LedgerRecord =>
  ({ test, ...(primaryMetric === undefined ? {} : { primaryMetric }) }) as unknown as LedgerRecord;

describe('chooseScoreMetric', () => {
  it("takes the ledger's primary metric, without a note", () => {
    assert.deepEqual(chooseScoreMetric('m', [run({ macroF1: 0.5, tokenAccuracy: 0.9 }, 'tokenAccuracy')]), {
      metric: 'tokenAccuracy',
      source: 'ledger',
    });
  });

  it('takes the most frequent when records disagree, and says so', () => {
    const chosen = chooseScoreMetric('m', [run({}, 'accuracy'), run({}, 'macroF1'), run({}, 'accuracy')]);
    assert.equal(chosen?.metric, 'accuracy');
    assert.match(chosen?.note ?? '', /several primary metrics \(accuracy, macroF1\)/);
  });

  it("falls back to 'accuracy', then to the first test metric, saying so", () => {
    const accuracy = chooseScoreMetric('m', [run({}), run({ macroF1: 0.4, accuracy: 0.7 })]);
    assert.deepEqual([accuracy?.metric, accuracy?.source], ['accuracy', 'fallback-accuracy']);
    assert.match(accuracy?.note ?? '', /^m: the ledger does not record the primary metric/);
    const first = chooseScoreMetric('m', [run({}), run({ tokenAccuracy: 0.9, macroF1: 0.5 })]);
    assert.deepEqual([first?.metric, first?.source], ['tokenAccuracy', 'fallback-first-metric']);
  });

  it('has nothing to choose when no run has a test score', () => {
    assert.equal(chooseScoreMetric('m', [run({}), run({})]), null);
  });
});
