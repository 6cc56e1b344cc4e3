import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { KILL_TEST_SPEC_HASH, killTestRecord } from './ledger-kill-child-test-support.js';
import { finishedKeys, LedgerError, ledgerFiles, openLedger, readLedgers, readSpecFile, summarize, writeSpecFile } from './ledger.js';
import type { LedgerRecord, StudySpec } from './types.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');

const tempDirs: string[] = [];
after(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'actbench-ledger-'));
  tempDirs.push(dir);
  return dir;
}

function record(index: number, overrides: Partial<LedgerRecord> = {}): LedgerRecord {
  return { ...killTestRecord(index), ...overrides };
}

function writeLines(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.appendFileSync(file, text);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('ledger', () => {
  it('reads back what it appends, NaN and Infinity included', () => {
    const dir = tempDir();
    const ledger = openLedger(dir);
    const written = [record(0), record(3), record(5, { seconds: Number.POSITIVE_INFINITY, test: { accuracy: Number.NEGATIVE_INFINITY } })];
    for (const entry of written) ledger.append(entry);
    ledger.close();
    assert.ok(Number.isNaN(written[1]!.history[30]!.loss), 'the fixture has a diverged record');
    const contents = readLedgers(dir);
    assert.deepEqual(contents.records, written);
    assert.deepEqual(contents.torn, []);
    assert.equal(contents.duplicates, 0);
    assert.deepEqual(finishedKeys(dir), new Set(written.map((entry) => entry.key)));
    assert.equal(fs.readFileSync(path.join(dir, 'ledger.jsonl'), 'utf8').split('\n').length, 4);
  });

  it('reads files larger than its read buffer, lines split across reads', () => {
    const dir = tempDir();
    const ledger = openLedger(dir, { suffix: 'big' });
    const written = Array.from({ length: 900 }, (_, index) => record(index));
    ledger.appendMany(written);
    ledger.close();
    assert.ok(fs.statSync(path.join(dir, 'ledger.big.jsonl')).size > 2 << 20, 'spans more than two 1 MiB reads');
    assert.deepEqual(readLedgers(dir).records, written);
  });

  it('reads an absent directory as no records', () => {
    assert.deepEqual(readLedgers(path.join(tempDir(), 'nothing-here')), { records: [], torn: [], duplicates: 0, retried: 0 });
  });

  it('tolerates a torn last line, and the next append starts a clean line', () => {
    const dir = tempDir();
    const file = path.join(dir, 'ledger.jsonl');
    const ledger = openLedger(dir);
    for (const index of [0, 1, 2]) ledger.append(record(index));
    ledger.close();
    const sizeBefore = fs.statSync(file).size;
    const half = JSON.stringify(record(3)).slice(0, 200);
    writeLines(file, half);

    const torn = readLedgers(dir);
    assert.equal(torn.records.length, 3);
    assert.deepEqual(torn.torn, [{ file, line: 4 }]);

    const resumed = openLedger(dir);
    assert.deepEqual(resumed.repairedTail, { file, offset: sizeBefore, bytes: half.length });
    resumed.append(record(3));
    resumed.close();
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(text.endsWith('\n'));
    assert.deepEqual(
      text
        .trimEnd()
        .split('\n')
        .map((line) => (JSON.parse(line) as LedgerRecord).key),
      ['job-000000', 'job-000001', 'job-000002', 'job-000003'],
    );
    assert.deepEqual(readLedgers(dir), { records: [0, 1, 2, 3].map((index) => record(index)), torn: [], duplicates: 0, retried: 0 });
  });

  it('treats an unparseable last line followed by a newline (or NUL bytes) as torn too', () => {
    for (const tail of ['{"key": "job-9", "spec\n', '\0\0\0\0']) {
      const dir = tempDir();
      const file = path.join(dir, 'ledger.jsonl');
      const ledger = openLedger(dir);
      ledger.append(record(0));
      ledger.close();
      writeLines(file, tail);
      assert.deepEqual(readLedgers(dir).torn, [{ file, line: 2 }]);
      const resumed = openLedger(dir);
      assert.notEqual(resumed.repairedTail, null);
      resumed.append(record(1));
      resumed.close();
      assert.deepEqual(readLedgers(dir), { records: [record(0), record(1)], torn: [], duplicates: 0, retried: 0 });
    }
  });

  it('keeps a complete last record that lacks its newline and appends after it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'ledger.jsonl');
    writeLines(file, `${JSON.stringify(record(0))}\n${JSON.stringify(record(1))}`);
    assert.equal(readLedgers(dir).records.length, 2);
    const ledger = openLedger(dir);
    assert.equal(ledger.repairedTail, null);
    ledger.append(record(2));
    ledger.close();
    assert.deepEqual(readLedgers(dir), { records: [record(0), record(1), record(2)], torn: [], duplicates: 0, retried: 0 });
  });

  it('rejects a corrupt line in the middle of a file, naming file and line', () => {
    const dir = tempDir();
    const file = path.join(dir, 'ledger.w2.jsonl');
    writeLines(file, `${JSON.stringify(record(0))}\n{"key": broken\n${JSON.stringify(record(1))}\n`);
    assert.throws(
      () => readLedgers(dir),
      (error: unknown) => {
        assert.ok(error instanceof LedgerError);
        assert.equal(error.file, file);
        assert.equal(error.line, 2);
        assert.match(error.message, new RegExp(`^${escapeRegExp(file)}:2: not a ledger record`));
        return true;
      },
    );
    // A line that parses but is no record is damage as well.
    const other = tempDir();
    writeLines(path.join(other, 'ledger.jsonl'), `${JSON.stringify(record(0))}\n{"key":"x"}\n\n${JSON.stringify(record(1))}\n`);
    assert.throws(() => readLedgers(other), /ledger\.jsonl:2: not a ledger record \('specHash' must be a non-empty string\)/);
  });

  it('counts a key recorded twice once, keeping the first', () => {
    const dir = tempDir();
    const ledger = openLedger(dir);
    ledger.append(record(0));
    ledger.append(record(1));
    ledger.append(record(0, { status: 'failed', error: 'retried' }));
    ledger.close();
    const worker = openLedger(dir, { suffix: 'w1' });
    worker.append(record(1, { seconds: 99 }));
    worker.append(record(2));
    worker.close();
    const contents = readLedgers(dir);
    assert.equal(contents.duplicates, 2);
    assert.deepEqual(contents.records, [record(0), record(1), record(2)]);
  });

  it('reads every ledger file of the directory together, ledger.jsonl first', () => {
    const dir = tempDir();
    const layout: Array<[string | undefined, number[]]> = [
      ['w2', [4, 5]],
      [undefined, [0, 1]],
      ['1of2', [2, 3]],
    ];
    for (const [suffix, indices] of layout) {
      const ledger = openLedger(dir, suffix === undefined ? {} : { suffix });
      ledger.appendMany(indices.map((index) => record(index)));
      ledger.close();
    }
    fs.writeFileSync(path.join(dir, 'ledger.jsonl.bak'), 'not a ledger');
    assert.deepEqual(
      ledgerFiles(dir).map((file) => path.basename(file)),
      ['ledger.jsonl', 'ledger.1of2.jsonl', 'ledger.w2.jsonl'],
    );
    assert.deepEqual(
      readLedgers(dir).records.map((entry) => entry.key),
      [0, 1, 2, 3, 4, 5].map((index) => record(index).key),
    );
    assert.throws(() => openLedger(dir, { suffix: '../escape' }), /ledger suffix/);
  });

  it('refuses records of another spec hash, naming file and line', () => {
    const dir = tempDir();
    const main = openLedger(dir);
    main.append(record(0));
    main.close();
    const worker = openLedger(dir, { suffix: 'w1' });
    worker.append(record(1));
    worker.append(record(2, { specHash: 'other-spec' }));
    worker.close();
    assert.throws(
      () => readLedgers(dir),
      (error: unknown) => {
        assert.ok(error instanceof LedgerError);
        assert.equal(error.file, path.join(dir, 'ledger.w1.jsonl'));
        assert.equal(error.line, 2);
        assert.match(error.message, /record of another study: spec hash other-spec, but .*ledger\.jsonl:1 has kill-test-spec/);
        return true;
      },
    );
    const fresh = tempDir();
    const first = openLedger(fresh);
    first.append(record(0));
    first.close();
    assert.throws(() => readLedgers(fresh, { specHash: 'expected' }), /ledger\.jsonl:1: record of another study/);
    const guarded = openLedger(fresh, { specHash: KILL_TEST_SPEC_HASH });
    assert.throws(() => guarded.append(record(1, { specHash: 'other-spec' })), /refusing record job-000001 of spec other-spec/);
    assert.throws(() => guarded.append({ ...record(1), status: 'crashed' as never }), /'status' must be one of/);
    guarded.close();
    assert.equal(readLedgers(fresh).records.length, 1);
  });

  it('saves the spec atomically beside the ledger', () => {
    const dir = tempDir();
    assert.equal(readSpecFile(dir), null);
    const spec: StudySpec = {
      name: 'tiny',
      activations: ['relu', 'swish'],
      miniExperiments: [{ id: 'a/b', task: 'a', dataset: 'b', settings: {}, fixed: { units: 10 } }],
      configurations: 2,
      repeats: 1,
      seed: 42,
      timeLimitSeconds: 60,
    };
    writeSpecFile(dir, spec);
    writeSpecFile(dir, { ...spec, seed: 43 });
    assert.deepEqual(readSpecFile(dir), { ...spec, seed: 43 });
    assert.deepEqual(fs.readdirSync(dir), ['spec.json']);
    fs.writeFileSync(path.join(dir, 'spec.json'), '{"name": ');
    assert.throws(() => readSpecFile(dir), /spec\.json: not valid JSON/);
  });

  it('a later record of a failed job replaces it (the retry); a later record of any other job is a duplicate; failed jobs are not finished', () => {
    const dir = tempDir();
    const ledger = openLedger(dir);
    ledger.appendMany([
      record(0, { status: 'failed', error: 'no data' }),
      record(1),
      record(0),
      record(1, { status: 'failed' }),
      record(2, { status: 'failed' }),
    ]);
    ledger.close();
    const contents = readLedgers(dir);
    assert.deepEqual(contents.records, [record(0), record(1), record(2, { status: 'failed' })]);
    assert.equal(contents.retried, 1);
    assert.equal(contents.duplicates, 1);
    assert.deepEqual(finishedKeys(dir), new Set([record(0).key, record(1).key]));
  });

  it('summarizes by status, mini-experiment and activation, with the run seconds summed', () => {
    const records = [
      record(0, { seconds: 1 }),
      record(1, { seconds: 2 }),
      record(3, { seconds: 4 }),
      record(4, { status: 'failed', seconds: 8 }),
      record(6, { status: 'timeout', seconds: 16 }),
      record(9, { seconds: Number.POSITIVE_INFINITY }),
    ];
    const summary = summarize(records);
    assert.deepEqual(
      {
        total: summary.total,
        ok: summary.ok,
        diverged: summary.diverged,
        failed: summary.failed,
        timeout: summary.timeout,
        seconds: summary.seconds,
      },
      { total: 6, ok: 3, diverged: 1, failed: 1, timeout: 1, seconds: 31 },
    );
    // relu is records 0, 3, 6 and 9 (index mod 3); 9's infinite seconds are left out of the sum.
    assert.deepEqual(summary.byActivation['relu'], { total: 4, ok: 2, diverged: 1, failed: 0, timeout: 1, seconds: 21 });
    assert.deepEqual(summary.byMiniExperiment['task-1/data'], { total: 2, ok: 1, diverged: 0, failed: 1, timeout: 0, seconds: 10 });
    assert.deepEqual(summarize([]), {
      total: 0,
      ok: 0,
      diverged: 0,
      failed: 0,
      timeout: 0,
      seconds: 0,
      byMiniExperiment: {},
      byActivation: {},
    });
  });
});

