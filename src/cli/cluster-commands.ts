// `actbench slurm`, `actbench queue push|collect` and `actbench worker`: a study run across
// machines, on Slurm job arrays or on a Redis/BullMQ queue. Flags are checked here; the work is
// done by src/cluster/. Every message that names the Redis URL shows it redacted, and errors from
// the Redis libraries pass through the same redaction before they are printed. The Redis and
// BullMQ clients are imported on demand: every command's declaration is loaded at start-up, and
// those libraries would slow each start by a fifth of a second.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { ClusterSetupError } from '../cluster/cluster-error.js';
import { actbenchCommand } from '../cluster/invocation.js';
import { checkStudyName, loadStudy } from '../cluster/queue-study.js';
import type { RedisHandle } from '../cluster/redis-client.js';
import { parseRedisUrl, redactSecrets, type RedisTarget } from '../cluster/redis-url.js';
import { renderArrayScript, renderMergeScript, slurmScriptPaths } from '../cluster/slurm-scripts.js';
import { submitSlurmScripts } from '../cluster/slurm-submit.js';
import { writeSpecFile } from '../study/ledger.js';
import { planJobs } from '../study/plan.js';
import { loadStudySpec, withOverrides, type SpecSource } from '../study/spec-source.js';
import { planStudy } from '../study/study.js';
import type { StudySpec } from '../study/types.js';
import type { Output } from './activation-commands.js';
import { command, dataDirFlag, groupOnly, positiveInteger } from './flags.js';
import { specSourceOf, withSpecOverrides, withSpecSource } from './study-commands.js';
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
    throw new UsageError(
      `--out ${options.out}: Slurm cannot take this folder in a batch script's #SBATCH lines (no blanks, quotes, %, #, $ or backslashes)`,
    );
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
  io.out(
    `submitted array job ${submitted.arrayJob} (${options.tasks} tasks) and merge job ${submitted.mergeJob} (after ${submitted.arrayJob} succeeds); logs in ${paths.logs}\n`,
  );
}

// ---------------------------------------------------------------------------------------------
// Redis / BullMQ

function redisTarget(flag: string | undefined): RedisTarget {
  const text = flag ?? process.env[REDIS_URL_VARIABLE];
  if (text === undefined || text.trim() === '')
    throw new UsageError(`--redis: give the Redis URL (redis://[:password@]host:port), or set ${REDIS_URL_VARIABLE}`);
  return parseRedisUrl(text, flag === undefined ? REDIS_URL_VARIABLE : '--redis');
}

