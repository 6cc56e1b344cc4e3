// `actbench run`, `actbench status` and `actbench merge`: studies from a spec file or preset.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { readLedgers, summarize, type StatusCounts } from '../study/ledger.js';
import { mergeLedgers } from '../study/merge.js';
import { parseShard, specHash } from '../study/plan.js';
import { PRESET_NAMES, presetSpec } from '../study/presets.js';
import { parseStudySpec, StudySpecError } from '../study/spec.js';
import { planStudy, runStudy, type StudyPlan } from '../study/study.js';
import type { StudySpec } from '../study/types.js';
import { renderText, type Column } from '../output/table.js';
import type { Output } from './activation-commands.js';
import { initBackend } from '../backend/backends.js';
import { estimatePending } from '../study/estimate.js';
import { createProgress, formatDuration } from './progress.js';
import { UsageError } from './usage-error.js';

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

async function loadSpec(options: RunCommandOptions): Promise<StudySpec> {
  if ((options.specFile === undefined) === (options.preset === undefined)) throw new UsageError('run: give a spec file or --preset NAME (one of them)');
  const overrides = { ...(options.backend ? { backend: options.backend } : {}), ...(options.dataDir ? { dataDir: options.dataDir } : {}) };
  try {
    if (options.preset !== undefined) {
      if (!(PRESET_NAMES as readonly string[]).includes(options.preset)) throw new UsageError(`--preset: unknown preset '${options.preset}'; choose ${PRESET_NAMES.join(', ')}`);
      return await presetSpec(options.preset, overrides);
    }
    let text: string;
    try {
      text = readFileSync(options.specFile!, 'utf8');
    } catch {
      throw new UsageError(`${options.specFile}: cannot read the study spec`);
    }
    const spec = await parseStudySpec(text, options.specFile!);
    return { ...spec, ...overrides };
  } catch (error) {
    if (error instanceof StudySpecError) throw new UsageError(error.message);
    throw error;
  }
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
  const spec = await loadSpec(options);
  let shard;
  try {
    shard = options.shard ? parseShard(options.shard) : undefined;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (options.dryRun) {
    const plan = await planStudy(spec, options.out, shard);
    io.out(`study '${spec.name}' (spec hash ${plan.specHash}): ${plan.jobs.length} jobs${shard ? ` in shard ${shard.index}/${shard.count}` : ''}, ${plan.jobs.length - plan.pending.length} already done, ${plan.pending.length} to run\n`);
    io.out(`${spec.miniExperiments.length} mini-experiments × ${spec.configurations} configurations × ${spec.repeats} repeats × ${spec.activations.length} activations\n\n`);
    io.out(planTable(plan));
    if (plan.skipped.length > 0) io.out(`\nnot planned (the task does not use the activation): ${plan.skipped.map((s) => `${s.activation} on ${s.miniExperiment}`).join('; ')}\n`);
    if (plan.pending.length > 0) {
      const backend = await initBackend(spec.backend);
      io.err(`calibrating on ${backend.description}: one short run per mini-experiment…\n`);
      const estimate = await estimatePending(spec, plan.pending);
      const workers = options.workers ?? Math.max(1, os.availableParallelism());
      io.out(`\nestimated time: ${formatDuration(estimate.seconds / workers)} on ${workers} worker${workers === 1 ? '' : 's'} (an upper bound: every job at its maximum epochs; scaled from one 1-epoch run on at most 256 examples per mini-experiment)\n`);
    }
    return;
  }
  const workers = options.workers ?? Math.max(1, os.availableParallelism());
  const progress = createProgress('study');
  const started = Date.now();
  const { plan, progress: final } = await runStudy(spec, {
    dir: options.out,
    shard,
    workers,
    onStart: (started, warning) => {
      if (warning) io.err(`${warning}\n`);
      io.err(`study '${spec.name}': ${started.pending.length} of ${started.jobs.length} jobs to run on ${workers} worker${workers === 1 ? '' : 's'} (backend ${spec.backend ?? 'auto'}), ledger in ${options.out}\n`);
    },
    onProgress: (p) => {
      const perMinute = (p.done / Math.max((Date.now() - started) / 60000, 1e-9)).toFixed(1);
      progress.update(p.done, p.total, `failed ${p.failed}, diverged ${p.diverged}, ${perMinute} jobs/min`);
    },
  });
  progress.finish();
  io.out(`${final.done} jobs run (${final.failed} failed or timed out, ${final.diverged} diverged); ${plan.jobs.length - plan.pending.length} were already done\n`);
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
  ];
}

export async function statusCommand(options: { dir: string; json: boolean }, io: Output): Promise<void> {
  const { records, torn, duplicates } = readLedgers(options.dir);
  const summary = summarize(records);
  if (options.json) {
    io.out(`${JSON.stringify({ ...summary, torn, duplicates })}\n`);
    return;
  }
  // Mean test score per activation on each mini-experiment's primary metric: a plain summary until the report exists.
  const rows = Object.entries(summary.byMiniExperiment).map(([name, counts]) => ({ name, counts }));
  io.out(`${options.dir}: ${summary.total} records (${summary.ok} ok, ${summary.diverged} diverged, ${summary.failed} failed, ${summary.timeout} timeout)\n\n`);
  io.out(renderText(countsColumns('mini-experiment'), rows));
  const means = new Map<string, { sum: number; count: number }>();
  for (const record of records) {
    const score = Object.values(record.test)[0];
    if (record.status !== 'ok' || score === undefined || !Number.isFinite(score)) continue;
    const entry = means.get(record.activation) ?? { sum: 0, count: 0 };
    entry.sum += score;
    entry.count++;
    means.set(record.activation, entry);
  }
  const ranked = [...means].map(([name, { sum, count }]) => ({ name, mean: sum / count, count })).sort((a, b) => b.mean - a.mean);
  io.out(`\nmean test score (first metric) over finished jobs, by activation:\n`);
  io.out(
    renderText(
      [
        { header: 'activation', value: (r) => r.name },
        { header: 'mean', value: (r) => r.mean.toFixed(4), numeric: true },
        { header: 'jobs', value: (r) => r.count, numeric: true },
      ],
      ranked,
    ),
  );
  if (torn.length > 0) io.out(`\n${torn.length} torn line(s) ignored (a run was killed while writing): ${torn.map((t) => `${t.file}:${t.line}`).join(', ')}\n`);
}

export function mergeCommand(options: { target: string; sources: string[] }, io: Output): void {
  const result = mergeLedgers(options.sources, options.target, { hashSpec: specHash });
  io.out(`merged ${options.sources.length} studies into ${result.target}: ${result.added} records added, ${result.duplicates} duplicates skipped, ${result.total} in all\n`);
}
