// `actbench queue collect` (and `queue push --follow`): moves the results of a study's finished
// queue jobs into its ledger, each key exactly once, until every job of the study is there.
//
// The ledger's keys are the truth. A result is appended (and synced) first, then its key is added
// to the study's collected set, then the job is removed from Redis; a collector killed between
// those steps finds the job again on restart and, its key being in the ledger already, only
// finishes the removal. A job delivered twice (at-least-once) is dropped the same way. While
// Redis is away, the connection waits and retries (see redis-client.ts) and the loop resumes
// where it was; what is in the ledger stays.
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { mkdirSync } from 'node:fs';
import { openLedger, parseRecord, readLedgers, readSpecFile, writeSpecFile } from '../study/ledger.js';
import { acquireLock, WHOLE_STUDY } from '../study/lock.js';
import { planStudy, type StudyPlan } from '../study/study.js';
import { ClusterSetupError } from './cluster-error.js';
import { collectedKey, loadStudy, queueName, type QueuedJob } from './queue-study.js';

const BATCH = 200;

export interface CollectProgress {
  /** Jobs of the study in the ledger. */
  done: number;
  total: number;
  /** Of those, recorded as failed or timed out. */
  failed: number;
  /** Of those, appended by this collector. */
  collected: number;
  waiting: number;
  active: number;
  /** Jobs that failed on the workers (not in the ledger); `queue push` retries them. */
  queueFailed: number;
}

export interface CollectOptions {
  redis: Redis;
  study: string;
  dir: string;
  /** Pause between looks at the queue when nothing arrived. */
  pollMs?: number;
  /** Looks in a row that find nothing queued (and jobs missing) before giving up. */
  idleLooksBeforeGivingUp?: number;
  onStart?: (plan: StudyPlan, lockWarning: string | null) => void;
  onProgress?: (progress: CollectProgress) => void;
  /** Something the user should know that does not stop collecting (a malformed result). */
  onNotice?: (message: string) => void;
}

/** The study can never complete from the queue as it is: jobs are missing and none is queued. */
export class CollectStuckError extends Error {
  override name = 'CollectStuckError';
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function collectStudy(options: CollectOptions): Promise<CollectProgress> {
  const { redis, study, dir } = options;
  const pollMs = options.pollMs ?? 1000;
  const stored = await loadStudy(redis, study);
  if (stored === null) throw new ClusterSetupError(`--study ${study}: Redis holds no such study; push it first with actbench queue push`);

  mkdirSync(dir, { recursive: true });
  const lock = acquireLock(dir, WHOLE_STUDY);
  const queue = new Queue<QueuedJob, string>(queueName(study), { connection: redis });
  queue.on('error', () => {
    // Errors reach the awaited calls; the connection's own notices tell the user about outages.
  });
  try {
    const plan = await planStudy(stored.spec, dir);
    if (!readSpecFile(dir)) writeSpecFile(dir, stored.spec);
    options.onStart?.(plan, lock.warning);
    const planned = new Set(plan.jobs.map((job) => job.key));
    // Every key in the ledger, planned or not (a job of an activation since dropped from the spec is still a valid result).
    const recorded = new Set<string>();
    const progress: CollectProgress = { done: 0, total: planned.size, failed: 0, collected: 0, waiting: 0, active: 0, queueFailed: 0 };
    const count = (key: string, status: string): void => {
      recorded.add(key);
      if (!planned.has(key)) return;
      progress.done++;
      if (status === 'failed' || status === 'timeout') progress.failed++;
    };
    for (const record of readLedgers(dir, { specHash: plan.specHash }).records) count(record.key, record.status);

    const ledger = openLedger(dir, { specHash: plan.specHash });
    try {
      let idleLooks = 0;
      while (progress.done < progress.total) {
        const finished = await queue.getJobs(['completed'], 0, BATCH - 1, true);
        for (const bullJob of finished) {
          const record = typeof bullJob.returnvalue === 'string' ? parseRecord(bullJob.returnvalue) : 'no result';
          const key = bullJob.id ?? '';
          if (typeof record === 'string' || record.key !== key || record.specHash !== plan.specHash) {
            options.onNotice?.(
              `job ${key}: its result is not a ledger record of this study (${typeof record === 'string' ? record : `key ${record.key}, spec hash ${record.specHash}`}); dropped`,
            );
          } else if (!recorded.has(key)) {
            ledger.append(record);
            if (planned.has(key)) progress.collected++;
            count(key, record.status);
          }
          await redis.sadd(collectedKey(study), key);
          await bullJob.remove();
        }
        const counts = await queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed');
        progress.waiting = (counts['waiting'] ?? 0) + (counts['prioritized'] ?? 0) + (counts['delayed'] ?? 0);
        progress.active = counts['active'] ?? 0;
        progress.queueFailed = counts['failed'] ?? 0;
        options.onProgress?.(progress);
        if (progress.done >= progress.total || finished.length === BATCH) continue;

        const inFlight = progress.waiting + progress.active + (counts['completed'] ?? 0);
        idleLooks = inFlight === 0 ? idleLooks + 1 : 0;
        // A few looks in a row, so that a job between two states (or a push still adding) is not mistaken for none.
        if (idleLooks >= (options.idleLooksBeforeGivingUp ?? 3))
          throw await stuckError(queue, study, dir, progress.total - progress.done, progress.queueFailed);
        await sleep(pollMs);
      }
      return progress;
    } finally {
      ledger.close();
    }
  } finally {
    await queue.close();
    lock.release();
  }
}

async function stuckError(
  queue: Queue<QueuedJob, string>,
  study: string,
  dir: string,
  missing: number,
  failed: number,
): Promise<CollectStuckError> {
  const again = `actbench queue push --redis URL --study ${study} --out ${dir}`;
  if (failed > 0) {
    const [last] = await queue.getJobs(['failed'], 0, 0);
    const reason = last ? ` (e.g. ${last.id}: ${last.failedReason.split('\n')[0]})` : '';
    return new CollectStuckError(
      `${missing} jobs of study '${study}' are not in ${dir} and none is queued: ${failed} failed on the workers${reason}; queue them again with: ${again}`,
    );
  }
  return new CollectStuckError(
    `${missing} jobs of study '${study}' are not in ${dir} and none is queued (never pushed, or collected into another folder); queue them with: ${again}`,
  );
}
