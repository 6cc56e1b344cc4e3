// `actbench status`: the counts per mini-experiment and the mean run seconds per job, the figure
// docs/performance.md records per release so that a slowdown shows.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { openLedger } from '../study/ledger.js';
import { killTestRecord } from '../study/ledger-kill-child-test-support.js';
import { runActbenchHere } from './cli-test-support.js';

test('status prints each mini-experiment with its counts and mean seconds per job', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'actbench-status-'));
  try {
    const ledger = openLedger(dir);
    // index mod 3 picks the mini-experiment: task-0 gets records 0 and 3, task-1 records 1 and 4.
    for (const [index, seconds] of [
      [0, 1.5],
      [3, 2.5],
      [1, 0.25],
      [4, 0.75],
    ] as const) {
      ledger.append({ ...killTestRecord(index), seconds });
    }
    ledger.close();
    const run = await runActbenchHere(['status', dir]);
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.split('\n');
    assert.match(lines.find((line) => line.startsWith('mini-experiment')) ?? '', /total +ok +diverged +failed +timeout +mean s\/job$/);
    // Record 3 diverged (index mod 7 = 3), and still counts for the time the study took.
    assert.match(lines.find((line) => line.startsWith('task-0/data')) ?? '', /^task-0\/data +2 +1 +1 +0 +0 +2\.00$/);
    assert.match(lines.find((line) => line.startsWith('task-1/data')) ?? '', /^task-1\/data +2 +2 +0 +0 +0 +0\.50$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
