// The results store of a study directory: append-only JSON Lines ledgers (`ledger.jsonl`, or
// `ledger.<suffix>.jsonl` for a shard or worker that keeps its own), the saved spec beside them
// (`spec.json`), and a plain summary for `actbench status`.
//
// Crash safety rests on three habits. Each record goes to disk as one complete line in one
// O_APPEND write followed by fsync, so a kill -9 can only tear the line being written, never an
// earlier one. Readers tolerate an unparseable last line of a file (reported as torn) but reject
// one anywhere else, because only the tail can be torn by a crash; elsewhere it means damage.
// Opening a ledger for writing cuts a torn tail off, so the next record starts on a fresh line
// and the torn one never ends up in the middle. One writer per file is assumed (the runner lock
// is per shard, and each worker or shard has its own suffix); readers may run at any time.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JobStatus, LedgerRecord, StudySpec } from './types.js';

export const LEDGER_FILE = 'ledger.jsonl';
export const SPEC_FILE = 'spec.json';

const JOB_STATUSES: readonly JobStatus[] = ['ok', 'diverged', 'failed', 'timeout'];
const SUFFIX_PATTERN = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/;
const LEDGER_NAME_PATTERN = /^ledger(?:\.([A-Za-z0-9_.-]+))?\.jsonl$/;
const NEWLINE = 0x0a;
const READ_CHUNK = 1 << 20;

/** A record that failed to parse at the end of a file: what a crash mid-write leaves. */
export interface TornLine {
  file: string;
  /** 1-based line number. */
  line: number;
}

/** A ledger line that cannot be a crash's leftover (not the last line), or a record of another study. */
export class LedgerError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
    this.name = 'LedgerError';
  }
}

export interface LedgerOptions {
  /** Writes to `ledger.<suffix>.jsonl` instead of `ledger.jsonl` (one file per shard or worker). */
  suffix?: string;
  /** When given, `append` refuses records of any other spec hash. */
  specHash?: string;
}

/** A torn tail that `openLedger` cut off before appending. */
export interface RepairedTail {
  file: string;
  /** Byte offset where the torn line began; the file now ends there. */
  offset: number;
  /** Bytes removed. */
  bytes: number;
}

export interface Ledger {
  readonly file: string;
  /** The torn last line removed when the ledger was opened, if there was one. */
  readonly repairedTail: RepairedTail | null;
  /** Writes one record as one line and fsyncs; on return the record survives a crash. */
  append(record: LedgerRecord): void;
  /** Writes each record as its own line and fsyncs once at the end (for merges: re-running one is harmless). */
  appendMany(records: Iterable<LedgerRecord>): void;
  close(): void;
}

export function ledgerFileName(suffix?: string): string {
  if (suffix === undefined) return LEDGER_FILE;
  if (!SUFFIX_PATTERN.test(suffix)) {
    throw new Error(`ledger suffix ${JSON.stringify(suffix)}: expected letters, digits, '_', '-' and inner dots`);
  }
  return `ledger.${suffix}.jsonl`;
}

/** The ledger files of a study directory, `ledger.jsonl` first, then by name: the order in which the first record of a key wins. */
export function ledgerFiles(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return [];
    throw error;
  }
  return names
    .filter((name) => LEDGER_NAME_PATTERN.test(name))
    .sort((a, b) => (a === LEDGER_FILE ? -1 : b === LEDGER_FILE ? 1 : a < b ? -1 : a > b ? 1 : 0))
    .map((name) => path.join(dir, name));
}

