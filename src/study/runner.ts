// Runs a study's pending jobs on a pool of worker processes and records each outcome in the
// ledger the moment it arrives. A crashed worker is replaced and its job retried (up to a limit,
// then recorded as failed); a job past the time limit is killed and recorded as timeout; a
// diverged or failed job never stops the study. runJobs takes a list; startJobPool takes jobs as
// they arrive (a queue worker's) and keeps its workers up between them.
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RunResult } from '../engine/run-one.js';
import { packageRoot } from '../util/package-root.js';
import { KEY_SCHEME } from './plan.js';
import type { Job, JobStatus, LedgerRecord, MiniExperimentSpec, StudySpec } from './types.js';
import type { WorkerReply, WorkerRequest } from './worker-protocol.js';

export interface RunnerProgress {
  done: number;
  total: number;
  failed: number;
  diverged: number;
  last?: LedgerRecord;
}

export interface RunJobsOptions {
  spec: StudySpec;
  specHash: string;
  jobs: Job[];
  workers: number;
  /** Called with each record as it is finished; the caller appends it to the ledger. */
  record: (record: LedgerRecord) => void;
  onProgress?: (progress: RunnerProgress) => void;
  /** Attempts after a worker crash before the job is recorded as failed. */
  maxRetries?: number;
  /** Another worker program speaking the same protocol (tests use one that crashes). */
  worker?: { script: string; execArgv: string[] };
}

const require = createRequire(import.meta.url);

function versions(): Record<string, string> {
  const own = JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  return {
    actbench: own.version,
    tfjs: (require('@tensorflow/tfjs-core/package.json') as { version: string }).version,
    node: process.version,
  };
}

/** The machine for the report's environment section; no host name, since reports get published. */
function machineDescription(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() || 'unknown CPU';
  return `${model}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()}-${os.arch()}`;
}

function workerCommand(): { script: string; execArgv: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  // tsx by absolute URL: a bare 'tsx' resolves from the current folder, which need not be the project (a Slurm job's).
  const loader = fromSource ? ['--import', pathToFileURL(require.resolve('tsx')).href] : [];
  return { script: fileURLToPath(new URL(fromSource ? './worker.ts' : './worker.js', import.meta.url)), execArgv: loader };
}

interface Slot {
  child: ChildProcess;
  ready: boolean;
  job?: { job: Job; started: number; timer: NodeJS.Timeout };
}

export function runJobs(options: RunJobsOptions): Promise<RunnerProgress> {
  const pool = startJobPool(options);
  for (const job of options.jobs) pool.add(job);
  return pool.end();
}

/** The runner for jobs that arrive one by one (a queue worker's): its workers stay up between jobs. */
export interface JobPool {
  /** Queues a job: an idle worker takes it at once, else a worker is started (up to `workers`). */
  add(job: Job): void;
  /** No more jobs: the workers stop once the queued ones are recorded. Returns `done`. */
  end(): Promise<RunnerProgress>;
  /** Settles after `end()` and the last record, or rejects as soon as a worker cannot start. */
  readonly done: Promise<RunnerProgress>;
}

