// Per-run diagnostics (docs/study.md): on one fixed probe batch of training examples, at
// initialisation and after epochs, the gradient norm of each trainable layer and, at each
// activation application, the dead and saturated units and the outputs' mean and spread; and the
// count of training steps with a non-finite loss or gradient.
//
// The probe must leave training bit for bit as it would be without it. So it runs in inference
// mode through Problem.probe (no dropout mask is drawn, so Math.random, which tfjs draws masks
// from, is not advanced; no augmentation; no batch-norm statistics move), reads the weights
// without changing them, and never touches the optimizer or the batch order's generator.
import * as tf from '@tensorflow/tfjs-core';
import { probePoints, trainableLayers, type ProbePoint } from '../models/probe-points.js';
import type { Problem, ProbeForward } from '../task/types.js';
import {
  DIAGNOSTICS_VERSION,
  SATURATION_THRESHOLD,
  plannedProbeEpochs,
  probeIndices,
  roundFraction,
  roundSignificant,
  type DiagnosticSnapshot,
  type RunDiagnostics,
} from './diagnostics-format.js';

export interface DiagnosticsRecorder {
  /** Whether the probe runs after this epoch (the run's final epoch is taken with `final`). */
  wanted(epoch: number): boolean;
  /** Takes a snapshot now (epoch 0: initialisation). */
  snapshot(epoch: number): void;
  /** Takes the run's last snapshot unless that epoch has one already. */
  final(epoch: number): void;
  /** Counts a training step whose loss or gradient was not finite. */
  countNonFinite(): void;
  result(): RunDiagnostics;
}

/** Plain statistics of one activation application from downloaded values. */
export function pointStatistics(
  outputs: Float32Array,
  derivatives: Float32Array | null,
  units: number,
  mask: Float32Array | null,
  threshold = SATURATION_THRESHOLD,
): { dead: number; saturated: number | null; mean: number; std: number } {
  const positions = outputs.length / units;
  // A mask applies when it has one entry per position ([examples, tokens] against [examples, tokens, units]).
  const useMask = mask !== null && mask.length === positions;
  const alive = new Uint8Array(units);
  const unsaturated = new Uint8Array(units);
  let counted = 0;
  let sum = 0;
  let sumSquares = 0;
  // Outputs and derivatives in separate inner loops: half the time of one loop testing both
  // (a document CNN's convolution gives 33,600 values per probe).
  for (let position = 0; position < positions; position++) {
    if (useMask && mask[position] === 0) continue;
    const offset = position * units;
    for (let unit = 0; unit < units; unit++) {
      const value = outputs[offset + unit]!;
      if (value !== 0) alive[unit] = 1;
      sum += value;
      sumSquares += value * value;
    }
    if (derivatives !== null) {
      for (let unit = 0; unit < units; unit++) if (!(Math.abs(derivatives[offset + unit]!) < threshold)) unsaturated[unit] = 1;
    }
    counted++;
  }
  const count = counted * units;
  const fractionOf = (flags: Uint8Array): number =>
    count === 0 ? 0 : flags.reduce((zeros, flag) => zeros + (flag === 0 ? 1 : 0), 0) / units;
  const mean = count === 0 ? NaN : sum / count;
  // Population spread; max(0, …) guards the rounding of E[x²] − E[x]² below zero.
  const std = count === 0 ? NaN : Math.sqrt(Math.max(0, sumSquares / count - mean * mean));
  return { dead: fractionOf(alive), saturated: derivatives === null ? null : fractionOf(unsaturated), mean, std };
}

/**
 * Σx² in double precision. The gradient norms are summed here from the downloaded gradients
 * rather than by kernels: one download per variable replaces a square, a sum and an addN per
 * variable, which on quick's small models cost more in dispatch than the arithmetic. Double
 * precision also keeps tiny gradients (below ~1e-19, whose float32 squares underflow) from
 * reading as a norm of exactly 0.
 */
export function sumOfSquares(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]! * values[i]!;
  return sum;
}

interface ProbeTensors {
  forward: ProbeForward;
  /** Per point: its output, and its input where φ′ is computed. */
  outputs: tf.Tensor[];
  inputs: (tf.Tensor | null)[];
}

