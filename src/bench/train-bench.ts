// The training benchmark (`actbench bench --train`): each chosen model on each chosen backend,
// then, for the reference models, the same model in PyTorch right after, and that again for each
// round, so that each ratio compares figures taken a minute apart at most and drifting load on
// this noisy shared machine falls on both sides alike. Prints nothing; progress goes to the
// callback.
import { loadActivations } from '../activation/registry.js';
import { initBackend, type ActiveBackend } from '../backend/backends.js';
import { measureThroughput, type MeasureOptions, type Throughput } from './train-measure.js';
import { REFERENCE_MODELS } from './train-reference-models.js';
import {
  assembleRow,
  combineRounds,
  type BackendFigure,
  type TorchStatus,
  type TrainBenchResult,
  type TrainBenchRow,
} from './train-report.js';
import { taskModels } from './train-task-models.js';
import { measureTorch, type TorchCommandOptions, type TorchModelResult } from './train-torch.js';
import type { WorkloadSpec } from './train-workload.js';
import { InputError } from '../util/input-error.js';

export const MODEL_GROUPS = ['reference', 'tasks', 'all'] as const;

export class UnknownBenchModelError extends InputError {
  override name = 'UnknownBenchModelError';
}

/** Every workload the benchmark knows, reference models first. */
export async function allWorkloads(): Promise<WorkloadSpec[]> {
  return [...REFERENCE_MODELS, ...(await taskModels())];
}

/** Names and groups ('reference', 'tasks', 'all') to workloads, in the benchmark's order. */
export function selectWorkloads(all: readonly WorkloadSpec[], names: readonly string[] | undefined): WorkloadSpec[] {
  if (!names || names.length === 0) return [...all];
  const chosen = new Set<string>();
  for (const name of names) {
    if (name === 'all') all.forEach((w) => chosen.add(w.name));
    else if (name === 'reference') all.filter((w) => w.kind === 'reference').forEach((w) => chosen.add(w.name));
    else if (name === 'tasks') all.filter((w) => w.kind === 'task').forEach((w) => chosen.add(w.name));
    else {
      const found = all.find((w) => w.name === name || w.name === `task:${name}`);
      if (!found)
        throw new UnknownBenchModelError(
          `--models: unknown model '${name}'; choose from ${[...MODEL_GROUPS, ...all.map((w) => w.name)].join(', ')}`,
        );
      chosen.add(found.name);
    }
  }
  return all.filter((w) => chosen.has(w.name));
}

export interface TrainBenchOptions {
  workloads: WorkloadSpec[];
  /** Backend names; empty or absent: every one that initialises. */
  backends?: string[];
  measure: Omit<MeasureOptions, 'onProgress'>;
  /** Times each model runs on every backend and then in PyTorch, alternately (default 1). */
  rounds?: number;
  /** Absent: no PyTorch reference. */
  torch?: TorchCommandOptions;
  /** done/total units (a model on a backend, or in PyTorch) and what runs now. */
  onProgress?: (done: number, total: number, label: string) => void;
  /** Lines worth showing as they happen (a backend that did not initialise, PyTorch's setup). */
  onNote?: (line: string) => void;
}

const CPU_CANDIDATES = ['node-gpu', 'node', 'wasm', 'cpu'];

async function availableBackends(
  requested: string[] | undefined,
  onNote?: (line: string) => void,
): Promise<{ ok: ActiveBackend[]; missing: { name: string; reason: string }[] }> {
  if (requested && requested.length > 0) {
    // Named backends must work: initBackend throws BackendUnavailableError, a usage error.
    const ok: ActiveBackend[] = [];
    for (const name of requested) ok.push(await initBackend(name));
    return { ok, missing: [] };
  }
  const ok: ActiveBackend[] = [];
  const missing: { name: string; reason: string }[] = [];
  for (const name of CPU_CANDIDATES) {
    try {
      ok.push(await initBackend(name));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      missing.push({ name, reason });
      onNote?.(`backend ${name}: ${reason}`);
    }
  }
  return { ok, missing };
}

function errorLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

export async function runTrainBench(options: TrainBenchOptions): Promise<TrainBenchResult> {
  await loadActivations();
  const rounds = options.rounds ?? 1;
  const { ok: backends, missing } = await availableBackends(options.backends, options.onNote);
  const references = options.workloads.filter((w) => w.kind === 'reference');
  let total = rounds * (options.workloads.length * backends.length + (options.torch ? references.length : 0));
  let done = 0;
  const progress = (label: string) => options.onProgress?.(done, total, label);

  // Unset until PyTorch first runs; once unavailable, it is not tried again.
  let torchStatus: TorchStatus | undefined;
  const rows: TrainBenchRow[] = [];
  for (const spec of options.workloads) {
    const measured = new Map<string, Throughput[]>();
    const failed = new Map<string, string>();
    const torchRounds: TorchModelResult[] = [];
    let parameters = 0;
    for (let round = 1; round <= rounds; round++) {
      const roundLabel = rounds > 1 ? `, round ${round}/${rounds}` : '';
      for (const backend of backends) {
        // A backend that failed once is not tried again for this model.
        if (failed.has(backend.name)) {
          done++;
          continue;
        }
        await initBackend(backend.name);
        const label = `${spec.name} on ${backend.name}${roundLabel}`;
        progress(label);
        try {
          const workload = spec.create();
          parameters = workload.parameters;
          try {
            const figure = measureThroughput(workload, spec.batchSize, {
              ...options.measure,
              onProgress: (step) => progress(`${label}: ${step}`),
            });
            measured.set(backend.name, [...(measured.get(backend.name) ?? []), figure]);
          } finally {
            workload.dispose();
          }
        } catch (error) {
          failed.set(backend.name, errorLine(error));
        }
        done++;
      }
      if (options.torch && spec.kind === 'reference' && torchStatus?.state !== 'unavailable') {
        progress(`${spec.name} in PyTorch${roundLabel}`);
        const outcome = await measureTorch([spec.name], {
          ...options.torch,
          ...options.measure,
          onLine: (line) => progress(`${spec.name} in PyTorch${roundLabel}: ${line}`),
        });
        if (outcome.available) {
          const run = outcome.value;
          const result = run.models.find((m) => m.model === spec.name);
          if (result) torchRounds.push(result);
          torchStatus = { state: 'measured', version: run.version, threads: run.threads, blas: run.blas, python: run.python };
        } else {
          torchStatus = { state: 'unavailable', reason: outcome.reason };
          options.onNote?.(`PyTorch reference unavailable: ${outcome.reason}`);
          // None of the PyTorch runs still to come will happen.
          total -= rounds * (references.length - references.indexOf(spec)) - round;
        }
        done++;
      }
    }
    const figures: Record<string, BackendFigure> = {};
    for (const backend of backends) {
      const error = failed.get(backend.name);
      const runs = measured.get(backend.name) ?? [];
      figures[backend.name] =
        error !== undefined
          ? { ok: false, error }
          : { ok: true, ...combineRounds(runs), steps: runs.reduce((sum, run) => sum + run.steps, 0) };
    }
    rows.push(
      assembleRow(
        { model: spec.name, description: spec.description, kind: spec.kind, batchSize: spec.batchSize, parameters, backends: figures },
        torchRounds,
      ),
    );
  }
  torchStatus ??= { state: 'skipped', reason: options.torch ? 'no reference model was chosen' : 'not asked for' };
  progress('done');
  return {
    backends: backends.map((b) => ({ name: b.name, description: b.description })),
    unavailableBackends: missing,
    torch: torchStatus,
    settings: { ...options.measure, rounds },
    rows,
  };
}