describe('ledger under SIGKILL', () => {
  const childScript = path.join(here, 'ledger-kill-child-test-support.ts');

  interface ChildResult {
    code: number | null;
    signal: NodeJS.Signals | null;
    stderr: string;
  }

  /** Runs the child to its end, or SIGKILLs it `killAfterMs` after it says it is ready. */
  function runChild(dir: string, total: number, killAfterMs?: number): Promise<ChildResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', childScript, dir, String(total)], {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (data: Buffer) => {
        stdout += data.toString();
        if (killAfterMs !== undefined && stdout.includes('ready\n')) {
          stdout = '';
          setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        }
      });
      child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ code, signal, stderr }));
    });
  }

  function checkIntact(dir: string): LedgerRecord[] {
    const contents = readLedgers(dir);
    assert.ok(contents.torn.length <= 1, `at most one torn line, got ${JSON.stringify(contents.torn)}`);
    assert.equal(contents.duplicates, 0);
    // Each run resumes at the first missing job, so the records are always jobs 0..n-1 in order.
    contents.records.forEach((entry, position) => assert.deepEqual(entry, killTestRecord(position)));
    return contents.records;
  }

  it('keeps every complete record, never counts a job twice, and resumes to the uninterrupted result', async () => {
    const dir = tempDir();
    let previous = 0;
    for (const [run, killAfterMs] of [20, 50, 120, 5].entries()) {
      const result = await runChild(dir, 1_000_000, killAfterMs);
      assert.equal(result.signal, 'SIGKILL', `run ${run} should have been killed: ${result.stderr}`);
      // The killed runner's lock is left behind and taken over as stale.
      if (run > 0) assert.match(result.stderr, /took over the lock of shard all from pid \d+/);
      const records = checkIntact(dir);
      assert.ok(records.length >= previous);
      previous = records.length;
    }
    assert.ok(previous > 0, 'the children wrote something before being killed');

    const total = previous + 40;
    const finished = await runChild(dir, total);
    assert.equal(finished.code, 0, finished.stderr);
    assert.equal(checkIntact(dir).length, total);
    assert.equal(readLedgers(dir).torn.length, 0);

    const ledger = openLedger(dir, { specHash: KILL_TEST_SPEC_HASH });
    ledger.append(killTestRecord(total));
    ledger.close();
    assert.equal(checkIntact(dir).length, total + 1);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['ledger.jsonl']);
  });

  it('cuts a torn tail that a killed writer left and carries on', async () => {
    const dir = tempDir();
    const first = openLedger(dir);
    for (let index = 0; index < 5; index++) first.append(killTestRecord(index));
    first.close();
    // What a kill between the bytes of one write would leave.
    fs.appendFileSync(path.join(dir, 'ledger.jsonl'), JSON.stringify(killTestRecord(5)).slice(0, 777));
    const result = await runChild(dir, 12);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /repaired torn tail/);
    assert.equal(checkIntact(dir).length, 12);
    assert.deepEqual(readLedgers(dir).torn, []);
  });
});
