// `actbench worker`: takes jobs from the queues of every study pushed to Redis (or of the studies
// named) and trains each one on the study runner's worker processes (a job pool per study, kept
// up between jobs), so this process's event loop stays free to renew BullMQ's job locks, and the
// time limit, crash retries and records are exactly those of a local run. The ledger record goes
// back to Redis as the job's return value (serialised like a ledger line, so NaN losses survive);
// the collector appends it to the ledger.
//
// A worker killed mid-job stops renewing its lock; after the lock duration another worker's
// stalled check puts the job back in the queue and it runs again (delivery is at least once,
// which the collector's keyed appends absorb).
import os from 'node:os';
import { UnrecoverableError, Worker, type Job as BullJob } from 'bullmq';
import type { Redis } from 'ioredis';
import { serializeRecord } from '../study/ledger.js';
import { startJobPool, type JobPool } from '../study/runner.js';
import type { Job, LedgerRecord, StudySpec } from '../study/types.js';
import { listStudies, loadStudy, queueName, type QueuedJob } from './queue-study.js';

/** How often the worker looks for studies pushed since it started. */
const DISCOVER_EVERY_MS = 5000;
/**
 * How often a job may be found stalled (its worker gone) and put back before BullMQ fails it:
 * above BullMQ's 1, so one lost node and a restart do not fail a job, yet a job that kills every
 * worker it lands on does not circle forever.
 */
const MAX_STALLED_COUNT = 3;

export interface QueueWorkerEvents {
  serving?: (study: string) => void;
  started?: (study: string, job: Job, attempt: number) => void;
  finished?: (study: string, record: LedgerRecord) => void;
  failed?: (study: string, key: string, message: string) => void;
  stalled?: (study: string, key: string) => void;
  error?: (message: string) => void;
}

export interface QueueWorkerOptions {
  redis: Redis;
  /** Jobs trained at once, over all studies. */
  concurrency: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  /** Serve only these studies (default: every study pushed, including later ones). */
  studies?: string[];
  /** Replaces the spec's data folder: where this machine keeps the original data files. */
  dataDir?: string;
  events?: QueueWorkerEvents;
}

export interface QueueWorkerHandle {
  /** Stops taking jobs; `force` abandons running ones (their locks expire and they run elsewhere). */
  close(force: boolean): Promise<void>;
}

/** A counting semaphore: the studies' BullMQ workers share one budget of `concurrency` trainings. */
function slots(count: number): { acquire(): Promise<void>; release(): void } {
  let free = count;
  const waiting: (() => void)[] = [];
  return {
    acquire: () =>
      new Promise<void>((resolve) => {
        if (free > 0) {
          free--;
          resolve();
        } else waiting.push(resolve);
      }),
    release: () => {
      const next = waiting.shift();
      if (next) next();
      else free++;
    },
  };
}

/** One study's job pool and the BullMQ jobs waiting for its records, by job key. */
interface StudyPool {
  /** The spec the pool was started with; a changed spec (a new backend, say) gets a new pool. */
  specJson: string;
  pool: JobPool;
  waiting: Map<string, { resolve: (record: LedgerRecord) => void; reject: (error: Error) => void }[]>;
}

export function startQueueWorker(options: QueueWorkerOptions): QueueWorkerHandle {
  const { redis, events = {} } = options;
  const budget = slots(options.concurrency);
  const workers = new Map<string, Worker<QueuedJob, string>>();
  const pools = new Map<string, StudyPool>();
  const name = `${os.hostname()}:${process.pid}`;
  let closed = false;

  const poolFor = (study: string, spec: StudySpec, specHash: string): StudyPool => {
    const specJson = JSON.stringify(spec);
    const current = pools.get(study);
    if (current !== undefined && current.specJson === specJson) return current;
    // The old pool finishes the jobs it has, then stops.
    void current?.pool.end().catch(() => undefined);
    const waiting: StudyPool['waiting'] = new Map();
    const pool = startJobPool({
      spec,
      specHash,
      workers: options.concurrency,
      record: (record) => {
        for (const waiter of waiting.get(record.key) ?? []) waiter.resolve(record);
        waiting.delete(record.key);
      },
    });
    const entry: StudyPool = { specJson, pool, waiting };
    // A worker that cannot start (its backend missing, say) fails the jobs waiting; BullMQ retries them on a new pool.
    pool.done.catch((error: Error) => {
      for (const waiter of [...waiting.values()].flat()) waiter.reject(error);
      waiting.clear();
      if (pools.get(study) === entry) pools.delete(study);
    });
    pools.set(study, entry);
    return entry;
  };

  const train = (study: string, spec: StudySpec, specHash: string, job: Job): Promise<LedgerRecord> => {
    const { pool, waiting } = poolFor(study, spec, specHash);
    return new Promise((resolve, reject) => {
      const waiters = waiting.get(job.key);
      // The same job again while it still trains here (its lock was lost in an outage): one run answers both.
      if (waiters !== undefined) waiters.push({ resolve, reject });
      else {
        waiting.set(job.key, [{ resolve, reject }]);
        pool.add(job);
      }
    });
  };

  const processJob = async (bullJob: BullJob<QueuedJob, string>): Promise<string> => {
    const { study, specHash, job } = bullJob.data;
    await budget.acquire();
    try {
      const stored = await loadStudy(redis, study);
      if (stored === null) throw new UnrecoverableError(`study '${study}' is no longer in Redis`);
      if (stored.specHash !== specHash)
        throw new UnrecoverableError(`study '${study}' in Redis now has spec hash ${stored.specHash}, the job was queued for ${specHash}`);
      const spec = options.dataDir === undefined ? stored.spec : { ...stored.spec, dataDir: options.dataDir };
      events.started?.(study, job, bullJob.attemptsStarted);
      const record = await train(study, spec, specHash, job);
      events.finished?.(study, record);
      return serializeRecord(record);
    } finally {
      budget.release();
    }
  };

  const serve = (study: string): void => {
    // Each study's worker may hold up to `concurrency` jobs, but only `concurrency` train at once:
    // the others wait for a slot with their locks renewed.
    const worker = new Worker<QueuedJob, string>(queueName(study), processJob, {
      connection: redis,
      name,
      concurrency: options.concurrency,
      lockDuration: options.lockDurationMs,
      stalledInterval: options.stalledIntervalMs,
      maxStalledCount: MAX_STALLED_COUNT,
    });
    worker.on('error', (error) => events.error?.(`${study}: ${error.message}`));
    worker.on('failed', (bullJob, error) => events.failed?.(study, bullJob?.id ?? '?', error.message));
    worker.on('stalled', (key) => events.stalled?.(study, key));
    workers.set(study, worker);
    events.serving?.(study);
  };

  const discover = async (): Promise<void> => {
    const studies = options.studies ?? (await listStudies(redis));
    for (const study of studies) if (!closed && !workers.has(study)) serve(study);
  };
  const report = (error: unknown): void => events.error?.(error instanceof Error ? error.message : String(error));
  void discover().catch(report);
  const timer = options.studies === undefined ? setInterval(() => void discover().catch(report), DISCOVER_EVERY_MS) : undefined;

  return {
    async close(force) {
      closed = true;
      if (timer) clearInterval(timer);
      await Promise.all([...workers.values()].map((worker) => worker.close(force)));
      for (const { pool } of pools.values()) void pool.end().catch(() => undefined);
    },
  };
}