export function openLedger(dir: string, options: LedgerOptions = {}): Ledger {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, ledgerFileName(options.suffix));
  const existed = fs.existsSync(file);
  const fd = fs.openSync(file, 'a+');
  let repairedTail: RepairedTail | null;
  try {
    // A new directory entry must itself reach the disk, or a power cut could lose the whole file.
    if (!existed) syncDirectory(dir);
    repairedTail = repairTail(fd, file);
  } catch (error) {
    fs.closeSync(fd);
    throw error;
  }
  let closed = false;

  const encode = (record: LedgerRecord): Buffer => {
    const problem = recordProblem(record);
    if (problem !== null) throw new Error(`${file}: refusing to append an invalid record: ${problem}`);
    if (options.specHash !== undefined && record.specHash !== options.specHash) {
      throw new Error(`${file}: refusing record ${record.key} of spec ${record.specHash}; this ledger holds spec ${options.specHash}`);
    }
    return Buffer.from(`${serializeRecord(record)}\n`, 'utf8');
  };
  const ensureOpen = (): void => {
    if (closed) throw new Error(`${file}: ledger is closed`);
  };

  return {
    file,
    repairedTail,
    append(record) {
      ensureOpen();
      writeFully(fd, encode(record));
      fs.fsyncSync(fd);
    },
    appendMany(records) {
      ensureOpen();
      let wrote = false;
      for (const record of records) {
        writeFully(fd, encode(record));
        wrote = true;
      }
      if (wrote) fs.fsyncSync(fd);
    },
    close() {
      if (closed) return;
      closed = true;
      fs.closeSync(fd);
    },
  };
}

export interface ReadLedgersOptions {
  /** Every record must carry this spec hash; absent: every record must carry the first one's. */
  specHash?: string;
}

export interface LedgerContents {
  /**
   * One record per key, the first complete one in file order, except that a failed record gives
   * way to a later one of the same job (its retry); files in `ledgerFiles` order.
   */
  records: LedgerRecord[];
  torn: TornLine[];
  /** Complete records dropped because an earlier one had the same key (and had not failed). */
  duplicates: number;
  /** Failed records replaced by a later record of the same job (a retry by a later run). */
  retried: number;
}

/** Reads every ledger file of `dir` (none: empty). Throws LedgerError on damage other than a torn last line. */
export function readLedgers(dir: string, options: ReadLedgersOptions = {}): LedgerContents {
  const records: LedgerRecord[] = [];
  const torn: TornLine[] = [];
  const seen = new Map<string, number>();
  let duplicates = 0;
  let retried = 0;
  let reference: { specHash: string; where: string } | null =
    options.specHash === undefined ? null : { specHash: options.specHash, where: 'the expected spec' };

  for (const file of ledgerFiles(dir)) {
    // A bad line is only known to be the last one once the next non-blank line shows up.
    let pending: { line: number; detail: string } | null = null;
    for (const { text, line } of readLines(file)) {
      if (text.trim() === '') continue;
      if (pending !== null) throw new LedgerError(file, pending.line, pending.detail);
      const parsed = parseRecord(text);
      if (typeof parsed === 'string') {
        pending = { line, detail: `not a ledger record (${parsed})` };
        continue;
      }
      if (reference === null) {
        reference = { specHash: parsed.specHash, where: `${file}:${line}` };
      } else if (parsed.specHash !== reference.specHash) {
        throw new LedgerError(
          file,
          line,
          `record of another study: spec hash ${parsed.specHash}, but ${reference.where} has ${reference.specHash}`,
        );
      }
      const earlier = seen.get(parsed.key);
      if (earlier !== undefined) {
        // A failed job is run again by the next `run`: its later record replaces the failed one.
        if (!isFinished(records[earlier]!)) {
          records[earlier] = parsed;
          retried++;
        } else duplicates++;
        continue;
      }
      seen.set(parsed.key, records.length);
      records.push(parsed);
    }
    if (pending !== null) torn.push({ file, line: pending.line });
  }
  return { records, torn, duplicates, retried };
}

/**
 * Keys of the jobs a study directory has finished: a resumed run skips them. A failed job (data
 * that could not load, a crash) is not finished: the next run retries it. Diverged and timed-out
 * jobs are results, and are kept.
 */
export function finishedKeys(dir: string, options: ReadLedgersOptions = {}): Set<string> {
  return new Set(
    readLedgers(dir, options)
      .records.filter(isFinished)
      .map((record) => record.key),
  );
}

/** Whether a recorded job is done for good: anything but failed (which the next run retries). */
export function isFinished(record: Pick<LedgerRecord, 'status'>): boolean {
  return record.status !== 'failed';
}

