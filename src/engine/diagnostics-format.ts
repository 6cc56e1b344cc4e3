// The per-run diagnostics as they are stored in a ledger record: plain, rounded numbers, no
// tensors, so the reports read them without TensorFlow.js. Computed by diagnostics.ts.

/**
 * A unit counts as saturated where |φ′| < this at every position of the probe batch: tanh beyond
 * |x| ≈ 4.1, the logistic sigmoid beyond |x| ≈ 6.9. Below 0.01 on purpose: at 0.01 exactly, leaky
 * ReLU 0.01's negative side (φ′ = 0.01, rounded down in float32) counted as saturated in a trial.
 */
export const SATURATION_THRESHOLD = 0.001;
/** Training examples in the probe batch (fewer when the training split is smaller). */
export const PROBE_SIZE = 8;
/** At most this many snapshots per run (initialisation and the last epoch included), so a record stays a few KB. */
export const MAX_SNAPSHOTS = 8;
export const DIAGNOSTICS_VERSION = 1;

/** The probe at one moment of a run. Arrays follow RunDiagnostics.layers (gradNorm) or .points (the rest). */
export interface DiagnosticSnapshot {
  /** 0: at initialisation; n: after epoch n (a diverged run: the epoch it stopped in, with the weights it stopped with). */
  epoch: number;
  /** Mean loss on the probe batch, inference mode (null: not finite). */
  loss: number | null;
  /** L2 norm of the loss gradient over each trainable layer's weights (null: not finite). */
  gradNorm: (number | null)[];
  /** Fraction of the point's units whose output is exactly 0 on every probe position. */
  dead: number[];
  /** Fraction of units with |φ′| < SATURATION_THRESHOLD on every probe position; null where φ′ is not available there (maxout, the LSTM cell). */
  saturated: (number | null)[];
  /** Mean and standard deviation of the point's outputs over all units and probe positions (null: not finite). */
  mean: (number | null)[];
  std: (number | null)[];
}

export interface RunDiagnostics {
  version: typeof DIAGNOSTICS_VERSION;
  /** Examples in the probe batch: evenly spaced training indices, the same for every epoch. */
  probeSize: number;
  saturationThreshold: number;
  /** Trainable layers, forward order (the gradient norms' order). */
  layers: string[];
  /** Activation applications, forward order (dead, saturated, mean, std). */
  points: string[];
  /**
   * Training steps whose loss was not finite (the run stops at the first), or whose gradient norm
   * was not finite where clipping computes it; without clipping a non-finite gradient shows as a
   * non-finite loss one step later, through the weights it made non-finite.
   */
  nonFiniteSteps: number;
  /** Wall time the probe took over the run (its cost; part of the run's own seconds). */
  seconds: number;
  snapshots: DiagnosticSnapshot[];
}

/** Three significant digits; non-finite values become null (JSON has no NaN). */
export function roundSignificant(value: number): number | null {
  return Number.isFinite(value) ? Number(value.toPrecision(3)) : null;
}

/** A fraction to three decimals. */
export function roundFraction(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * The epochs after which the probe runs, given the epoch cap: every epoch when they fit in
 * MAX_SNAPSHOTS − 2 (initialisation and a final snapshot take the other two), else evenly spaced
 * ones. The run's actual last epoch (early stopping, divergence) is added when it comes.
 */
export function plannedProbeEpochs(maxEpochs: number): Set<number> {
  const room = MAX_SNAPSHOTS - 2;
  if (maxEpochs <= room + 1) return new Set(Array.from({ length: maxEpochs }, (_, i) => i + 1));
  return new Set(Array.from({ length: room }, (_, i) => Math.max(1, Math.round(((i + 1) * maxEpochs) / (room + 1)))));
}

/** `count` training indices spread evenly over [0, trainSize): deterministic, independent of every seed. */
export function probeIndices(trainSize: number, count = PROBE_SIZE): Int32Array {
  const size = Math.min(count, trainSize);
  return Int32Array.from({ length: size }, (_, i) => Math.floor((i * trainSize) / size));
}
