// A study end to end: plan the jobs (this shard's share), skip those the ledger already holds,
// run the rest on worker processes, append each record as it arrives. Holding the shard's lock
// keeps a second runner off the same jobs; a killed study resumes from its ledger.
import { existsSync, mkdirSync } from 'node:fs';
import { acquireLock, shardLabel } from './lock.js';
import { isFinished, openLedger, readLedgers, readSpecFile, writeSpecFile } from './ledger.js';
import { checkStudyData } from './preflight.js';
import { KEY_SCHEME, planJobs, shardJobs, skippedPairs, specHash, type Shard, type SkippedPair } from './plan.js';
import { runJobs, type RunnerProgress } from './runner.js';
import type { Job, LedgerRecord, StudySpec } from './types.js';

export interface StudyPlan {
  spec: StudySpec;
  specHash: string;
  /** This shard's jobs. */
  jobs: Job[];
  pending: Job[];
  /** Pending jobs recorded as failed by an earlier run, retried by this one. */
  retrying: number;
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
  const recorded = existsSync(dir) ? recordedJobs(dir, hash) : [];
  const all = await planJobs(spec);
  const jobs = shard ? shardJobs(all, shard.index, shard.count) : all;
  // A failed job is not done: this run retries it.
  const done = new Set(recorded.filter(isFinished).map((record) => record.key));
  const failedBefore = new Set(recorded.filter((record) => !isFinished(record)).map((record) => record.key));
  const counts: StudyPlan['counts'] = {};
  for (const job of jobs) {
    const row = (counts[job.miniExperiment] ??= {});
    const cell = (row[job.activation] ??= [0, 0]);
    cell[0]++;
    if (done.has(job.key)) cell[1]++;
  }
  const pending = jobs.filter((job) => !done.has(job.key));
  const retrying = pending.filter((job) => failedBefore.has(job.key)).length;
  return { spec, specHash: hash, jobs, pending, retrying, skipped: await skippedPairs(spec), counts };
}

/**
 * The records of a study directory, checked to belong to this study. A ledger written under
 * another key scheme holds other jobs under the same names (before scheme 2 each job drew its own
 * data split): resuming would mix the two, so it is refused by name.
 */
function recordedJobs(dir: string, hash: string): LedgerRecord[] {
  const { records } = readLedgers(dir);
  const other = records.find((record) => (record.keyScheme ?? 1) !== KEY_SCHEME);
  if (other) {
    const scheme = other.keyScheme ?? 1;
    const meaning = scheme === 1 ? ' (actbench 0.2 and older: each job drew its own data split)' : '';
    throw new Error(
      `${dir} holds a ledger of key scheme ${scheme}${meaning}; this actbench plans scheme ${KEY_SCHEME} (one split per mini-experiment) and never mixes the two: use a new --out folder (the old study still reports as it is)`,
    );
  }
  if (records.length > 0 && records[0]!.specHash !== hash) {
    throw new Error(`${dir} holds records of a different study (spec hash ${records[0]!.specHash} vs ${hash}); use a new --out folder`);
  }
  return records;
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
    await checkStudyData(spec, plan.pending);
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
