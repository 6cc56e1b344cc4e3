import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LedgerRecord } from '../study/types.js';
import { varianceShares } from './stats/variance-shares.js';
import type { MiniExperimentInfo } from './types.js';
import { varianceRows } from './variance.js';

const info: MiniExperimentInfo = {
  id: 'm',
  task: 't',
  dataset: 'd',
  metric: 'accuracy',
  metricSource: 'ledger',
  configurations: [],
} as unknown as MiniExperimentInfo;

function record(
  activation: string,
  configIndex: number,
  splitIndex: number | undefined,
  status: LedgerRecord['status'],
  test: number | undefined,
): LedgerRecord {
  return {
    key: `${activation}-${configIndex}-${splitIndex}`,
    specHash: 'h',
    miniExperiment: 'm',
    task: 't',
    dataset: 'd',
    activation,
    configIndex,
    repeat: 0,
    seed: 1,
    ...(splitIndex === undefined ? {} : { splitIndex }),
    hparams: {},
    status,
    dev: test === undefined ? {} : { accuracy: test },
    test: test === undefined ? {} : { accuracy: test },
    baseline: {},
    history: [],
    epochs: 1,
    bestEpoch: 1,
    seconds: 1,
    backend: 'wasm',
    versions: {},
    primaryMetric: 'accuracy',
    finishedAt: '',
  };
}

test('variance rows take every scored run on the mini-experiment’s metric, with its split, and leave failed runs out', () => {
  const records = [
    record('a', 0, 0, 'ok', 0.8),
    record('a', 0, 1, 'ok', 0.7),
    record('b', 0, 0, 'ok', 0.6),
    record('b', 0, 1, 'ok', 0.65),
    record('b', 1, 0, 'failed', undefined),
  ];
  const [row] = varianceRows([info], new Map([['m', records]]));
  assert.equal(row!.miniExperiment, 'm');
  assert.deepEqual(
    row!.shares,
    varianceShares([
      { activation: 'a', configIndex: 0, splitIndex: 0, score: 0.8 },
      { activation: 'a', configIndex: 0, splitIndex: 1, score: 0.7 },
      { activation: 'b', configIndex: 0, splitIndex: 0, score: 0.6 },
      { activation: 'b', configIndex: 0, splitIndex: 1, score: 0.65 },
    ]),
  );
  assert.equal(row!.shares!.runs, 4);
  assert.ok(row!.shares!.split! > 0);
  // A scheme-1 record has no split index: it counts as split 0, so the split explains nothing.
  const [old] = varianceRows([info], new Map([['m', records.map(({ splitIndex, ...rest }) => rest as LedgerRecord)]]));
  assert.equal(old!.shares!.split, null);
  assert.deepEqual(varianceRows([info], new Map()), [{ miniExperiment: 'm', shares: null }]);
});
