// The activation micro-benchmark beside PyTorch: the same activations' forward+backward in
// PyTorch on one thread (torch_reference.py --activations, the expressions in
// scripts/torch_activations.py), and per activation the picked variant's time over PyTorch's.
import type { BenchResult, Timing } from './activation-bench.js';
import { runTorchReference, type TorchCommandOptions, type TorchOutcome } from './train-torch.js';

export type TorchActivationEntry =
  | { activation: string; expression: string; forwardBackward: Timing }
  | { activation: string; unsupported: string };

export interface TorchActivationRun {
  framework: 'pytorch';
  version: string;
  threads: number;
  python: string;
  size: number;
  /** A copy of x forward and of dy backward, through autograd: PyTorch's copy floor. */
  copy: Timing;
  activations: TorchActivationEntry[];
}

function isTiming(t: unknown): t is Timing {
  const timing = t as Timing | undefined;
  return timing !== undefined && timing.nsPerElement > 0 && timing.medianNsPerElement > 0 && timing.samples > 0;
}

function parseActivationRun(stdout: string): TorchActivationRun {
  const run = JSON.parse(stdout) as TorchActivationRun;
  if (run.framework !== 'pytorch' || !Array.isArray(run.activations) || !isTiming(run.copy))
    throw new Error('expected { framework: "pytorch", copy: {...}, activations: [...] }');
  for (const entry of run.activations) {
    const ok =
      typeof entry.activation === 'string' &&
      ('unsupported' in entry ? typeof entry.unsupported === 'string' : isTiming(entry.forwardBackward));
    if (!ok) throw new Error(`bad activation entry ${JSON.stringify(entry)}`);
  }
  return run;
}

export interface TorchActivationOptions extends TorchCommandOptions {
  size: number;
  timeMs: number;
}

/** PyTorch's forward+backward time per element of each named activation, and its copy floor. */
export function measureTorchActivations(names: string[], options: TorchActivationOptions): Promise<TorchOutcome<TorchActivationRun>> {
  const args = ['--activations', names.join(','), '--size', String(options.size), '--time-ms', String(options.timeMs)];
  return runTorchReference(args, options, parseActivationRun);
}

export type TorchValues = Record<string, { f: number[]; df: number[] } | { unsupported: string }>;

/** f(x) and f'(x) of each PyTorch expression in float64, to check that it is actbench's function. */
export function torchActivationValues(
  names: string[],
  xs: number[],
  options: TorchCommandOptions = {},
): Promise<TorchOutcome<TorchValues>> {
  // `=` keeps a leading minus sign from being read as an option.
  return runTorchReference(['--activations', names.join(','), `--values-at=${xs.join(',')}`], options, (s) => JSON.parse(s) as TorchValues);
}

/** One activation beside PyTorch: the picked variant's forward+backward time and PyTorch's. */
export interface TorchComparisonRow {
  activation: string;
  variant: string;
  ours: Timing;
  /** Absent where PyTorch has no expression for the activation (`unsupported` says why). */
  torch?: { expression: string; forwardBackward: Timing };
  unsupported?: string;
  /** ours ÷ PyTorch, fastest calls (the figure the bench reports on both sides). */
  ratio?: number;
  /** ours ÷ PyTorch, median calls: how much load on the machine moved the ratio. */
  medianRatio?: number;
}

export type TorchComparison =
  | {
      state: 'measured';
      version: string;
      threads: number;
      python: string;
      copy: { ours: Timing; torch: Timing; ratio: number };
      rows: TorchComparisonRow[];
    }
  | { state: 'unavailable'; reason: string }
  | { state: 'skipped'; reason: string };

/** The picked variant of every activation in the bench result beside PyTorch's figure for it. */
export function compareWithTorch(result: BenchResult, run: TorchActivationRun): TorchComparison {
  // Per-element times of different sizes differ in cache behaviour, not only in the kernels.
  if (run.size !== result.size) throw new Error(`PyTorch measured ${run.size} elements, actbench ${result.size}`);
  const byName = new Map(run.activations.map((entry) => [entry.activation, entry]));
  const rows = result.rows
    .filter((row) => row.picked)
    .map((row): TorchComparisonRow => {
      const base = { activation: row.activation, variant: row.variant, ours: row.forwardBackward };
      const entry = byName.get(row.activation);
      if (!entry) return { ...base, unsupported: 'PyTorch was not asked for it' };
      if ('unsupported' in entry) return { ...base, unsupported: entry.unsupported };
      return {
        ...base,
        torch: { expression: entry.expression, forwardBackward: entry.forwardBackward },
        ratio: row.forwardBackward.nsPerElement / entry.forwardBackward.nsPerElement,
        medianRatio: row.forwardBackward.medianNsPerElement / entry.forwardBackward.medianNsPerElement,
      };
    });
  const copy = {
    ours: result.copy.forwardBackward,
    torch: run.copy,
    ratio: result.copy.forwardBackward.nsPerElement / run.copy.nsPerElement,
  };
  return { state: 'measured', version: run.version, threads: run.threads, python: run.python, copy, rows };
}
