// Child process of the ledger kill test (ledger.test.ts): a runner reduced to its ledger. It
// takes the shard lock, skips recorded jobs like a resumed run, says "ready" on stdout and then
// appends records as fast as it can, so the test can SIGKILL it at any instant of a write.
import { pathToFileURL } from 'node:url';
import { finishedKeys, openLedger } from './ledger.js';
import { acquireLock, WHOLE_STUDY } from './lock.js';
import type { EpochMetrics, LedgerRecord } from './types.js';

export const KILL_TEST_SPEC_HASH = 'kill-test-spec';

/** Job `index`'s record; the test rebuilds it to check every record read back is intact. */
export function killTestRecord(index: number, finishedAt = '2024-01-01T00:00:00.000Z'): LedgerRecord {
  const diverged = index % 7 === 3;
  const history: EpochMetrics[] = [];
  for (let epoch = 1; epoch <= 40; epoch++) {
    history.push({
      epoch,
      loss: diverged && epoch > 20 ? Number.NaN : 1 / (epoch + index),
      dev: { accuracy: ((index * 31 + epoch) % 1000) / 1000 },
      seconds: 0.5,
    });
  }
  return {
    key: `job-${String(index).padStart(6, '0')}`,
    specHash: KILL_TEST_SPEC_HASH,
    miniExperiment: `task-${index % 3}/data`,
    task: `task-${index % 3}`,
    dataset: 'data',
    activation: ['relu', 'swish', 'penalized-tanh'][index % 3]!,
    configIndex: Math.floor(index / 15),
    repeat: index % 5,
    seed: index * 7919,
    hparams: { learningRate: 0.001 * (1 + (index % 10)), units: 100 + index, optimizer: 'nadam' },
    status: diverged ? 'diverged' : 'ok',
    dev: { accuracy: (index % 100) / 100 },
    test: { accuracy: diverged ? Number.NaN : (index % 97) / 100 },
    baseline: { accuracy: 0.5 },
    history,
    epochs: 40,
    bestEpoch: 20,
    seconds: index / 1000,
    backend: 'cpu',
    versions: { actbench: '0.1.0' },
    finishedAt,
  };
}

function main(): void {
  const [dir, totalText] = process.argv.slice(2);
  if (dir === undefined || totalText === undefined) throw new Error('usage: ledger-kill-child-test-support.ts DIR TOTAL');
  const lock = acquireLock(dir, WHOLE_STUDY);
  if (lock.warning !== null) process.stderr.write(`${lock.warning}\n`);
  const ledger = openLedger(dir, { specHash: KILL_TEST_SPEC_HASH });
  if (ledger.repairedTail !== null) process.stderr.write(`repaired torn tail at byte ${ledger.repairedTail.offset}\n`);
  const done = finishedKeys(dir);
  process.stdout.write('ready\n');
  for (let index = 0; index < Number(totalText); index++) {
    const record = killTestRecord(index);
    if (!done.has(record.key)) ledger.append(record);
  }
  ledger.close();
  lock.release();
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