/** Saves the spec as `spec.json` through a temporary file and a rename, so a crash leaves the old one or the new one. */
export function writeSpecFile(dir: string, spec: StudySpec): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, SPEC_FILE);
  const temporary = path.join(dir, `.${SPEC_FILE}.${process.pid}.tmp`);
  const fd = fs.openSync(temporary, 'w');
  try {
    writeFully(fd, Buffer.from(`${JSON.stringify(spec, null, 2)}\n`, 'utf8'));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temporary, file);
  syncDirectory(dir);
  return file;
}

/** The saved spec of a study directory, or null when it has none. */
export function readSpecFile(dir: string): StudySpec | null {
  const file = path.join(dir, SPEC_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return null;
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message})`);
  }
  if (!isObject(value) || !Array.isArray(value['activations']) || !Array.isArray(value['miniExperiments'])) {
    throw new Error(`${file}: expected a study spec (an object with 'activations' and 'miniExperiments' arrays)`);
  }
  return value as unknown as StudySpec;
}

export interface StatusCounts {
  total: number;
  ok: number;
  diverged: number;
  failed: number;
  timeout: number;
  /** Run seconds summed over the records (finite ones): what the work cost, so a slowdown shows. */
  seconds: number;
}

export interface LedgerSummary extends StatusCounts {
  byMiniExperiment: Record<string, StatusCounts>;
  byActivation: Record<string, StatusCounts>;
}

export function summarize(records: readonly LedgerRecord[]): LedgerSummary {
  const empty = (): StatusCounts => ({ total: 0, ok: 0, diverged: 0, failed: 0, timeout: 0, seconds: 0 });
  const summary: LedgerSummary = { ...empty(), byMiniExperiment: {}, byActivation: {} };
  for (const record of records) {
    const groups = [
      summary,
      (summary.byMiniExperiment[record.miniExperiment] ??= empty()),
      (summary.byActivation[record.activation] ??= empty()),
    ];
    for (const counts of groups) {
      counts.total++;
      counts[record.status]++;
      if (Number.isFinite(record.seconds)) counts.seconds += record.seconds;
    }
  }
  return summary;
}

// JSON has no NaN or Infinity, and a diverged job's losses are exactly that; JSON.stringify would
// turn them into null. They are written as the strings below and restored in the numeric fields.
const NON_FINITE: Record<string, number> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, '-Infinity': Number.NEGATIVE_INFINITY };

export function serializeRecord(record: LedgerRecord): string {
  return JSON.stringify(record, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value));
}

/** The record on a ledger line, or a sentence saying why the line is not one. */
export function parseRecord(text: string): LedgerRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  if (!isObject(value)) return 'not a JSON object';
  reviveNumbers(value);
  const problem = recordProblem(value);
  return problem ?? (value as unknown as LedgerRecord);
}

function reviveNumbers(record: Record<string, unknown>): void {
  const reviveMap = (map: unknown): void => {
    if (!isObject(map)) return;
    for (const [name, value] of Object.entries(map)) map[name] = revive(value);
  };
  for (const field of ['dev', 'test', 'baseline'] as const) reviveMap(record[field]);
  for (const field of ['epochs', 'bestEpoch', 'seconds'] as const) record[field] = revive(record[field]);
  if (Array.isArray(record['history'])) {
    for (const epoch of record['history'] as unknown[]) {
      if (!isObject(epoch)) continue;
      epoch['loss'] = revive(epoch['loss']);
      reviveMap(epoch['dev']);
    }
  }
}

function revive(value: unknown): unknown {
  return typeof value === 'string' && Object.hasOwn(NON_FINITE, value) ? NON_FINITE[value] : value;
}

/** Checks what resuming, de-duplication and summaries rely on; the rest of the shape is the writer's business. */
function recordProblem(value: unknown): string | null {
  if (!isObject(value)) return 'not an object';
  const record = value as Partial<Record<keyof LedgerRecord, unknown>>;
  for (const field of ['key', 'specHash', 'miniExperiment', 'activation'] as const) {
    if (typeof record[field] !== 'string' || record[field] === '') return `'${field}' must be a non-empty string`;
  }
  if (typeof record.status !== 'string' || !JOB_STATUSES.includes(record.status as JobStatus)) {
    return `'status' must be one of ${JOB_STATUSES.join(', ')}`;
  }
  for (const field of ['configIndex', 'repeat'] as const) {
    if (!Number.isInteger(record[field])) return `'${field}' must be an integer`;
  }
  if (record.history !== undefined && !Array.isArray(record.history)) return `'history' must be an array`;
  return null;
}

/** Cuts an unparseable last line off (or ends a complete one with its newline) so appends start clean. */
function repairTail(fd: number, file: string): RepairedTail | null {
  const size = fs.fstatSync(fd).size;
  if (size === 0) return null;
  const tail = lastContentLine(fd, size);
  if (tail !== null) {
    const parsed = parseRecord(tail.bytes.toString('utf8'));
    if (typeof parsed === 'string') {
      fs.ftruncateSync(fd, tail.offset);
      fs.fsyncSync(fd);
      return { file, offset: tail.offset, bytes: size - tail.offset };
    }
  }
  // A complete record (or only blank space) without a final newline: the next line must not join it.
  if (readByte(fd, size - 1) !== NEWLINE) {
    writeFully(fd, Buffer.from('\n'));
    fs.fsyncSync(fd);
  }
  return null;
}

/** The last line with anything but blanks in it, found by reading back from the end. */
function lastContentLine(fd: number, size: number): { offset: number; bytes: Buffer } | null {
  let start = size;
  let buffer = Buffer.alloc(0);
  while (start > 0) {
    const length = Math.min(READ_CHUNK, start);
    start -= length;
    const chunk = Buffer.alloc(length);
    readFully(fd, chunk, start);
    buffer = Buffer.concat([chunk, buffer]);
    let end = buffer.length;
    while (end > 0 && isBlank(buffer[end - 1]!)) end--;
    if (end === 0) continue;
    const newline = buffer.lastIndexOf(NEWLINE, end - 1);
    if (newline >= 0) return { offset: start + newline + 1, bytes: buffer.subarray(newline + 1, end) };
    if (start === 0) return { offset: 0, bytes: buffer.subarray(0, end) };
  }
  return null;
}

/** Lines of a file read in chunks, so a ledger larger than the longest string V8 allows still reads. */
function* readLines(file: string): Generator<{ text: string; line: number }> {
  const fd = fs.openSync(file, 'r');
  try {
    const chunk = Buffer.alloc(READ_CHUNK);
    let carry: Buffer[] = [];
    let line = 0;
    for (;;) {
      const read = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      let from = 0;
      for (;;) {
        const newline = chunk.indexOf(NEWLINE, from);
        if (newline < 0 || newline >= read) break;
        carry.push(chunk.subarray(from, newline));
        line++;
        yield { text: Buffer.concat(carry).toString('utf8'), line };
        carry = [];
        from = newline + 1;
      }
      // The chunk buffer is reused for the next read, so a partial line must be copied out.
      if (from < read) carry.push(Buffer.from(chunk.subarray(from, read)));
    }
    if (carry.length > 0) {
      line++;
      yield { text: Buffer.concat(carry).toString('utf8'), line };
    }
  } finally {
    fs.closeSync(fd);
  }
}

function writeFully(fd: number, buffer: Buffer): void {
  // With O_APPEND a short write's remainder still lands right after it (one writer per file).
  let offset = 0;
  while (offset < buffer.length) offset += fs.writeSync(fd, buffer, offset, buffer.length - offset);
}

function readFully(fd: number, buffer: Buffer, position: number): void {
  let offset = 0;
  while (offset < buffer.length) {
    const read = fs.readSync(fd, buffer, offset, buffer.length - offset, position + offset);
    if (read === 0) throw new Error('file shrank while being read');
    offset += read;
  }
}

function readByte(fd: number, position: number): number {
  const buffer = Buffer.alloc(1);
  readFully(fd, buffer, position);
  return buffer[0]!;
}

function isBlank(byte: number): boolean {
  return byte === NEWLINE || byte === 0x0d || byte === 0x20 || byte === 0x09;
}

/** Makes a rename or a file creation in `dir` durable; not possible on every platform, and then skipped. */
export function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Windows cannot open or fsync a directory; its rename is already as durable as it gets.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).code === code;
}
