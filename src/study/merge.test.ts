import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { killTestRecord } from './ledger-kill-child-test-support.js';
import { openLedger, readLedgers, readSpecFile, writeSpecFile } from './ledger.js';
import { acquireLock, WHOLE_STUDY } from './lock.js';
import { mergeLedgers } from './merge.js';
import type { LedgerRecord, StudySpec } from './types.js';

const tempDirs: string[] = [];
after(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'actbench-merge-'));
  tempDirs.push(dir);
  return dir;
}

const spec: StudySpec = {
  name: 'merge-test',
  activations: ['relu', 'swish', 'penalized-tanh'],
  miniExperiments: [{ id: 'task-0/data', task: 'task-0', dataset: 'data', settings: {}, fixed: {} }],
  configurations: 10,
  repeats: 5,
  seed: 1,
  timeLimitSeconds: 60,
};

/** A study directory as a shard leaves it: the spec and one ledger file. */
function study(indices: number[], options: { suffix?: string; specHash?: string; withSpec?: boolean } = {}): string {
  const dir = tempDir();
  if (options.withSpec ?? true) writeSpecFile(dir, spec);
  const ledger = openLedger(dir, options.suffix === undefined ? {} : { suffix: options.suffix });
  ledger.appendMany(
    indices.map(
      (index): LedgerRecord => ({ ...killTestRecord(index), ...(options.specHash === undefined ? {} : { specHash: options.specHash }) }),
    ),
  );
  ledger.close();
  return dir;
}

describe('merge', () => {
  it('combines shards into the target, each job once', () => {
    const first = study([0, 1, 2, 3], { suffix: '0of2' });
    const second = study([2, 3, 4, 5, 6], { suffix: '1of2' });
    const target = path.join(tempDir(), 'merged');
    const result = mergeLedgers([first, second], target);
    assert.equal(result.added, 7);
    assert.equal(result.duplicates, 2);
    assert.equal(result.total, 7);
    assert.equal(result.specHash, 'kill-test-spec');
    assert.deepEqual(readSpecFile(target), spec);
    assert.deepEqual(fs.readdirSync(target).sort(), ['ledger.jsonl', 'spec.json'], 'the lock is gone afterwards');
    assert.deepEqual(readLedgers(target), {
      records: [0, 1, 2, 3, 4, 5, 6].map((index) => killTestRecord(index)),
      torn: [],
      duplicates: 0,
      retried: 0,
    });

    // Merging again, or merging a later shard in, only adds what is new.
    const third = study([6, 7]);
    const again = mergeLedgers([first, second, third, target], target);
    assert.equal(again.added, 1);
    assert.equal(again.total, 8);
    assert.equal(readLedgers(target).records.length, 8);
  });

  it('a source’s result replaces a failed record of the same job in the target (a retry elsewhere); failed over failed is a duplicate', () => {
    const target = tempDir();
    writeSpecFile(target, spec);
    const ledger = openLedger(target);
    ledger.appendMany([
      { ...killTestRecord(0), status: 'failed', error: 'no data' },
      { ...killTestRecord(1), status: 'failed', error: 'no data' },
    ]);
    ledger.close();
    const retried = tempDir();
    writeSpecFile(retried, spec);
    const source = openLedger(retried);
    source.appendMany([killTestRecord(0), { ...killTestRecord(1), status: 'failed', error: 'still no data' }]);
    source.close();
    const result = mergeLedgers([retried], target);
    assert.equal(result.added, 1);
    assert.equal(result.duplicates, 1);
    assert.equal(result.total, 2);
    assert.deepEqual(
      readLedgers(target).records.map((record) => record.status),
      [killTestRecord(0).status, 'failed'],
    );
  });

  it('refuses sources of different study specs, naming both directories, and writes nothing', () => {
    const first = study([0, 1]);
    const other = study([2], { specHash: 'another-spec' });
    const target = path.join(tempDir(), 'merged');
    assert.throws(
      () => mergeLedgers([first, other], target),
      (error: unknown) => {
        assert.ok(error instanceof Error);
        assert.equal(error.message.split('\n').length, 1);
        assert.ok(error.message.includes(first) && error.message.includes(other), error.message);
        assert.match(error.message, /different study specs \(spec hash kill-test-spec vs another-spec\)/);
        return true;
      },
    );
    assert.equal(fs.existsSync(target), false);
    // The target's own records count as well.
    assert.throws(() => mergeLedgers([other], first), /come from different study specs/);
    assert.equal(readLedgers(first).records.length, 2);
  });

  it('compares saved specs when given the hash function', () => {
    const hashSpec = (saved: StudySpec): string => (saved.seed === 1 ? 'kill-test-spec' : `seed-${saved.seed}`);
    const first = study([0, 1]);
    const empty = tempDir();
    writeSpecFile(empty, { ...spec, seed: 2 });
    const target = tempDir();
    assert.throws(() => mergeLedgers([first, empty], target, { hashSpec }), /kill-test-spec vs seed-2/);
    assert.equal(mergeLedgers([first, empty], target).added, 2, 'without it, a source without records cannot be checked');
    const lying = study([3]);
    writeSpecFile(lying, { ...spec, seed: 3 });
    assert.throws(
      () => mergeLedgers([lying], tempDir(), { hashSpec }),
      /spec\.json has spec hash seed-3 but its records carry kill-test-spec/,
    );
  });

  it('refuses a directory that is no study, and a target a runner is writing', () => {
    assert.throws(() => mergeLedgers([tempDir()], tempDir()), /is not a study directory/);
    const source = study([0]);
    const target = study([1]);
    const lock = acquireLock(target, WHOLE_STUDY);
    try {
      assert.throws(() => mergeLedgers([source], target), /shard all is being run by pid/);
    } finally {
      lock.release();
    }
  });

  it('ignores a torn last line of a source and reports it', () => {
    const source = study([0, 1]);
    fs.appendFileSync(path.join(source, 'ledger.jsonl'), '{"key": "job-0000');
    const result = mergeLedgers([source], tempDir());
    assert.equal(result.added, 2);
    assert.deepEqual(result.torn, [{ file: path.join(source, 'ledger.jsonl'), line: 3 }]);
  });
});
