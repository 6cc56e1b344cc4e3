// `actbench run`, `actbench status` and `actbench merge`: studies from a spec file or preset.
import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LEDGER_FILE, ledgerFiles, readLedgers, SPEC_FILE, summarize, type StatusCounts } from '../study/ledger.js';
import type { LedgerRecord } from '../study/types.js';
import { mergeLedgers } from '../study/merge.js';
import { parseShard, specHash } from '../study/plan.js';
import { loadStudySpec, type SpecSource } from '../study/spec-source.js';
import { planStudy, runStudy, type StudyPlan } from '../study/study.js';
import { renderText, type Column } from '../output/table.js';
import type { Output } from './activation-commands.js';
import { initBackend } from '../backend/backends.js';
import { estimatePending } from '../study/estimate.js';
import { createProgress, formatDuration } from './progress.js';
import { UsageError } from './usage-error.js';
import { renderFailureGroups } from './failure-groups.js';
import { command, dataDirFlag, positiveInteger } from './flags.js';
import type { Argv } from 'yargs';
import { PRESET_NAMES } from '../study/presets.js';

export interface RunCommandOptions {
  specFile?: string;
  preset?: string;
  out: string;
  workers?: number;
  shard?: string;
  dryRun: boolean;
  backend?: string;
  dataDir?: string;
}

function planTable(plan: StudyPlan): string {
  const activations = plan.spec.activations;
  const rows = Object.entries(plan.counts).map(([mini, byActivation]) => ({ mini, byActivation }));
  const columns: Column<(typeof rows)[number]>[] = [
    { header: 'mini-experiment', value: (r) => r.mini },
    { header: 'jobs', value: (r) => Object.values(r.byActivation).reduce((n, [planned]) => n + planned, 0), numeric: true },
    { header: 'done', value: (r) => Object.values(r.byActivation).reduce((n, [, done]) => n + done, 0), numeric: true },
    { header: 'activations', value: (r) => `${Object.keys(r.byActivation).length}/${activations.length}` },
  ];
  return renderText(columns, rows);
}

