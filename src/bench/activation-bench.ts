// Micro-benchmark of elementwise activations on the active backend: forward and forward+backward
// on one float32 tensor, every variant, with ReLU and a plain copy measured in the same run so the
// figures can be read as ratios (timings on these machines are noisy; ratios much less so).
import * as tf from '@tensorflow/tfjs-core';
import { Bench } from 'tinybench';
import { availableVariants, chooseVariant, implementation, type Variant } from '../activation/registry.js';
import type { ElementwiseActivation } from '../activation/types.js';
import { copyTensor, hasCopyKernel } from './copy-op.js';

export interface BenchOptions {
  activations: ElementwiseActivation[];
  /** Elements in the benchmarked tensor. */
  size: number;
  /** Time budget per measurement, ms. */
  timeMs: number;
  noFused?: boolean;
  onProgress?: (done: number, total: number, label: string) => void;
}

export interface Timing {
  /**
   * Fastest call, ns per element. On two shared cores, garbage collection and other processes
   * only ever add time, so the minimum is the stable estimate of what the kernel costs.
   */
  nsPerElement: number;
  /** Median ns per element, for judging how much interference there was. */
  medianNsPerElement: number;
  samples: number;
}

export interface BenchRow {
  activation: string;
  variant: Variant;
  /** The variant the registry uses on this backend. */
  picked: boolean;
  forward: Timing;
  forwardBackward: Timing;
  /** forward+backward time over ReLU's (its picked variant). */
  ratioToRelu: number;
  /** forward+backward time over a copy's forward+backward (copy of x, then copy of dy). */
  ratioToCopy: number;
}

export interface BenchResult {
  backend: string;
  size: number;
  copyKind: 'copy kernel' | 'x + 0';
  copy: { forward: Timing; forwardBackward: Timing };
  rows: BenchRow[];
}

type Measure = { label: string; fn: (x: tf.Tensor) => tf.Tensor; backward: boolean };

function runOnce(measure: Measure, x: tf.Tensor, dy: tf.Tensor): void {
  // Dispose the output only: the ops are synchronous on the CPU backends, and reading the data
  // back would add a copy (WASM) that is not part of the activation's cost. tidy frees the
  // intermediates of composite implementations (tf.grad tidies on its own).
  const out = measure.backward ? tf.grad(measure.fn)(x, dy) : tf.tidy(() => measure.fn(x));
  out.dispose();
}

export function benchActivations(options: BenchOptions): BenchResult {
  const backend = tf.getBackend();
  // The picked variant first, then the others this backend can run.
  const variantsOf = (a: ElementwiseActivation): Variant[] => {
    if (options.noFused) return ['composite'];
    const picked = chooseVariant(a, backend);
    return [picked, ...availableVariants(a, backend).filter((v) => v !== picked)];
  };
  const measures: Measure[] = [
    { label: 'copy|forward', fn: copyTensor, backward: false },
    { label: 'copy|forward+backward', fn: copyTensor, backward: true },
  ];
  for (const activation of options.activations) {
    for (const variant of variantsOf(activation)) {
      const fn = implementation(activation, variant);
      measures.push({ label: `${activation.name}|${variant}|forward`, fn, backward: false });
      measures.push({ label: `${activation.name}|${variant}|forward+backward`, fn, backward: true });
    }
  }

  const x = tf.mul(tf.randomNormal([options.size], 0, 1, 'float32', 7), 3);
  const dy = tf.randomNormal([options.size], 0, 1, 'float32', 8);
  const timings = new Map<string, Timing>();
  try {
    measures.forEach((measure, index) => {
      options.onProgress?.(index, measures.length, measure.label.replaceAll('|', ' '));
      const bench = new Bench({ time: options.timeMs, warmupTime: Math.min(200, options.timeMs), iterations: 5, warmupIterations: 3 });
      bench.add(measure.label, () => runOnce(measure, x, dy));
      bench.runSync();
      const result = bench.tasks[0]!.result;
      if (result.state !== 'completed') {
        const reason = result.state === 'errored' ? `: ${String(result.error)}` : '';
        throw new Error(`benchmark of ${measure.label.replaceAll('|', ' ')} ${result.state}${reason}`);
      }
      const { min, p50, samplesCount } = result.latency;
      timings.set(measure.label, {
        nsPerElement: (min * 1e6) / options.size,
        medianNsPerElement: (p50 * 1e6) / options.size,
        samples: samplesCount,
      });
    });
    options.onProgress?.(measures.length, measures.length, 'done');
  } finally {
    tf.dispose([x, dy]);
  }

  const timing = (label: string): Timing => timings.get(label)!;
  const copy = { forward: timing('copy|forward'), forwardBackward: timing('copy|forward+backward') };
  const reluActivation = options.activations.find((a) => a.name === 'relu');
  const reluPicked = reluActivation ? chooseVariant(reluActivation, backend, { noFused: options.noFused }) : undefined;
  const reluTime = reluPicked ? timing(`relu|${reluPicked}|forward+backward`).nsPerElement : NaN;
  const rows: BenchRow[] = [];
  for (const activation of options.activations) {
    for (const variant of variantsOf(activation)) {
      const forwardBackward = timing(`${activation.name}|${variant}|forward+backward`);
      rows.push({
        activation: activation.name,
        variant,
        picked: variant === chooseVariant(activation, backend, { noFused: options.noFused }),
        forward: timing(`${activation.name}|${variant}|forward`),
        forwardBackward,
        ratioToRelu: forwardBackward.nsPerElement / reluTime,
        ratioToCopy: forwardBackward.nsPerElement / copy.forwardBackward.nsPerElement,
      });
    }
  }
  return { backend, size: options.size, copyKind: hasCopyKernel(backend) ? 'copy kernel' : 'x + 0', copy, rows };
}

/**
 * The fastest variant per activation, by forward+backward time. A variant must beat the default
 * order (simd, fused, composite) by 5% to displace it, so noise does not flip choices.
 */
export function fastestVariants(result: BenchResult): Record<string, Variant> {
  const winners: Record<string, Variant> = {};
  const byActivation = new Map<string, BenchRow[]>();
  for (const row of result.rows) byActivation.set(row.activation, [...(byActivation.get(row.activation) ?? []), row]);
  const order: Variant[] = ['simd', 'fused', 'composite'];
  for (const [name, rows] of byActivation) {
    if (rows.length < 2) continue;
    const sorted = [...rows].sort((a, b) => order.indexOf(a.variant) - order.indexOf(b.variant));
    let best = sorted[0]!;
    for (const row of sorted.slice(1)) {
      if (row.forwardBackward.nsPerElement < 0.95 * best.forwardBackward.nsPerElement) best = row;
    }
    winners[name] = best.variant;
  }
  return winners;
}
