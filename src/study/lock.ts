// The runner lock of a study directory: one runner per shard. Runners on different shards share
// the directory (each holds `lock.<shard>.json` and writes its own ledger files), while a second
// runner on the same shard is refused with the pid and host of the one holding it.
//
// The lock file is written whole under a temporary name and then hard-linked into place; link()
// fails atomically when the name exists, so two runners starting together cannot both win and a
// lock file is never seen half-written. The lock is removed on release and on normal process
// exit. A runner killed by SIGKILL (or by a signal it does not handle) leaves its file behind;
// the next runner on this host sees that the pid is no longer alive and takes the lock over,
// reporting it in `warning`. A lock held from another host cannot be checked and is only ever
// removed by hand: the message names the file to delete.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isErrno, syncDirectory } from './ledger.js';
import { InputError } from '../util/input-error.js';

/** The shard label of a whole (unsharded) study. */
export const WHOLE_STUDY = 'all';

const LABEL_PATTERN = /^[A-Za-z0-9_-]+$/;
const ATTEMPTS = 8;

export interface LockInfo {
  pid: number;
  host: string;
  shard: string;
  /** ISO time the lock was taken. */
  startedAt: string;
  /** Tells this holder's file from a later one by the same pid (pids are reused). */
  token: string;
}

export interface LockHandle {
  readonly file: string;
  readonly info: LockInfo;
  /** The stale holder this lock replaced, if any. */
  readonly takenOver: LockInfo | null;
  /** A sentence for the user when a stale lock was taken over. */
  readonly warning: string | null;
  /** Removes the lock if it is still this one; calling it again does nothing. */
  release(): void;
}

/** Refusal because a live (or uncheckable) runner holds the shard. */
export class LockHeldError extends InputError {
  constructor(
    readonly file: string,
    readonly holder: LockInfo,
  ) {
    const where =
      holder.host === os.hostname() ? `pid ${holder.pid} on this host (${holder.host})` : `pid ${holder.pid} on host ${holder.host}`;
    super(
      `${path.dirname(file)} is in use: shard ${holder.shard} is being run by ${where} since ${holder.startedAt}; ` +
        `wait for it, run another shard, or delete ${file} if that runner is gone`,
    );
    this.name = 'LockHeldError';
  }
}

/** `lock.<label>.json` for `--shard i/n`, or the whole study when no shard is given. */
export function shardLabel(shard?: { index: number; count: number }): string {
  return shard === undefined ? WHOLE_STUDY : `${shard.index}of${shard.count}`;
}

export function lockFile(dir: string, shard: string): string {
  if (!LABEL_PATTERN.test(shard)) throw new Error(`shard label ${JSON.stringify(shard)}: expected letters, digits, '_' and '-'`);
  return path.join(dir, `lock.${shard}.json`);
}

export function acquireLock(dir: string, shard: string): LockHandle {
  const file = lockFile(dir, shard);
  fs.mkdirSync(dir, { recursive: true });
  const info: LockInfo = {
    pid: process.pid,
    host: os.hostname(),
    shard,
    startedAt: new Date().toISOString(),
    token: randomBytes(8).toString('hex'),
  };
  const temporary = `${file}.${process.pid}.${info.token}.tmp`;
  writeDurably(temporary, `${JSON.stringify(info, null, 2)}\n`);

  let takenOver: LockInfo | null = null;
  let warning: string | null = null;
  try {
    for (let attempt = 0; ; attempt++) {
      if (attempt === ATTEMPTS) throw new Error(`${file}: could not take the lock; other runners keep replacing it`);
      try {
        fs.linkSync(temporary, file);
        break;
      } catch (error) {
        if (!isErrno(error, 'EEXIST')) throw error;
      }
      const holder = readHolder(file);
      if (holder === 'missing') continue;
      if (holder !== 'unreadable' && (holder.host !== info.host || isAlive(holder.pid))) throw new LockHeldError(file, holder);
      if (!removeIfUnchanged(file, holder)) continue;
      takenOver = holder === 'unreadable' ? null : holder;
      warning =
        holder === 'unreadable'
          ? `${file}: replaced an unreadable lock file`
          : `${file}: took over the lock of shard ${shard} from pid ${holder.pid} on ${holder.host}, which is no longer running (since ${holder.startedAt})`;
    }
  } finally {
    fs.rmSync(temporary, { force: true });
  }
  syncDirectory(dir);

  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.removeListener('exit', release);
    const holder = readHolder(file);
    if (typeof holder === 'object' && holder.token === info.token) fs.rmSync(file, { force: true });
  };
  process.once('exit', release);
  return { file, info, takenOver, warning, release };
}

/** The current holder of a lock file, without taking it. */
export function readLock(dir: string, shard: string): LockInfo | null {
  const holder = readHolder(lockFile(dir, shard));
  return typeof holder === 'object' ? holder : null;
}

function readHolder(file: string): LockInfo | 'missing' | 'unreadable' {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return 'missing';
    throw error;
  }
  try {
    const value = JSON.parse(text) as Partial<LockInfo>;
    if (
      typeof value.pid === 'number' &&
      typeof value.host === 'string' &&
      typeof value.shard === 'string' &&
      typeof value.startedAt === 'string' &&
      typeof value.token === 'string'
    ) {
      return value as LockInfo;
    }
  } catch {
    // Falls through: only a power cut or a hand edit leaves a lock file like this.
  }
  return 'unreadable';
}

/**
 * Removes a stale lock file unless another runner replaced it since it was judged stale: the
 * file is renamed aside first (atomic), and put back if what was moved is not what was judged.
 */
function removeIfUnchanged(file: string, judged: LockInfo | 'unreadable'): boolean {
  const aside = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.stale`;
  try {
    fs.renameSync(file, aside);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return false;
    throw error;
  }
  const moved = readHolder(aside);
  const same = judged === 'unreadable' ? moved === 'unreadable' : typeof moved === 'object' && moved.token === judged.token;
  if (!same) {
    try {
      fs.linkSync(aside, file);
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) throw error;
    }
  }
  fs.rmSync(aside, { force: true });
  return same;
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return !isErrno(error, 'ESRCH');
  }
}

function writeDurably(file: string, text: string): void {
  const fd = fs.openSync(file, 'wx');
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
