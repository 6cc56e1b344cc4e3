// The training benchmark's result as plain data, and its table: samples/s per model and backend,
// PyTorch's single-thread figure measured in the same run, and the best backend ÷ PyTorch.
import { renderMarkdown, renderText, type Column } from '../output/table.js';
import type { Throughput } from './train-measure.js';
import type { TorchRun } from './train-torch.js';

export type BackendFigure = ({ ok: true } & Throughput) | { ok: false; error: string };

export interface TrainBenchRow {
  model: string;
  description: string;
  kind: 'reference' | 'task';
  batchSize: number;
  parameters: number;
  /** By backend name, in the order measured. */
  backends: Record<string, BackendFigure>;
  /** PyTorch's samples/s (reference models, when PyTorch ran). */
  torch?: { samplesPerSecond: number; repetitions: number[]; cpuSamplesPerSecond: number; parameters: number };
  /** The fastest backend of this row (by wall-clock samples/s). */
  best?: { backend: string; samplesPerSecond: number; cpuSamplesPerSecond: number };
  /** best ÷ PyTorch, wall clock. */
  ratioToTorch?: number;
  /** best ÷ PyTorch, per second of each process's CPU time: steadier on a shared machine. */
  cpuRatioToTorch?: number;
}

export type TorchStatus =
  | { state: 'measured'; version: string; threads: number; blas: string; python: string }
  | { state: 'unavailable'; reason: string }
  | { state: 'skipped'; reason: string };

export interface TrainBenchResult {
  /** The backends measured, with their one-line descriptions. */
  backends: { name: string; description: string }[];
  /** Backends that were wanted but did not initialise. */
  unavailableBackends: { name: string; reason: string }[];
  torch: TorchStatus;
  settings: { warmupSteps: number; repetitions: number; minSeconds: number };
  rows: TrainBenchRow[];
}

/** What the measurement gives a row; assembleRow adds the rest. */
export type RowInput = Pick<TrainBenchRow, 'model' | 'description' | 'kind' | 'batchSize' | 'parameters' | 'backends'>;

/** Completes a row: its best backend and, given PyTorch's run, the ratio to it. */
export function assembleRow(input: RowInput, torch: TorchRun | undefined): TrainBenchRow {
  const row: TrainBenchRow = { ...input };
  for (const [backend, figure] of Object.entries(input.backends)) {
    if (figure.ok && (!row.best || figure.samplesPerSecond > row.best.samplesPerSecond))
      row.best = { backend, samplesPerSecond: figure.samplesPerSecond, cpuSamplesPerSecond: figure.cpuSamplesPerSecond };
  }
  const reference = torch?.models.find((m) => m.model === input.model);
  if (reference) {
    row.torch = {
      samplesPerSecond: reference.samplesPerSecond,
      repetitions: reference.repetitions,
      cpuSamplesPerSecond: reference.cpuSamplesPerSecond,
      parameters: reference.parameters,
    };
    if (row.best) {
      row.ratioToTorch = row.best.samplesPerSecond / reference.samplesPerSecond;
      row.cpuRatioToTorch = row.best.cpuSamplesPerSecond / reference.cpuSamplesPerSecond;
    }
  }
  return row;
}

/** Three significant digits at most, whole numbers from 100 on: samples/s span 5 to 60 000. */
export function formatRate(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toPrecision(3);
}

function columns(result: TrainBenchResult): Column<TrainBenchRow>[] {
  const cols: Column<TrainBenchRow>[] = [
    { header: 'model', value: (r) => r.model },
    { header: 'batch', value: (r) => r.batchSize, numeric: true },
    { header: 'parameters', value: (r) => r.parameters.toLocaleString('en-US'), numeric: true },
  ];
  for (const { name } of result.backends) {
    cols.push({
      header: `${name} samples/s`,
      value: (r) => {
        const figure = r.backends[name];
        if (!figure) return '';
        return figure.ok ? formatRate(figure.samplesPerSecond) : 'failed';
      },
      numeric: true,
    });
  }
  if (result.torch.state === 'measured') {
    cols.push({ header: 'PyTorch 1 thread', value: (r) => (r.torch ? formatRate(r.torch.samplesPerSecond) : ''), numeric: true });
    cols.push({ header: 'best ÷ PyTorch', value: (r) => (r.ratioToTorch === undefined ? '' : r.ratioToTorch.toFixed(3)), numeric: true });
    cols.push({
      header: 'by CPU time',
      value: (r) => (r.cpuRatioToTorch === undefined ? '' : r.cpuRatioToTorch.toFixed(3)),
      numeric: true,
    });
  }
  return cols;
}

/** Lines under the table: conditions, what PyTorch was, and failures. */
export function notes(result: TrainBenchResult): string[] {
  const { warmupSteps, repetitions, minSeconds } = result.settings;
  const lines = [
    `samples/s: median of ${repetitions} repetitions of ≥ ${minSeconds} s each after ${warmupSteps} warm-up steps; one thread per framework; ratios come from this run`,
    `by CPU time: the same ratio with samples per second of each process's own CPU time, which other processes on a busy machine do not change as much`,
    ...result.backends.map((b) => `backend: ${b.description}`),
    ...result.unavailableBackends.map((b) => `backend ${b.name} not measured: ${b.reason}`),
  ];
  const torch = result.torch;
  if (torch.state === 'measured')
    lines.push(`PyTorch ${torch.version} (Debian python3-torch, ${torch.blas}, Python ${torch.python}), ${torch.threads} thread`);
  else if (torch.state === 'unavailable') lines.push(`PyTorch reference unavailable: ${torch.reason}`);
  else lines.push(`PyTorch reference skipped: ${torch.reason}`);
  for (const row of result.rows) {
    for (const [backend, figure] of Object.entries(row.backends))
      if (!figure.ok) lines.push(`${row.model} on ${backend} failed: ${figure.error}`);
  }
  return lines;
}

export function renderTrainBenchText(result: TrainBenchResult): string {
  return `${renderText(columns(result), result.rows)}\n${notes(result).join('\n')}\n`;
}

export function renderTrainBenchMarkdown(result: TrainBenchResult): string {
  return `${renderMarkdown(columns(result), result.rows)}\n${notes(result)
    .map((line) => `- ${line}`)
    .join('\n')}\n`;
}
