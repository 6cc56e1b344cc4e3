// `actbench bench --train`: training throughput of the reference and task models per backend,
// with the same-machine PyTorch reference, as a table or JSON (stdout); progress on stderr.
import { writeFileSync } from 'node:fs';
import { allWorkloads, runTrainBench, selectWorkloads } from '../bench/train-bench.js';
import { renderTrainBenchMarkdown, renderTrainBenchText, type TrainBenchResult } from '../bench/train-report.js';
import type { TorchCommandOptions } from '../bench/train-torch.js';
import type { Output } from './activation-commands.js';
import { createProgress } from './progress.js';

export interface TrainBenchCommandOptions {
  backend?: string;
  models?: string[];
  json: boolean;
  /** false: skip the PyTorch reference (--no-torch). */
  torch: boolean;
  warmupSteps: number;
  repetitions: number;
  /** Alternating rounds of actbench and PyTorch per model. */
  rounds: number;
  /** Each repetition lasts at least this long (ms). */
  timeMs: number;
  md?: string;
  /** Tests: another PyTorch reference command. */
  torchCommand?: TorchCommandOptions;
}

export async function trainBenchCommand(options: TrainBenchCommandOptions, io: Output): Promise<TrainBenchResult> {
  const workloads = selectWorkloads(await allWorkloads(), options.models);
  const progress = createProgress('bench --train');
  const result = await runTrainBench({
    workloads,
    ...(options.backend ? { backends: [options.backend] } : {}),
    measure: { warmupSteps: options.warmupSteps, repetitions: options.repetitions, minSeconds: options.timeMs / 1000 },
    rounds: options.rounds,
    ...(options.torch ? { torch: options.torchCommand ?? {} } : {}),
    onProgress: (done, total, label) => progress.update(done, total, label),
    onNote: (line) => io.err(`${line}\n`),
  });
  progress.finish();
  if (!options.torch) result.torch = { state: 'skipped', reason: '--no-torch' };
  io.out(options.json ? `${JSON.stringify(result, null, 2)}\n` : renderTrainBenchText(result));
  if (options.md) writeFileSync(options.md, renderTrainBenchMarkdown(result));
  return result;
}