function tensorNames(points: ProbePoint[]): string[] {
  return points.flatMap((point) => (point.derivative ? [point.inputName, point.outputName] : [point.outputName]));
}

function splitTensors(points: ProbePoint[], forward: ProbeForward): ProbeTensors {
  const outputs: tf.Tensor[] = [];
  const inputs: (tf.Tensor | null)[] = [];
  let next = 0;
  for (const point of points) {
    inputs.push(point.derivative ? forward.tensors[next++]! : null);
    outputs.push(forward.tensors[next++]!);
  }
  return { forward, outputs, inputs };
}

/** A recorder for one run, or null when the problem cannot be probed. */
export function diagnosticsRecorder(problem: Problem, maxEpochs: number): DiagnosticsRecorder | null {
  const probe = problem.probe?.bind(problem);
  if (!probe) return null;
  const points = probePoints(problem.model);
  const layers = trainableLayers(problem.model);
  const variables = problem.model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  const indices = probeIndices(problem.trainSize);
  const planned = plannedProbeEpochs(maxEpochs);
  const names = tensorNames(points);
  const snapshots: DiagnosticSnapshot[] = [];
  let nonFiniteSteps = 0;

  const take = (epoch: number): DiagnosticSnapshot => {
    let probed: ProbeTensors | undefined;
    const { value, grads } = tf.variableGrads(() => {
      const forward = probe(indices, names);
      // Kept past the gradient's own tidy, which would otherwise free them when f returns.
      for (const tensor of [...forward.tensors, ...(forward.mask ? [forward.mask] : [])]) tf.keep(tensor);
      probed = splitTensors(points, forward);
      return forward.loss;
    }, variables);
    const { outputs, inputs, forward } = probed!;
    try {
      const gradNorm = layers.map((layer) =>
        roundSignificant(Math.sqrt(layer.variableNames.reduce((sum, name) => sum + sumOfSquares(grads[name]!.dataSync()), 0))),
      );
      const mask = forward.mask ? (forward.mask.dataSync() as Float32Array) : null;
      const perPoint = points.map((point, index) => {
        const output = outputs[index]!;
        const input = inputs[index];
        // φ′ at the probe's pre-activations, through the implementation training uses (probe-points.ts).
        const derivative = input && point.derivative ? point.derivative(input, output, forward.mask) : null;
        const units = output.shape[output.shape.length - 1]!;
        const stats = pointStatistics(
          output.dataSync() as Float32Array,
          derivative ? (derivative.dataSync() as Float32Array) : null,
          units,
          mask,
        );
        derivative?.dispose();
        return stats;
      });
      return {
        epoch,
        loss: roundSignificant(value.dataSync()[0]!),
        gradNorm,
        dead: perPoint.map((stats) => roundFraction(stats.dead)),
        saturated: perPoint.map((stats) => (stats.saturated === null ? null : roundFraction(stats.saturated))),
        mean: perPoint.map((stats) => roundSignificant(stats.mean)),
        std: perPoint.map((stats) => roundSignificant(stats.std)),
      };
    } finally {
      tf.dispose([value, ...Object.values(grads), ...forward.tensors, ...(forward.mask ? [forward.mask] : [])]);
    }
  };

  let probeSeconds = 0;
  const record = (epoch: number): void => {
    const started = performance.now();
    snapshots.push(take(epoch));
    probeSeconds += (performance.now() - started) / 1000;
  };
  return {
    wanted: (epoch) => planned.has(epoch),
    snapshot: record,
    final: (epoch) => {
      if (snapshots.at(-1)?.epoch !== epoch) record(epoch);
    },
    countNonFinite: () => {
      nonFiniteSteps++;
    },
    result: () => ({
      version: DIAGNOSTICS_VERSION,
      probeSize: indices.length,
      saturationThreshold: SATURATION_THRESHOLD,
      layers: layers.map((layer) => layer.name),
      points: points.map((point) => point.name),
      nonFiniteSteps,
      seconds: Math.round(probeSeconds * 1000) / 1000,
      snapshots,
    }),
  };
}
