// The training benchmark's result as plain data, and its table: samples/s per model and backend,
// PyTorch's single-thread figure measured in the same rounds, and the best backend ÷ PyTorch as the
// median of the rounds' ratios with their range.
import { renderMarkdown, renderText, type Column } from '../output/table.js';
import { median, type Throughput } from './train-measure.js';
import type { TorchModelResult } from './train-torch.js';

/** Each alternating round's figure (the median of its repetitions), in order. */
export interface Rounds {
  rounds: number[];
  /** The same per second of the process's CPU time. */
  cpuRounds: number[];
}

export type BackendFigure = ({ ok: true } & Throughput & Rounds) | { ok: false; error: string };

export interface TrainBenchRow {
  model: string;
  description: string;
  kind: 'reference' | 'task';
  batchSize: number;
  parameters: number;
  /** By backend name, in the order measured. */
  backends: Record<string, BackendFigure>;
  /** PyTorch's samples/s (reference models, when PyTorch ran): the median of its rounds. */
  torch?: { samplesPerSecond: number; repetitions: number[]; cpuSamplesPerSecond: number; parameters: number } & Rounds;
  /** The fastest backend of this row (by wall-clock samples/s, the median of its rounds). */
  best?: { backend: string; samplesPerSecond: number; cpuSamplesPerSecond: number };
  /** best ÷ PyTorch, wall clock: the median of the rounds' ratios (round i of each side against round i of the other). */
  ratioToTorch?: number;
  /** The smallest and largest of those ratios. */
  ratioRange?: [number, number];
  /** best ÷ PyTorch, per second of each process's CPU time: steadier on a shared machine. */
  cpuRatioToTorch?: number;
  cpuRatioRange?: [number, number];
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
  /** rounds: how often each model ran on each side, alternating (actbench, then PyTorch). */
  settings: { warmupSteps: number; repetitions: number; minSeconds: number; rounds: number };
  rows: TrainBenchRow[];
}

/** What the measurement gives a row; assembleRow adds the rest. */
export type RowInput = Pick<TrainBenchRow, 'model' | 'description' | 'kind' | 'batchSize' | 'parameters' | 'backends'>;

/** Several rounds' figures as one: the median of the rounds, every repetition kept. */
export function combineRounds<T extends { samplesPerSecond: number; cpuSamplesPerSecond: number; repetitions: number[] }>(
  runs: readonly T[],
): Rounds & { samplesPerSecond: number; cpuSamplesPerSecond: number; repetitions: number[] } {
  const rounds = runs.map((r) => r.samplesPerSecond);
  const cpuRounds = runs.map((r) => r.cpuSamplesPerSecond);
  return {
    samplesPerSecond: median(rounds),
    cpuSamplesPerSecond: median(cpuRounds),
    repetitions: runs.flatMap((r) => r.repetitions),
    rounds,
    cpuRounds,
  };
}

/** Round i of one side over round i of the other: their median and range. */
function roundRatios(ours: readonly number[], theirs: readonly number[]): { median: number; range: [number, number] } | undefined {
  const ratios = ours.slice(0, theirs.length).map((value, i) => value / theirs[i]!);
  if (ratios.length === 0) return undefined;
  return { median: median(ratios), range: [Math.min(...ratios), Math.max(...ratios)] };
}

/** Completes a row: its best backend and, given PyTorch's rounds (those of this model count), the ratio to it. */
export function assembleRow(input: RowInput, torchResults: readonly TorchModelResult[] | undefined): TrainBenchRow {
  const torchRounds = torchResults?.filter((result) => result.model === input.model);
  const row: TrainBenchRow = { ...input };
  let bestFigure: Rounds | undefined;
  for (const [backend, figure] of Object.entries(input.backends)) {
    if (figure.ok && (!row.best || figure.samplesPerSecond > row.best.samplesPerSecond)) {
      row.best = { backend, samplesPerSecond: figure.samplesPerSecond, cpuSamplesPerSecond: figure.cpuSamplesPerSecond };
      bestFigure = figure;
    }
  }
  if (torchRounds && torchRounds.length > 0) {
    row.torch = { ...combineRounds(torchRounds), parameters: torchRounds[0]!.parameters };
    const wall = bestFigure && roundRatios(bestFigure.rounds, row.torch.rounds);
    const cpu = bestFigure && roundRatios(bestFigure.cpuRounds, row.torch.cpuRounds);
    if (wall && cpu) {
      row.ratioToTorch = wall.median;
      row.ratioRange = wall.range;
      row.cpuRatioToTorch = cpu.median;
      row.cpuRatioRange = cpu.range;
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

function ratioCell(ratio: number | undefined, range: [number, number] | undefined): string {
  if (ratio === undefined) return '';
  return range ? `${ratio.toFixed(3)} (${range[0].toFixed(2)}–${range[1].toFixed(2)})` : ratio.toFixed(3);
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
    const withRange = result.settings.rounds > 1;
    cols.push({ header: 'best ÷ PyTorch', value: (r) => ratioCell(r.ratioToTorch, withRange ? r.ratioRange : undefined), numeric: true });
    cols.push({
      header: 'by CPU time',
      value: (r) => ratioCell(r.cpuRatioToTorch, withRange ? r.cpuRatioRange : undefined),
      numeric: true,
    });
  }
  return cols;
}

/** Lines under the table: conditions, what PyTorch was, and failures. */
export function notes(result: TrainBenchResult): string[] {
  const { warmupSteps, repetitions, minSeconds, rounds } = result.settings;
  const lines = [
    `samples/s: median of ${repetitions} repetitions of ≥ ${minSeconds} s each after ${warmupSteps} warm-up steps; one thread per framework`,
    rounds > 1
      ? `${rounds} rounds per model, alternating (actbench's backends, then PyTorch): figures are the median of the rounds; a ratio is the median of round i ÷ round i, its range in brackets`
      : `one round per model (actbench's backends, then PyTorch): a single ratio on a shared machine is not a measurement; use --rounds 3 or more`,
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
