// A study end to end: plan the jobs (this shard's share), skip those the ledger already holds,
// run the rest on worker processes, append each record as it arrives. Holding the shard's lock
// keeps a second runner off the same jobs; a killed study resumes from its ledger.
import { existsSync, mkdirSync } from 'node:fs';
import { acquireLock, shardLabel } from './lock.js';
import { finishedKeys, openLedger, readSpecFile, writeSpecFile } from './ledger.js';
import { planJobs, shardJobs, skippedPairs, specHash, type Shard, type SkippedPair } from './plan.js';
import { runJobs, type RunnerProgress } from './runner.js';
import type { Job, StudySpec } from './types.js';

export interface StudyPlan {
  spec: StudySpec;
  specHash: string;
  /** This shard's jobs. */
  jobs: Job[];
  pending: Job[];
  skipped: SkippedPair[];
  /** Jobs per mini-experiment and activation: [planned, done]. */
  counts: Record<string, Record<string, [number, number]>>;
}

export async function planStudy(spec: StudySpec, dir: string, shard?: Shard): Promise<StudyPlan> {
  const hash = specHash(spec);
  const saved = existsSync(dir) ? readSpecFile(dir) : null;
  if (saved && specHash(saved) !== hash) {
    throw new Error(`${dir} holds a different study (spec hash ${specHash(saved)} vs ${hash}); use a new --out folder`);
  }
  const all = await planJobs(spec);
  const jobs = shard ? shardJobs(all, shard.index, shard.count) : all;
  const done = existsSync(dir) ? finishedKeys(dir, { specHash: hash }) : new Set<string>();
  const counts: StudyPlan['counts'] = {};
  for (const job of jobs) {
    const row = (counts[job.miniExperiment] ??= {});
    const cell = (row[job.activation] ??= [0, 0]);
    cell[0]++;
    if (done.has(job.key)) cell[1]++;
  }
  return { spec, specHash: hash, jobs, pending: jobs.filter((job) => !done.has(job.key)), skipped: await skippedPairs(spec), counts };
}

export interface RunStudyOptions {
  dir: string;
  shard?: Shard;
  workers: number;
  onStart?: (plan: StudyPlan, warning: string | null) => void;
  onProgress?: (progress: RunnerProgress) => void;
}

export async function runStudy(spec: StudySpec, options: RunStudyOptions): Promise<{ plan: StudyPlan; progress: RunnerProgress }> {
  mkdirSync(options.dir, { recursive: true });
  const lock = acquireLock(options.dir, shardLabel(options.shard));
  try {
    const plan = await planStudy(spec, options.dir, options.shard);
    if (!readSpecFile(options.dir)) writeSpecFile(options.dir, spec);
    options.onStart?.(plan, lock.warning);
    // One ledger file per shard: a file never has two writers.
    const ledger = openLedger(options.dir, { suffix: options.shard ? shardLabel(options.shard) : undefined, specHash: plan.specHash });
    try {
      const progress = await runJobs({
        spec,
        specHash: plan.specHash,
        jobs: plan.pending,
        workers: options.workers,
        record: (record) => ledger.append(record),
        onProgress: options.onProgress,
      });
      return { plan, progress };
    } finally {
      ledger.close();
    }
  } finally {
    lock.release();
  }
}
