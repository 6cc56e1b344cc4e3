// Runs a study's pending jobs on a pool of worker processes and records each outcome in the
// ledger the moment it arrives. A crashed worker is replaced and its job retried (up to a limit,
// then recorded as failed); a job past the time limit is killed and recorded as timeout; a
// diverged or failed job never stops the study.
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunResult } from '../engine/run-one.js';
import { packageRoot } from '../util/package-root.js';
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
  return { actbench: own.version, tfjs: (require('@tensorflow/tfjs-core/package.json') as { version: string }).version, node: process.version };
}

function workerCommand(): { script: string; execArgv: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  return { script: fileURLToPath(new URL(fromSource ? './worker.ts' : './worker.js', import.meta.url)), execArgv: fromSource ? ['--import', 'tsx'] : [] };
}

interface Slot {
  child: ChildProcess;
  ready: boolean;
  job?: { job: Job; started: number; timer: NodeJS.Timeout };
}

export function runJobs(options: RunJobsOptions): Promise<RunnerProgress> {
  const { spec, jobs } = options;
  const miniExperiments = new Map<string, MiniExperimentSpec>(spec.miniExperiments.map((m) => [m.id, m]));
  const queue = [...jobs];
  const attempts = new Map<string, number>();
  const maxRetries = options.maxRetries ?? 2;
  const progress: RunnerProgress = { done: 0, total: jobs.length, failed: 0, diverged: 0 };
  const versionInfo = versions();
  const slots = new Set<Slot>();
  const command = options.worker ?? workerCommand();

  return new Promise((resolve, reject) => {
    let finished = false;

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
    });

    const finishIfDone = (): void => {
      if (finished || queue.length > 0 || [...slots].some((slot) => slot.job)) return;
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
        complete({ ...baseRecord(job, 'timeout'), error: `exceeded the time limit of ${spec.timeLimitSeconds} s`, seconds: spec.timeLimitSeconds });
      }, spec.timeLimitSeconds * 1000);
      slot.job = { job, started: Date.now(), timer };
      const request: WorkerRequest = { job, miniExperiment: miniExperiments.get(job.miniExperiment)!, dataDir: spec.dataDir };
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
          else complete({ ...baseRecord(job, 'failed'), error: `worker crashed ${tries} times (last: exit code ${code ?? '-'}, signal ${signal ?? '-'})` });
        }
        if (queue.length > 0) startWorker();
        else finishIfDone();
      });
    };

    if (queue.length === 0) {
      resolve(progress);
      return;
    }
    for (let i = 0; i < Math.max(1, Math.min(options.workers, queue.length)); i++) startWorker();
  });
}