/** Runs `body` with a checked connection; errors leave with the URL's secrets masked. */
async function withRedis<T>(target: RedisTarget, io: Output, body: (redis: Redis) => Promise<T>): Promise<T> {
  let handle: RedisHandle | undefined;
  try {
    const { connectRedis } = await import('../cluster/redis-client.js');
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
  if (options.follow && options.out === undefined)
    throw new UsageError('--follow: give --out STUDY_DIR, the folder whose ledger receives the results');
  const fromRedis = options.specFile === undefined && options.preset === undefined;
  if (fromRedis && options.study === undefined)
    throw new UsageError('queue push: give a spec file, --preset NAME, or --study NAME of a study pushed before');
  await withRedis(target, io, async (redis) => {
    let spec: StudySpec;
    if (fromRedis) {
      // Pushing a study again by name (to retry failed jobs, or for another --out) needs no spec.
      const stored = await loadStudy(redis, checkStudyName(options.study!));
      if (stored === null)
        throw new ClusterSetupError(
          `--study ${options.study}: Redis at ${target.display} holds no such study; give its spec file or --preset`,
        );
      spec = await withOverrides(stored.spec, options, `study '${options.study}' in Redis`);
    } else spec = await loadStudySpec(options, 'queue push');
    const study = checkStudyName(options.study ?? spec.name);
    const plan = options.out === undefined ? null : await planStudy(spec, path.resolve(options.out));
    const jobs = plan?.jobs ?? (await planJobs(spec));
    const pending = new Set(plan?.pending.map((job) => job.key));
    const ledgerKeys = plan === null ? undefined : new Set(jobs.map((job) => job.key).filter((key) => !pending.has(key)));
    const { pushStudy } = await import('../cluster/queue-push.js');
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
  const { collectStudy } = await import('../cluster/queue-collect.js');
  const final = await collectStudy({
    redis,
    study,
    dir: path.resolve(out),
    onStart: (plan, warning) => {
      if (warning) io.err(`${warning}\n`);
      missingAtStart = plan.pending.length;
      io.err(
        `collecting study '${study}' into ${out}: ${plan.jobs.length - plan.pending.length} of ${plan.jobs.length} jobs already in the ledger\n`,
      );
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
  io.out(
    `study '${study}' complete in ${out}: ${final.total} jobs (${final.failed} failed or timed out); ${final.collected} collected now in ${formatDuration((Date.now() - started) / 1000)}\n`,
  );
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
  const { startQueueWorker } = await import('../cluster/queue-worker.js');
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
          io.err(
            `${study}: training ${job.key} (${job.activation} on ${job.miniExperiment}, configuration ${job.configIndex}, repeat ${job.repeat}${attempt > 1 ? `, attempt ${attempt}` : ''})\n`,
          ),
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

// ---------------------------------------------------------------------------------------------
// The commands' declarations: flags beside the handlers that read them.

export function clusterCommands(io: Output) {
  const push = command({
    command: 'push [spec]',
    describe: 'enqueue every job of a study not done yet (job id = job key: pushing again adds nothing)',
    builder: (c) =>
      withSpecOverrides(
        withSpecSource(c, 'study spec file (JSON or YAML); leave out to push a study already in Redis again')
          .option('redis', { type: 'string', describe: 'redis://[:password@]host:port[/db] (or ACTBENCH_REDIS_URL)' })
          .option('study', { type: 'string', describe: "the study's name in Redis (default: the spec's name)" })
          .option('out', { type: 'string', describe: 'study folder: jobs in its ledger are not pushed' })
          .option('follow', {
            type: 'boolean',
            default: false,
            describe: 'then collect the results into --out until the study is complete',
          }),
      ),
    handler: async (args) => {
      await queuePushCommand({ ...specSourceOf(args), redis: args.redis, study: args.study, out: args.out, follow: args.follow }, io);
    },
  });
  const collectResults = command({
    command: 'collect',
    describe: "append the queue's results to a study folder's ledger, each job once, until the study is complete",
    builder: (c) =>
      c
        .option('redis', { type: 'string', describe: 'redis://[:password@]host:port[/db] (or ACTBENCH_REDIS_URL)' })
        .option('study', { type: 'string', demandOption: true, describe: "the study's name in Redis" })
        .option('out', { type: 'string', demandOption: true, describe: 'study folder (ledger.jsonl, spec.json)' }),
    handler: async (args) => {
      await queueCollectCommand({ redis: args.redis, study: args.study, out: args.out }, io);
    },
  });
  return {
    slurm: command({
      command: 'slurm [spec]',
      describe: 'write Slurm batch scripts for a study (a job array of shards, then merge and report); --submit submits them',
      builder: (y) =>
        withSpecOverrides(
          withSpecSource(y)
            .option('out', { type: 'string', demandOption: true, describe: 'study folder on a file system every node sees' })
            .option('array', { type: 'string', demandOption: true, describe: 'N: array tasks; task i runs shard i/N' })
            .option('partition', { type: 'string', describe: 'Slurm partition' })
            .option('time', { type: 'string', describe: 'time limit per task, e.g. 4:00:00' })
            .option('mem', { type: 'string', describe: 'memory per task, e.g. 8G' })
            .option('cpus-per-task', { type: 'string', default: '1', describe: 'cores per task; also its worker processes' })
            .option('submit', { type: 'boolean', default: false, describe: 'submit both scripts with sbatch and print the job ids' }),
        ),
      handler: async (args) => {
        await slurmCommand(
          {
            ...specSourceOf(args),
            out: args.out,
            tasks: positiveInteger(args.array, '--array'),
            cpusPerTask: positiveInteger(args['cpus-per-task'], '--cpus-per-task'),
            partition: args.partition,
            time: args.time,
            mem: args.mem,
            submit: args.submit,
          },
          io,
        );
      },
    }),
    queue: command({
      command: 'queue',
      describe: 'run a study through a Redis/BullMQ queue: push its jobs, collect the results',
      builder: (y) => y.command(push).command(collectResults).demandCommand(1, 'queue: give a subcommand: push or collect'),
      handler: groupOnly,
    }),
    worker: command({
      command: 'worker',
      describe: 'train the jobs of studies pushed to a Redis/BullMQ queue, each in a child process, until stopped',
      builder: (y) =>
        y
          .option('redis', { type: 'string', describe: 'redis://[:password@]host:port[/db] (or ACTBENCH_REDIS_URL)' })
          .option('concurrency', { type: 'string', default: '1', describe: 'jobs trained at once' })
          .option('lock-duration', {
            type: 'string',
            default: '30000',
            describe: "ms a job's lock lasts unless renewed; a dead worker's job runs again after about this",
          })
          .option('stalled-interval', { type: 'string', default: '30000', describe: 'ms between checks for jobs whose worker stopped' })
          .option('study', { type: 'string', array: true, describe: 'serve only these studies (default: every study pushed)' })
          .option('data-dir', { type: 'string', describe: "this machine's folder with original data files (or ACTBENCH_DATA)" }),
      handler: async (args) => {
        await workerCommand(
          {
            redis: args.redis,
            concurrency: positiveInteger(args.concurrency, '--concurrency'),
            lockDurationMs: positiveInteger(args['lock-duration'], '--lock-duration'),
            stalledIntervalMs: positiveInteger(args['stalled-interval'], '--stalled-interval'),
            studies: args.study?.map(String),
            dataDir: dataDirFlag(args['data-dir']),
          },
          io,
        );
      },
    }),
  };
}
