// Times a training workload: a few warm-up steps (kernel compilation, XNNPACK packing, first
// allocations), then repetitions of whole steps lasting at least `minSeconds` each; the figure is
// the median repetition's samples/s. scripts/torch_reference.py measures PyTorch the same way.
import * as tf from '@tensorflow/tfjs-core';
import type { TrainingWorkload } from './train-workload.js';
import { median } from '../report/stats/descriptive.js';

export { median };

export interface MeasureOptions {
  warmupSteps: number;
  repetitions: number;
  /** Each repetition runs whole steps until at least this long. */
  minSeconds: number;
  /** After each warm-up step and repetition. */
  onProgress?: (label: string) => void;
}

export interface Throughput {
  /** Median of the repetitions. */
  samplesPerSecond: number;
  repetitions: number[];
  /**
   * Median of the repetitions' samples per second of this process's CPU time: on a shared machine,
   * time other processes take does not count (their effect on caches and memory bandwidth does).
   * V8's helper threads (garbage collection, compilation) are counted, so it errs low.
   */
  cpuSamplesPerSecond: number;
  steps: number;
}

export class LeakingWorkloadError extends Error {
  override name = 'LeakingWorkloadError';
}

export function measureThroughput(workload: TrainingWorkload, batchSize: number, options: MeasureOptions): Throughput {
  for (let i = 0; i < options.warmupSteps; i++) {
    workload.step();
    options.onProgress?.(`warm-up ${i + 1}/${options.warmupSteps}`);
  }
  // A step that leaves tensors behind would slow every later one down and distort the figure.
  const tensorsBefore = tf.memory().numTensors;
  const rates: number[] = [];
  const cpuRates: number[] = [];
  let steps = 0;
  for (let r = 0; r < options.repetitions; r++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    let count = 0;
    let elapsed = 0;
    while (count < 1 || elapsed < options.minSeconds) {
      workload.step();
      count++;
      elapsed = (performance.now() - started) / 1000;
    }
    const cpu = process.cpuUsage(cpuStarted);
    steps += count;
    rates.push((count * batchSize) / elapsed);
    cpuRates.push((count * batchSize) / Math.max((cpu.user + cpu.system) / 1e6, 1e-9));
    options.onProgress?.(`repetition ${r + 1}/${options.repetitions}: ${rates[r]!.toFixed(1)} samples/s`);
  }
  const leaked = tf.memory().numTensors - tensorsBefore;
  if (leaked !== 0) throw new LeakingWorkloadError(`a training step left ${leaked / steps} tensors behind per step`);
  return { samplesPerSecond: median(rates), repetitions: rates, cpuSamplesPerSecond: median(cpuRates), steps };
}
