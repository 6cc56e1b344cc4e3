// `actbench queue push`: registers a study in Redis and enqueues each of its jobs that is not done
// yet, with the job key as BullMQ job id. Adding an id that already exists is a no-op in BullMQ,
// so pushing twice adds nothing; a job that failed on the workers is retried instead.
import { Job as BullJob, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Job, StudySpec } from '../study/types.js';
import { collectedKeys, queueName, saveStudy, type QueuedJob } from './queue-study.js';

/** A job that fails on a worker (its backend cannot start, say) is tried again after 10 s, 20 s. */
const JOB_OPTIONS = { attempts: 3, backoff: { type: 'exponential', delay: 10_000 }, removeOnComplete: false, removeOnFail: false } as const;
const BATCH = 500;

export interface PushOptions {
  redis: Redis;
  study: string;
  spec: StudySpec;
  jobs: readonly Job[];
  /** Keys of the study folder's ledger (--out): these are done. Absent: the keys collected before count as done. */
  ledgerKeys?: ReadonlySet<string>;
}

export interface PushResult {
  planned: number;
  /** In the ledger (with --out) or collected before (without). */
  done: number;
  added: number;
  /** Already waiting, running or finished and not yet collected. */
  alreadyQueued: number;
  /** Had failed on the workers and were queued again. */
  retried: number;
}

export async function pushStudy(options: PushOptions): Promise<PushResult> {
  const { redis, study, jobs } = options;
  const stored = await saveStudy(redis, study, options.spec);
  const done =
    options.ledgerKeys ??
    (await collectedKeys(
      redis,
      study,
      jobs.map((job) => job.key),
    ));
  const todo = jobs.filter((job) => !done.has(job.key));
  const queue = new Queue<QueuedJob>(queueName(study), { connection: redis });
  queue.on('error', () => {
    // Errors reach the awaited calls below; the event would otherwise be unhandled.
  });
  const result: PushResult = { planned: jobs.length, done: jobs.length - todo.length, added: 0, alreadyQueued: 0, retried: 0 };
  try {
    for (let start = 0; start < todo.length; start += BATCH) {
      const batch = todo.slice(start, start + BATCH);
      const states = await Promise.all(batch.map((job) => queue.getJobState(job.key)));
      const fresh: Job[] = [];
      for (const [index, state] of states.entries()) {
        const job = batch[index]!;
        if (state === 'unknown') fresh.push(job);
        else if (state === 'failed') {
          await (await BullJob.fromId<QueuedJob>(queue, job.key))?.retry('failed');
          result.retried++;
        } else result.alreadyQueued++;
      }
      await queue.addBulk(
        fresh.map((job) => ({
          name: `${job.miniExperiment} ${job.activation}`,
          data: { study, specHash: stored.specHash, job },
          opts: { ...JOB_OPTIONS, jobId: job.key },
        })),
      );
      result.added += fresh.length;
    }
  } finally {
    await queue.close();
  }
  return result;
}
