// `actbench slurm`, `actbench queue push|collect` and `actbench worker`: a study run across
// machines, on Slurm job arrays or on a Redis/BullMQ queue. Flags are checked here; the work is
// done by src/cluster/. Every message that names the Redis URL shows it redacted, and errors from
// the Redis libraries pass through the same redaction before they are printed.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { ClusterSetupError } from '../cluster/cluster-error.js';
import { actbenchCommand } from '../cluster/invocation.js';
import { collectStudy } from '../cluster/queue-collect.js';
import { pushStudy } from '../cluster/queue-push.js';
import { checkStudyName, loadStudy } from '../cluster/queue-study.js';
import { startQueueWorker } from '../cluster/queue-worker.js';
import { connectRedis, type RedisHandle } from '../cluster/redis-client.js';
import { parseRedisUrl, redactSecrets, type RedisTarget } from '../cluster/redis-url.js';
import { renderArrayScript, renderMergeScript, slurmScriptPaths } from '../cluster/slurm-scripts.js';
import { submitSlurmScripts } from '../cluster/slurm-submit.js';
import { writeSpecFile } from '../study/ledger.js';
import { planJobs } from '../study/plan.js';
import { loadStudySpec, withOverrides, type SpecSource } from '../study/spec-source.js';
import { planStudy } from '../study/study.js';
import type { StudySpec } from '../study/types.js';
import type { Output } from './activation-commands.js';
import { createProgress, formatDuration } from './progress.js';
import { UsageError } from './usage-error.js';

/** The environment variable that may hold the Redis URL instead of --redis (keeps the password out of `ps`). */
export const REDIS_URL_VARIABLE = 'ACTBENCH_REDIS_URL';

// ---------------------------------------------------------------------------------------------
// Slurm

export interface SlurmCommandOptions extends SpecSource {
  out: string;
  tasks: number;
  cpusPerTask: number;
  partition?: string;
  time?: string;
  mem?: string;
  submit: boolean;
}