export async function runCommand(options: RunCommandOptions, io: Output): Promise<void> {
  const spec = await loadStudySpec(options, 'run');
  let shard: ReturnType<typeof parseShard> | undefined;
  try {
    shard = options.shard ? parseShard(options.shard) : undefined;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (options.dryRun) {
    const plan = await planStudy(spec, options.out, shard);
    io.out(
      `study '${spec.name}' (spec hash ${plan.specHash}): ${plan.jobs.length} jobs${shard ? ` in shard ${shard.index}/${shard.count}` : ''}, ${plan.jobs.length - plan.pending.length} already done, ${plan.pending.length} to run\n`,
    );
    io.out(
      `${spec.miniExperiments.length} mini-experiments × ${spec.configurations} configurations × ${spec.repeats} repeats × ${spec.activations.length} activations\n\n`,
    );
    io.out(planTable(plan));
    if (plan.skipped.length > 0)
      io.out(
        `\nnot planned (the task does not use the activation): ${plan.skipped.map((s) => `${s.activation} on ${s.miniExperiment}`).join('; ')}\n`,
      );
    if (plan.pending.length > 0) {
      const backend = await initBackend(spec.backend);
      io.err(`calibrating on ${backend.description}: one short run or a few timed training steps per mini-experiment…\n`);
      const estimate = await estimatePending(spec, plan.pending);
      const workers = options.workers ?? Math.max(1, os.availableParallelism());
      io.out('\n');
      for (const [mini, entry] of Object.entries(estimate.perMiniExperiment)) {
        const how = entry.throughput
          ? `${entry.throughput.imagesPerSecond.toFixed(1)} training images/s measured on ${backend.name} (batch ${entry.throughput.batchSize}, ${entry.activation}; ${entry.throughput.cpuImagesPerSecond.toFixed(1)} by CPU time)`
          : 'scaled from one 1-epoch run on at most 256 examples';
        io.out(`${mini}: ${entry.jobs} jobs × ${formatDuration(entry.secondsPerJob)}, ${how}\n`);
      }
      // Workers on the CPU backends run on cores of their own; on node-gpu they share the one GPU,
      // whose throughput the measurement already is, so more of them add nothing to count on.
      const sharedGpu = backend.name === 'node-gpu' && workers > 1;
      const wall = estimate.seconds / (sharedGpu ? 1 : workers);
      const days = wall >= 2 * 86400 ? ` ≈ ${(wall / 86400).toFixed(wall >= 20 * 86400 ? 0 : 1)} days` : '';
      const where = sharedGpu ? `${workers} workers sharing one GPU, counted as one` : `${workers} worker${workers === 1 ? '' : 's'}`;
      io.out(`estimated time: ${formatDuration(wall)}${days} on ${where} (an upper bound: every job at its maximum epochs)\n`);
    }
    return;
  }
  const workers = options.workers ?? Math.max(1, os.availableParallelism());
  const progress = createProgress('study');
  const failures: LedgerRecord[] = [];
  const started = Date.now();
  const { plan, progress: final } = await runStudy(spec, {
    dir: options.out,
    shard,
    workers,
    onStart: (started, warning) => {
      if (warning) io.err(`${warning}\n`);
      io.err(
        `study '${spec.name}': ${started.pending.length} of ${started.jobs.length} jobs to run on ${workers} worker${workers === 1 ? '' : 's'} (backend ${spec.backend ?? 'auto'}), ledger in ${options.out}\n`,
      );
      if (started.retrying > 0) io.err(`${started.retrying} of them failed in an earlier run and are retried now\n`);
    },
    onProgress: (p) => {
      if (p.last && (p.last.status === 'failed' || p.last.status === 'timeout')) failures.push(p.last);
      const perMinute = (p.done / Math.max((Date.now() - started) / 60000, 1e-9)).toFixed(1);
      progress.update(p.done, p.total, `failed ${p.failed}, diverged ${p.diverged}, ${perMinute} jobs/min`);
    },
  });
  progress.finish();
  io.out(
    `${final.done} jobs run (${final.failed} failed or timed out, ${final.diverged} diverged); ${plan.jobs.length - plan.pending.length} were already done\n`,
  );
  if (final.failed > 0)
    io.out(
      `${renderFailureGroups(failures)}failed jobs are retried by the next 'actbench run' on ${options.out}; timed-out jobs are kept as results\n`,
    );
  await statusCommand({ dir: options.out, json: false }, io);
}

function countsColumns<Row extends { name: string; counts: StatusCounts }>(label: string): Column<Row>[] {
  return [
    { header: label, value: (r) => r.name },
    { header: 'total', value: (r) => r.counts.total, numeric: true },
    { header: 'ok', value: (r) => r.counts.ok, numeric: true },
    { header: 'diverged', value: (r) => r.counts.diverged, numeric: true },
    { header: 'failed', value: (r) => r.counts.failed, numeric: true },
    { header: 'timeout', value: (r) => r.counts.timeout, numeric: true },
    // The per-release throughput record (docs/performance.md) is read off this column.
    { header: 'mean s/job', value: (r) => (r.counts.total > 0 ? (r.counts.seconds / r.counts.total).toFixed(2) : '—'), numeric: true },
  ];
}

export async function statusCommand(options: { dir: string; json: boolean }, io: Output): Promise<void> {
  // "0 records" would read as a study that has not started; a folder with neither a spec nor a
  // ledger is no study at all (a typo, or the wrong folder).
  const info = statSync(options.dir, { throwIfNoEntry: false });
  if (!info?.isDirectory()) throw new UsageError(`${options.dir}: not a study folder (${info ? 'a file' : 'no such folder'})`);
  if (ledgerFiles(options.dir).length === 0 && !existsSync(path.join(options.dir, SPEC_FILE))) {
    throw new UsageError(`${options.dir}: not a study folder (expected ${SPEC_FILE} or ${LEDGER_FILE}, written by actbench run)`);
  }
  const { records, torn, duplicates } = readLedgers(options.dir);
  const summary = summarize(records);
  if (options.json) {
    io.out(`${JSON.stringify({ ...summary, torn, duplicates })}\n`);
    return;
  }
  const rows = Object.entries(summary.byMiniExperiment).map(([name, counts]) => ({ name, counts }));
  io.out(
    `${options.dir}: ${summary.total} records (${summary.ok} ok, ${summary.diverged} diverged, ${summary.failed} failed, ${summary.timeout} timeout)\n\n`,
  );
  io.out(renderText(countsColumns('mini-experiment'), rows));
  io.out(`\nscores, rankings and tests: actbench report ${options.dir}\n`);
  if (torn.length > 0)
    io.out(
      `\n${torn.length} torn line(s) ignored (a run was killed while writing): ${torn.map((t) => `${t.file}:${t.line}`).join(', ')}\n`,
    );
}

export function mergeCommand(options: { target: string; sources: string[] }, io: Output): void {
  const result = mergeLedgers(options.sources, options.target, { hashSpec: specHash });
  io.out(
    `merged ${options.sources.length} studies into ${result.target}: ${result.added} records added, ${result.duplicates} duplicates skipped, ${result.total} in all\n`,
  );
}

/**
 * The spec file (positional) and --preset, which every command that starts a study's jobs (run,
 * slurm, queue push) takes first.
 */
export function withSpecSource<T>(y: Argv<T>, specDescription = 'study spec file (JSON or YAML)') {
  return y
    .positional('spec', { type: 'string', describe: specDescription })
    .option('preset', { type: 'string', describe: PRESET_NAMES.join(' | ') });
}

/** The flags that replace a spec's backend and data folder, which the same commands take last. */
export function withSpecOverrides<T>(y: Argv<T>) {
  return y
    .option('backend', { type: 'string', describe: "the workers' backend (overrides the spec)" })
    .option('data-dir', { type: 'string', describe: 'folder with original data files (or ACTBENCH_DATA)' });
}

/** Where a study's spec comes from, as the spec file, --preset and withSpecOverrides' flags give it. */
export function specSourceOf(args: { spec?: string; preset?: string; backend?: string; 'data-dir'?: string }): SpecSource {
  return { specFile: args.spec, preset: args.preset, backend: args.backend, dataDir: dataDirFlag(args['data-dir']) };
}

/** `actbench run`, `status` and `merge`, flags beside handlers. */
export function studyCommands(io: Output) {
  return {
    run: command({
      command: 'run [spec]',
      describe: 'run a study (spec file or --preset): every pending job, on worker processes; resumes from the ledger',
      builder: (y) =>
        withSpecOverrides(
          withSpecSource(y)
            .option('out', { type: 'string', demandOption: true, describe: 'study folder (ledger.jsonl, spec.json)' })
            .option('workers', { type: 'string', describe: 'worker processes (default: number of cores)' })
            .option('shard', { type: 'string', describe: 'i/n: run a deterministic 1/n of the jobs' })
            .option('dry-run', { type: 'boolean', default: false, describe: 'print the plan and what is already done' }),
        ),
      handler: async (args) =>
        runCommand(
          {
            ...specSourceOf(args),
            out: args.out,
            workers: args.workers === undefined ? undefined : positiveInteger(args.workers, '--workers'),
            shard: args.shard,
            dryRun: args['dry-run'],
          },
          io,
        ),
    }),
    status: command({
      command: 'status <dir>',
      describe: "summarise a study's ledger",
      builder: (y) => y.positional('dir', { type: 'string', demandOption: true }).option('json', { type: 'boolean', default: false }),
      handler: async (args) => statusCommand({ dir: args.dir, json: args.json }, io),
    }),
    merge: command({
      command: 'merge <target> <sources..>',
      describe: 'combine the ledgers of study folders (shards) into one; refuses different studies',
      builder: (y) =>
        y
          .positional('target', { type: 'string', demandOption: true })
          .positional('sources', { type: 'string', array: true, demandOption: true }),
      handler: (args) => mergeCommand({ target: args.target, sources: args.sources }, io),
    }),
  };
}
