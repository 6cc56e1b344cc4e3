import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { acquireLock, LockHeldError, lockFile, readLock, shardLabel, WHOLE_STUDY, type LockInfo } from './lock.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const lockModule = new URL('./lock.ts', import.meta.url).href;

const tempDirs: string[] = [];
after(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'actbench-lock-'));
  tempDirs.push(dir);
  return dir;
}

/** The pid of a process that has already exited (not reused this soon in practice). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function plantLock(dir: string, shard: string, holder: Partial<LockInfo>): void {
  const info: LockInfo = { pid: 1, host: os.hostname(), shard, startedAt: '2024-01-01T00:00:00.000Z', token: 'planted', ...holder };
  fs.writeFileSync(lockFile(dir, shard), JSON.stringify(info));
}

describe('runner lock', () => {
  it('refuses a second runner on the same shard, naming pid and host', () => {
    const dir = tempDir();
    const lock = acquireLock(dir, WHOLE_STUDY);
    assert.equal(lock.takenOver, null);
    assert.equal(lock.warning, null);
    assert.deepEqual(readLock(dir, WHOLE_STUDY), lock.info);
    assert.throws(
      () => acquireLock(dir, WHOLE_STUDY),
      (error: unknown) => {
        assert.ok(error instanceof LockHeldError);
        assert.equal(error.holder.pid, process.pid);
        assert.ok(error.message.includes(`pid ${process.pid} on this host (${os.hostname()})`), error.message);
        assert.ok(error.message.includes(`delete ${lock.file}`), error.message);
        return true;
      },
    );
    lock.release();
    lock.release();
    assert.equal(fs.existsSync(lock.file), false);
    const again = acquireLock(dir, WHOLE_STUDY);
    again.release();
    assert.deepEqual(fs.readdirSync(dir), [], 'no temporary files left behind');
  });

  it('lets runners on different shards share the directory', () => {
    const dir = tempDir();
    const first = acquireLock(dir, shardLabel({ index: 1, count: 4 }));
    const second = acquireLock(dir, shardLabel({ index: 2, count: 4 }));
    assert.deepEqual(fs.readdirSync(dir).sort(), ['lock.1of4.json', 'lock.2of4.json']);
    assert.throws(() => acquireLock(dir, '2of4'), LockHeldError);
    first.release();
    second.release();
    assert.throws(() => acquireLock(dir, '../x'), /shard label/);
  });

  it('takes over a stale lock whose pid no longer runs on this host, with a warning', () => {
    const dir = tempDir();
    const pid = deadPid();
    plantLock(dir, WHOLE_STUDY, { pid });
    const lock = acquireLock(dir, WHOLE_STUDY);
    assert.equal(lock.takenOver?.pid, pid);
    assert.match(
      lock.warning ?? '',
      new RegExp(`took over the lock of shard all from pid ${pid} on ${os.hostname()}, which is no longer running`),
    );
    assert.equal(readLock(dir, WHOLE_STUDY)?.token, lock.info.token);
    lock.release();
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('replaces an unreadable lock file', () => {
    const dir = tempDir();
    fs.writeFileSync(lockFile(dir, WHOLE_STUDY), '{"pid": 12');
    const lock = acquireLock(dir, WHOLE_STUDY);
    assert.match(lock.warning ?? '', /replaced an unreadable lock file/);
    lock.release();
  });

  it('never takes over a lock held from another host', () => {
    const dir = tempDir();
    plantLock(dir, '0of2', { pid: deadPid(), host: 'node-17.cluster' });
    assert.throws(
      () => acquireLock(dir, '0of2'),
      /shard 0of2 is being run by pid \d+ on host node-17\.cluster since 2024-01-01T00:00:00\.000Z/,
    );
  });

  it('leaves a lock alone on release once someone else holds it', () => {
    const dir = tempDir();
    const lock = acquireLock(dir, WHOLE_STUDY);
    plantLock(dir, WHOLE_STUDY, { pid: process.pid, token: 'someone-else' });
    lock.release();
    assert.equal(readLock(dir, WHOLE_STUDY)?.token, 'someone-else');
  });

  it('is released when the process exits normally', () => {
    const dir = tempDir();
    const script = `import { acquireLock } from ${JSON.stringify(lockModule)}; acquireLock(${JSON.stringify(dir)}, 'all');`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    assert.equal(child.status, 0, child.stderr);
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('lets exactly one of several runners starting together win, stale lock or not', async () => {
    for (const planted of [false, true]) {
      const dir = tempDir();
      if (planted) plantLock(dir, WHOLE_STUDY, { pid: deadPid() });
      // The winner holds the lock until every contender has tried (the test then closes stdin).
      const script = [
        `import { acquireLock } from ${JSON.stringify(lockModule)};`,
        `try { const lock = acquireLock(${JSON.stringify(dir)}, 'all'); process.stdout.write('won');`,
        `  process.stdin.on('end', () => lock.release()).resume(); }`,
        `catch (error) { process.stdout.write(error.name === 'LockHeldError' ? 'refused' : String(error)); process.exit(0); }`,
      ].join('\n');
      const contenders = Array.from({ length: 4 }, () =>
        spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
          cwd: repoRoot,
          stdio: ['pipe', 'pipe', 'inherit'],
        }),
      );
      const outcomes = contenders.map((child) => {
        // A refused contender may be gone before its stdin is closed.
        child.stdin.on('error', () => undefined);
        let output = '';
        const answered = new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
        child.stdout.on('data', (data: Buffer) => (output += data.toString()));
        const closed = new Promise<string>((resolve, reject) => {
          child.on('error', reject);
          child.on('close', () => resolve(output));
        });
        return { answered, closed };
      });
      await Promise.all(outcomes.map((outcome) => outcome.answered));
      for (const child of contenders) child.stdin.end();
      const results = await Promise.all(outcomes.map((outcome) => outcome.closed));
      assert.deepEqual(results.sort(), ['refused', 'refused', 'refused', 'won'], `planted stale lock: ${planted}`);
      assert.deepEqual(fs.readdirSync(dir), []);
    }
  });
});
