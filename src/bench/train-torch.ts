// Runs the same-machine PyTorch reference (scripts/torch-reference.sh → torch_reference.py) and
// reads its JSON: the training models here, the activations in activation-torch.ts. PyTorch is optional: when the script says it cannot be had (exit status 3) the
// outcome carries its reason and the benchmark goes on with actbench's own figures.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { packageRoot } from '../util/package-root.js';

/** torch-reference.sh's exit status for "PyTorch cannot be had here". */
export const TORCH_UNAVAILABLE_STATUS = 3;

export interface TorchModelResult {
  model: string;
  batch: number;
  samplesPerSecond: number;
  repetitions: number[];
  /** Per second of the Python process's CPU time. */
  cpuSamplesPerSecond: number;
  parameters: number;
}

export interface TorchRun {
  framework: 'pytorch';
  version: string;
  threads: number;
  blas: string;
  python: string;
  models: TorchModelResult[];
}

export type TorchOutcome<T> = { available: true; value: T } | { available: false; reason: string };

export interface TorchCommandOptions {
  /** The program and its first arguments; default: bash scripts/torch-reference.sh. */
  command?: string[];
  /** Use only an already unpacked PyTorch; never download. */
  noSetup?: boolean;
  /** Each stderr line of the script (its progress). */
  onLine?: (line: string) => void;
}

export function defaultTorchCommand(): string[] {
  return ['bash', path.join(packageRoot(), 'scripts', 'torch-reference.sh')];
}

interface Finished {
  status: number | null;
  stdout: string;
  stderrLines: string[];
  spawnError?: Error;
}

function runScript(args: string[], options: TorchCommandOptions): Promise<Finished> {
  const [program, ...first] = options.command ?? defaultTorchCommand();
  const argv = [...first, ...(options.noSetup ? ['--no-setup'] : []), ...args];
  return new Promise((resolve) => {
    const child = spawn(program!, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let pending = '';
    const stderrLines: string[] = [];
    const takeLines = (flush: boolean) => {
      const parts = pending.split('\n');
      pending = flush ? '' : parts.pop()!;
      for (const line of parts) {
        if (line === '') continue;
        stderrLines.push(line);
        options.onLine?.(line);
      }
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      takeLines(false);
    });
    child.on('error', (error) => resolve({ status: null, stdout, stderrLines, spawnError: error }));
    child.on('close', (status) => {
      takeLines(true);
      resolve({ status, stdout, stderrLines });
    });
  });
}

/** Runs the reference with these arguments and parses what it prints; "unavailable" carries the script's reason. */
export async function runTorchReference<T>(
  args: string[],
  options: TorchCommandOptions,
  parse: (stdout: string) => T,
): Promise<TorchOutcome<T>> {
  return outcome(await runScript(args, options), parse);
}

function outcome<T>(finished: Finished, parse: (stdout: string) => T): TorchOutcome<T> {
  const lastLine = finished.stderrLines.at(-1) ?? '';
  if (finished.spawnError) return { available: false, reason: `the PyTorch reference did not start (${finished.spawnError.message})` };
  if (finished.status === TORCH_UNAVAILABLE_STATUS)
    return {
      available: false,
      reason: lastLine.replace(/^torch[-_]reference: /, '') || 'the PyTorch reference says PyTorch is unavailable',
    };
  if (finished.status !== 0) throw new Error(`the PyTorch reference failed (exit status ${finished.status}): ${lastLine}`);
  try {
    return { available: true, value: parse(finished.stdout) };
  } catch (error) {
    throw new Error(`the PyTorch reference printed no valid result (${error instanceof Error ? error.message : String(error)})`);
  }
}

function parseRun(stdout: string): TorchRun {
  const run = JSON.parse(stdout) as TorchRun;
  if (run.framework !== 'pytorch' || !Array.isArray(run.models)) throw new Error('expected { framework: "pytorch", models: [...] }');
  for (const m of run.models) {
    if (typeof m.model !== 'string' || !(m.samplesPerSecond > 0) || !(m.cpuSamplesPerSecond > 0))
      throw new Error(`bad model entry ${JSON.stringify(m)}`);
  }
  return run;
}

export interface TorchMeasureOptions extends TorchCommandOptions {
  warmupSteps: number;
  repetitions: number;
  minSeconds: number;
}

/** Trains the named reference models in PyTorch on one thread. */
export async function measureTorch(models: string[], options: TorchMeasureOptions): Promise<TorchOutcome<TorchRun>> {
  const args = [
    '--models',
    models.join(','),
    '--warmup-steps',
    String(options.warmupSteps),
    '--repetitions',
    String(options.repetitions),
    '--min-seconds',
    String(options.minSeconds),
  ];
  return runTorchReference(args, options, parseRun);
}

/** Trainable parameters of each reference model on the PyTorch side. */
export async function torchParameterCounts(options: TorchCommandOptions = {}): Promise<TorchOutcome<Record<string, number>>> {
  return runTorchReference(['--param-counts'], options, (stdout) => JSON.parse(stdout) as Record<string, number>);
}
