// The training benchmark (`actbench bench --train`): each chosen model on each chosen backend,
// then, for the reference models, the same model in PyTorch right after, so that each ratio
// compares figures taken minutes apart at most on this noisy shared machine. Prints nothing;
// progress goes to the callback.
import { loadActivations } from '../activation/registry.js';
import { initBackend, type ActiveBackend } from '../backend/backends.js';
import { measureThroughput, type MeasureOptions } from './train-measure.js';
import { REFERENCE_MODELS } from './train-reference-models.js';
import { assembleRow, type BackendFigure, type TorchStatus, type TrainBenchResult, type TrainBenchRow } from './train-report.js';
import { taskModels } from './train-task-models.js';
import { measureTorch, type TorchCommandOptions, type TorchRun } from './train-torch.js';
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
  const { ok: backends, missing } = await availableBackends(options.backends, options.onNote);
  const references = options.workloads.filter((w) => w.kind === 'reference');
  let total = options.workloads.length * backends.length + (options.torch ? references.length : 0);
  let done = 0;
  const progress = (label: string) => options.onProgress?.(done, total, label);

  // Unset until PyTorch first runs; once unavailable, it is not tried again.
  let torchStatus: TorchStatus | undefined;
  const rows: TrainBenchRow[] = [];
  for (const spec of options.workloads) {
    const figures: Record<string, BackendFigure> = {};
    let parameters = 0;
    for (const backend of backends) {
      await initBackend(backend.name);
      const label = `${spec.name} on ${backend.name}`;
      progress(label);
      try {
        const workload = spec.create();
        parameters = workload.parameters;
        try {
          figures[backend.name] = {
            ok: true,
            ...measureThroughput(workload, spec.batchSize, { ...options.measure, onProgress: (step) => progress(`${label}: ${step}`) }),
          };
        } finally {
          workload.dispose();
        }
      } catch (error) {
        figures[backend.name] = { ok: false, error: errorLine(error) };
      }
      done++;
    }
    let torchRun: TorchRun | undefined;
    if (options.torch && spec.kind === 'reference' && torchStatus?.state !== 'unavailable') {
      progress(`${spec.name} in PyTorch`);
      const outcome = await measureTorch([spec.name], {
        ...options.torch,
        ...options.measure,
        onLine: (line) => progress(`${spec.name} in PyTorch: ${line}`),
      });
      if (outcome.available) {
        torchRun = outcome.value;
        torchStatus = {
          state: 'measured',
          version: torchRun.version,
          threads: torchRun.threads,
          blas: torchRun.blas,
          python: torchRun.python,
        };
      } else {
        torchStatus = { state: 'unavailable', reason: outcome.reason };
        options.onNote?.(`PyTorch reference unavailable: ${outcome.reason}`);
        // The reference models still to come will not run in PyTorch either.
        total -= references.length - references.indexOf(spec) - 1;
      }
      done++;
    }
    rows.push(
      assembleRow(
        { model: spec.name, description: spec.description, kind: spec.kind, batchSize: spec.batchSize, parameters, backends: figures },
        torchRun,
      ),
    );
  }
  torchStatus ??= { state: 'skipped', reason: options.torch ? 'no reference model was chosen' : 'not asked for' };
  progress('done');
  return {
    backends: backends.map((b) => ({ name: b.name, description: b.description })),
    unavailableBackends: missing,
    torch: torchStatus,
    settings: { ...options.measure },
    rows,
  };
}