export function startJobPool(options: Omit<RunJobsOptions, 'jobs'>): JobPool {
  const { spec } = options;
  const miniExperiments = new Map<string, MiniExperimentSpec>(spec.miniExperiments.map((m) => [m.id, m]));
  const queue: Job[] = [];
  const attempts = new Map<string, number>();
  const maxRetries = options.maxRetries ?? 2;
  const progress: RunnerProgress = { done: 0, total: 0, failed: 0, diverged: 0 };
  const versionInfo = versions();
  const machine = machineDescription();
  const slots = new Set<Slot>();
  const command = options.worker ?? workerCommand();
  let ended = false;
  let finished = false;
  let resolve!: (progress: RunnerProgress) => void;
  let reject!: (error: Error) => void;
  const done = new Promise<RunnerProgress>((resolveDone, rejectDone) => {
    resolve = resolveDone;
    reject = rejectDone;
  });
  // A worker may fail to start before anyone awaits `done`; that must not count as unhandled.
  done.catch(() => undefined);

  const baseRecord = (job: Job, status: JobStatus): LedgerRecord => {
    const mini = miniExperiments.get(job.miniExperiment)!;
    return {
      key: job.key,
      specHash: options.specHash,
      miniExperiment: job.miniExperiment,
      task: mini.task,
      dataset: mini.dataset,
      activation: job.activation,
      configIndex: job.configIndex,
      repeat: job.repeat,
      seed: job.seed,
      splitIndex: job.splitIndex,
      splitSeed: job.splitSeed,
      keyScheme: KEY_SCHEME,
      hparams: job.hparams,
      status,
      dev: {},
      test: {},
      baseline: {},
      history: [],
      epochs: 0,
      bestEpoch: 0,
      seconds: 0,
      backend: spec.backend ?? '',
      versions: versionInfo,
      machine,
      finishedAt: new Date().toISOString(),
    };
  };

  const complete = (record: LedgerRecord): void => {
    options.record(record);
    progress.done++;
    if (record.status === 'failed' || record.status === 'timeout') progress.failed++;
    if (record.status === 'diverged') progress.diverged++;
    progress.last = record;
    options.onProgress?.(progress);
  };

  const fromResult = (job: Job, result: RunResult): LedgerRecord => ({
    ...baseRecord(job, result.status),
    dev: result.dev,
    test: result.test,
    baseline: result.baseline,
    history: result.history,
    epochs: result.epochs,
    bestEpoch: result.bestEpoch,
    seconds: result.seconds,
    backend: result.backend,
    primaryMetric: result.primaryMetric,
    ...(result.diagnostics ? { diagnostics: result.diagnostics } : {}),
  });

  const finishIfDone = (): void => {
    if (finished || !ended || queue.length > 0 || [...slots].some((slot) => slot.job)) return;
    finished = true;
    for (const slot of slots) slot.child.kill();
    resolve(progress);
  };

  const dispatch = (slot: Slot): void => {
    const job = queue.shift();
    if (!job) {
      finishIfDone();
      return;
    }
    const timer = setTimeout(() => {
      // Past the limit: the worker may be stuck inside a kernel, so it is killed and replaced.
      slot.job = undefined;
      slot.child.kill('SIGKILL');
      complete({
        ...baseRecord(job, 'timeout'),
        error: `exceeded the time limit of ${spec.timeLimitSeconds} s`,
        seconds: spec.timeLimitSeconds,
      });
    }, spec.timeLimitSeconds * 1000);
    slot.job = { job, started: Date.now(), timer };
    const request: WorkerRequest = {
      job,
      miniExperiment: miniExperiments.get(job.miniExperiment)!,
      dataDir: spec.dataDir,
      diagnostics: spec.diagnostics,
    };
    slot.child.send(request);
  };

  const startWorker = (): void => {
    const child = fork(command.script, [], {
      execArgv: command.execArgv,
      env: { ...process.env, ACTBENCH_WORKER_BACKEND: spec.backend ?? '' },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const slot: Slot = { child, ready: false };
    slots.add(slot);
    child.on('message', (reply: WorkerReply) => {
      if (reply.kind === 'ready') {
        slot.ready = true;
        dispatch(slot);
      } else if (reply.kind === 'fatal') {
        finished = true;
        for (const other of slots) other.child.kill();
        reject(new Error(`a worker could not start: ${reply.message}`));
      } else if (slot.job && slot.job.job.key === reply.key) {
        const { job, timer } = slot.job;
        clearTimeout(timer);
        slot.job = undefined;
        complete(reply.kind === 'result' ? fromResult(job, reply.result) : { ...baseRecord(job, 'failed'), error: reply.message });
        dispatch(slot);
      }
    });
    child.on('exit', (code, signal) => {
      slots.delete(slot);
      if (finished) return;
      if (slot.job) {
        // The worker died under a job (out of memory, a crash in native code): retry it elsewhere.
        const { job, timer } = slot.job;
        clearTimeout(timer);
        const tries = (attempts.get(job.key) ?? 0) + 1;
        attempts.set(job.key, tries);
        if (tries <= maxRetries) queue.unshift(job);
        else
          complete({
            ...baseRecord(job, 'failed'),
            error: `worker crashed ${tries} times (last: exit code ${code ?? '-'}, signal ${signal ?? '-'})`,
          });
      }
      if (queue.length > 0) startWorker();
      else finishIfDone();
    });
  };

  return {
    add(job) {
      if (ended || finished)
        throw new Error(`job ${job.key} added to a job pool that has ${ended ? 'ended' : 'stopped: a worker could not start'}`);
      queue.push(job);
      progress.total++;
      const idle = [...slots].find((slot) => slot.ready && !slot.job);
      if (idle) dispatch(idle);
      else if (slots.size < Math.max(1, options.workers)) startWorker();
    },
    end() {
      ended = true;
      finishIfDone();
      return done;
    },
    done,
  };
}