/** Slurm's time formats: minutes, m:s, h:m:s, d-h, d-h:m, d-h:m:s, or no limit. */
const SLURM_TIME = /^(?:\d+(?::\d{1,2}){0,2}|\d+-\d{1,2}(?::\d{1,2}){0,2}|UNLIMITED|INFINITE)$/i;
const SLURM_MEMORY = /^\d+[KMGT]?$/i;
const SLURM_PARTITIONS = /^[A-Za-z0-9_.-]+(?:,[A-Za-z0-9_.-]+)*$/;
/** Characters a path may not hold in an #SBATCH line: blanks split it and % starts a Slurm file pattern. */
const UNSAFE_IN_DIRECTIVE = /[\s%"'\\#$`]/;

function checkSlurmFlags(options: SlurmCommandOptions): void {
  if (options.time !== undefined && !SLURM_TIME.test(options.time)) {
    throw new UsageError(`--time ${options.time}: expected a Slurm time: minutes, HH:MM:SS or D-HH:MM:SS (e.g. 90, 4:00:00, 2-00:00:00)`);
  }
  if (options.mem !== undefined && !SLURM_MEMORY.test(options.mem)) {
    throw new UsageError(`--mem ${options.mem}: expected megabytes or a size with unit K, M, G or T (e.g. 4000, 8G)`);
  }
  if (options.partition !== undefined && !SLURM_PARTITIONS.test(options.partition)) {
    throw new UsageError(`--partition ${options.partition}: expected a partition name (or several, comma-separated)`);
  }
  if (UNSAFE_IN_DIRECTIVE.test(path.resolve(options.out))) {
    throw new UsageError(`--out ${options.out}: Slurm cannot take this folder in a batch script's #SBATCH lines (no blanks, quotes, %, #, $ or backslashes)`);
  }
}

export async function slurmCommand(options: SlurmCommandOptions, io: Output): Promise<void> {
  checkSlurmFlags(options);
  const spec = await loadStudySpec(options, 'slurm');
  const studyDir = path.resolve(options.out);
  // Refuses a folder of another study now, rather than in every array task later.
  const plan = await planStudy(spec, studyDir);
  const paths = slurmScriptPaths(studyDir);
  mkdirSync(paths.logs, { recursive: true });
  // The tasks run this copy of the spec: a preset or spec file may change later, the study must not.
  const specFile = writeSpecFile(paths.dir, spec);
  const scriptOptions = {
    studyName: spec.name,
    origin: options.preset !== undefined ? `preset ${options.preset}` : path.resolve(options.specFile!),
    studyDir,
    specFile,
    tasks: options.tasks,
    cpusPerTask: options.cpusPerTask,
    partition: options.partition,
    time: options.time,
    mem: options.mem,
    command: actbenchCommand(),
  };
  for (const [file, text] of [
    [paths.array, renderArrayScript(scriptOptions)],
    [paths.merge, renderMergeScript(scriptOptions)],
  ] as const) {
    writeFileSync(file, text);
    chmodSync(file, 0o755);
  }
  const perTask = Math.ceil(plan.pending.length / options.tasks);
  io.out(`study '${spec.name}': ${plan.jobs.length} jobs, ${plan.pending.length} to run, about ${perTask} per array task\n`);
  io.out(`wrote ${paths.array} (array of ${options.tasks} tasks, task i runs shard i/${options.tasks} into ${studyDir})\n`);
  io.out(`wrote ${paths.merge} (after the array succeeds: merge, status and report of ${studyDir})\n`);
  if (!options.submit) {
    io.out(`submit with: jid=$(sbatch --parsable ${paths.array}) && sbatch --dependency=afterok:$jid ${paths.merge}\n`);
    return;
  }
  const submitted = submitSlurmScripts(paths);
  io.out(`submitted array job ${submitted.arrayJob} (${options.tasks} tasks) and merge job ${submitted.mergeJob} (after ${submitted.arrayJob} succeeds); logs in ${paths.logs}\n`);
}

// ---------------------------------------------------------------------------------------------
// Redis / BullMQ

function redisTarget(flag: string | undefined): RedisTarget {
  const text = flag ?? process.env[REDIS_URL_VARIABLE];
  if (text === undefined || text.trim() === '') throw new UsageError(`--redis: give the Redis URL (redis://[:password@]host:port), or set ${REDIS_URL_VARIABLE}`);
  return parseRedisUrl(text, flag === undefined ? REDIS_URL_VARIABLE : '--redis');
}

/** Runs `body` with a checked connection; errors leave with the URL's secrets masked. */
async function withRedis<T>(target: RedisTarget, io: Output, body: (redis: Redis) => Promise<T>): Promise<T> {
  let handle: RedisHandle | undefined;
  try {
    handle = await connectRedis(target, {
      lost: (reason) => io.err(`lost Redis at ${target.display} (${reason}); retrying until it is back\n`),
      back: () => io.err(`Redis at ${target.display} is back; resuming\n`),
    });
    return await body(handle.client);
  } catch (error) {
    if (error instanceof Error) {
      error.message = redactSecrets(error.message, target);
      if (error.stack) error.stack = redactSecrets(error.stack, target);
    }
    throw error;
  } finally {
    await handle?.close();
  }
}

export interface QueuePushOptions extends SpecSource {
  redis?: string;
  study?: string;
  out?: string;
  follow: boolean;
}

export async function queuePushCommand(options: QueuePushOptions, io: Output): Promise<void> {
  const target = redisTarget(options.redis);
  if (options.follow && options.out === undefined) throw new UsageError('--follow: give --out STUDY_DIR, the folder whose ledger receives the results');
  const fromRedis = options.specFile === undefined && options.preset === undefined;
  if (fromRedis && options.study === undefined) throw new UsageError('queue push: give a spec file, --preset NAME, or --study NAME of a study pushed before');
  await withRedis(target, io, async (redis) => {
    let spec: StudySpec;
    if (fromRedis) {
      // Pushing a study again by name (to retry failed jobs, or for another --out) needs no spec.
      const stored = await loadStudy(redis, checkStudyName(options.study!));
      if (stored === null) throw new ClusterSetupError(`--study ${options.study}: Redis at ${target.display} holds no such study; give its spec file or --preset`);
      spec = await withOverrides(stored.spec, options, `study '${options.study}' in Redis`);
    } else spec = await loadStudySpec(options, 'queue push');
    const study = checkStudyName(options.study ?? spec.name);
    const plan = options.out === undefined ? null : await planStudy(spec, path.resolve(options.out));
    const jobs = plan?.jobs ?? (await planJobs(spec));
    const pending = new Set(plan?.pending.map((job) => job.key));
    const ledgerKeys = plan === null ? undefined : new Set(jobs.map((job) => job.key).filter((key) => !pending.has(key)));
    const result = await pushStudy({ redis, study, spec, jobs, ledgerKeys });
    const doneWhere = plan === null ? 'collected before' : `in the ledger of ${options.out}`;
    io.out(
      `study '${study}' on ${target.display}: ${result.planned} jobs; ${result.added} added, ${result.alreadyQueued} already queued, ` +
        `${result.retried} failed ones queued again, ${result.done} ${doneWhere}\n`,
    );
    if (options.follow) await collect(redis, study, options.out!, io);
  });
}

export interface QueueCollectOptions {
  redis?: string;
  study: string;
  out: string;
}

export async function queueCollectCommand(options: QueueCollectOptions, io: Output): Promise<void> {
  const target = redisTarget(options.redis);
  const study = checkStudyName(options.study);
  await withRedis(target, io, (redis) => collect(redis, study, options.out, io));
}

async function collect(redis: Redis, study: string, out: string, io: Output): Promise<void> {
  const progress = createProgress('collect');
  const started = Date.now();
  let missingAtStart = 0;
  let shown = '';
  const final = await collectStudy({
    redis,
    study,
    dir: path.resolve(out),
    onStart: (plan, warning) => {
      if (warning) io.err(`${warning}\n`);
      missingAtStart = plan.pending.length;
      io.err(`collecting study '${study}' into ${out}: ${plan.jobs.length - plan.pending.length} of ${plan.jobs.length} jobs already in the ledger\n`);
    },
    onProgress: (p) => {
      // Counted from this collector's start, so that the ETA reflects the rate seen now.
      const label = `${p.done}/${p.total} in the ledger, failed ${p.failed}; queue: ${p.waiting} waiting, ${p.active} running${p.queueFailed > 0 ? `, ${p.queueFailed} failed on the workers` : ''}`;
      if (label === shown) return;
      shown = label;
      progress.update(p.collected, missingAtStart, label);
    },
    onNotice: (message) => io.err(`${message}\n`),
  });
  progress.finish();
  io.out(`study '${study}' complete in ${out}: ${final.total} jobs (${final.failed} failed or timed out); ${final.collected} collected now in ${formatDuration((Date.now() - started) / 1000)}\n`);
}

export interface WorkerCommandOptions {
  redis?: string;
  concurrency: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  studies?: string[];
  dataDir?: string;
}

/** Runs until SIGINT or SIGTERM; then running jobs are abandoned, and run again elsewhere once their locks expire. */
export async function workerCommand(options: WorkerCommandOptions, io: Output): Promise<void> {
  const target = redisTarget(options.redis);
  const studies = options.studies?.map((name) => checkStudyName(name));
  await withRedis(target, io, async (redis) => {
    let lastError = '';
    const worker = startQueueWorker({
      redis,
      concurrency: options.concurrency,
      lockDurationMs: options.lockDurationMs,
      stalledIntervalMs: options.stalledIntervalMs,
      studies,
      dataDir: options.dataDir,
      events: {
        serving: (study) => io.err(`serving study '${study}'\n`),
        started: (study, job, attempt) =>
          io.err(`${study}: training ${job.key} (${job.activation} on ${job.miniExperiment}, configuration ${job.configIndex}, repeat ${job.repeat}${attempt > 1 ? `, attempt ${attempt}` : ''})\n`),
        finished: (study, record) => io.err(`${study}: finished ${record.key}: ${record.status} in ${record.seconds.toFixed(1)} s\n`),
        failed: (study, key, message) => io.err(`${study}: job ${key} failed: ${redactSecrets(message, target)}\n`),
        stalled: (study, key) => io.err(`${study}: job ${key} had stalled (its worker stopped); queued again\n`),
        error: (message) => {
          // An outage makes every connection report the same error again and again.
          const line = redactSecrets(message, target);
          if (line !== lastError) io.err(`worker: ${line}\n`);
          lastError = line;
        },
      },
    });
    io.err(
      `worker ${os.hostname()}:${process.pid} on ${target.display}: ${options.concurrency} job${options.concurrency === 1 ? '' : 's'} at once, ` +
        `lock ${options.lockDurationMs} ms, stalled check every ${options.stalledIntervalMs} ms; ${studies ? `studies ${studies.join(', ')}` : 'every study pushed'}\n`,
    );
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    io.err(`${signal}: stopping; jobs in hand run again elsewhere once their locks expire\n`);
    await worker.close(true);
  });
  // Abandoned trainings keep their runner's timers and child processes; nothing else is left to wait for.
  setTimeout(() => process.exit(), 200).unref();
}
