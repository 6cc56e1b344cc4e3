// The report's reading of the per-run diagnostics (src/engine/diagnostics-format.ts): whether what
// the probe sees at initialisation foretells divergence (ROC AUC) and the final test score
// (Spearman), how dead and saturated units develop per activation, and the gradient norm of each
// layer at initialisation. Ledger records in, plain data out; absent (null) when no record carries
// diagnostics, as in ledgers written before they existed.
import type { DiagnosticSnapshot, RunDiagnostics } from '../engine/diagnostics-format.js';
import type { LedgerRecord } from '../study/types.js';
import { median } from './stats/descriptive.js';
import { rocAuc, spearman } from './stats/rank-association.js';

/** What is read off the initialisation snapshot to predict a run's fate. */
export const INIT_PREDICTORS = ['log10 gradient ratio first/last', 'log10 gradient norm', 'dead units', 'saturated units'] as const;
export type InitPredictor = (typeof INIT_PREDICTORS)[number];

export interface DiagnosticPrediction {
  miniExperiment: string;
  predictor: InitPredictor;
  /** Runs with the predictor defined, by outcome. */
  diverged: number;
  notDiverged: number;
  /** P(predictor of a diverged run > that of one that did not); null when a class is empty. */
  auc: number | null;
  /** Scored runs with the predictor defined (every configuration × activation × repeat). */
  scored: number;
  /** Spearman's ρ between the predictor and the test score over those runs; null below three or when constant. */
  spearman: number | null;
}

/** Medians over an activation's runs of the per-run mean over activation points, at three moments. */
export interface UnitFractionsRow {
  activation: string;
  runs: number;
  dead: { init: number | null; middle: number | null; end: number | null };
  /** Runs where φ′ was available at some point (not maxout, not the LSTM cell). */
  saturatedRuns: number;
  saturated: { init: number | null; middle: number | null; end: number | null };
}

/** Median gradient norm at initialisation per layer position (from the input; the last is the output layer). */
export interface InitialGradients {
  miniExperiment: string;
  /** 'layer 1', 'layer 2', …, 'output'. */
  positions: string[];
  byActivation: Record<string, (number | null)[]>;
}

export interface DiagnosticsSummary {
  /** Records that carry diagnostics, of all records. */
  runs: number;
  records: number;
  probeSize: number;
  saturationThreshold: number;
  predictions: DiagnosticPrediction[];
  units: UnitFractionsRow[];
  initialGradients: InitialGradients[];
}

export const DIAGNOSTICS_METHODS = [
  'Diagnostics: each run probes a fixed batch of training examples (evenly spaced indices, inference mode, so training is bit for bit the same with or without it) at initialisation and after epochs: the gradient norm of every trainable layer, and at every activation application the fraction of dead units (output exactly 0 on the whole batch), of saturated units (|φ′| below the stated threshold on the whole batch; not available for maxout, which mixes units, nor inside the LSTM cell, whose φ acts on a state that is no output) and the outputs’ mean and spread.',
  'Prediction from initialisation: per mini-experiment, the ROC AUC of each initial diagnostic (the gradient norm over all layers counts as infinite where it was not finite) for divergence (0.5: no information; above: larger values go with divergence; below: smaller ones do; not computable when no run, or every run, diverged) and Spearman’s ρ between it and the test score over every scored run (configurations × activations × repeats). Dead and saturated units per activation: medians over its runs of the mean over activation points, at initialisation, at the snapshot nearest half the last epoch, and at the end.',
];

function meanOf(values: readonly (number | null)[]): number | null {
  const defined = values.filter((value): value is number => value !== null);
  return defined.length === 0 ? null : defined.reduce((sum, value) => sum + value, 0) / defined.length;
}

/** The value of one predictor at a snapshot, or null where it is not defined. */
export function predictorValue(snapshot: DiagnosticSnapshot, predictor: InitPredictor): number | null {
  const norms = snapshot.gradNorm;
  switch (predictor) {
    case 'log10 gradient ratio first/last': {
      const first = norms[0];
      const last = norms.at(-1);
      return norms.length >= 2 && first != null && last != null && first > 0 && last > 0 ? Math.log10(first / last) : null;
    }
    case 'log10 gradient norm': {
      if (norms.length === 0) return null;
      // A norm the ledger holds as null was not finite: the network had already blown up at
      // initialisation (cube in a recurrent tagger), the strongest sign of what follows, so it
      // ranks above every finite norm rather than dropping out.
      if (norms.some((norm) => norm === null)) return Infinity;
      const total = Math.sqrt(norms.reduce((sum: number, norm) => sum + norm! * norm!, 0));
      return total > 0 ? Math.log10(total) : null;
    }
    case 'dead units':
      return meanOf(snapshot.dead);
    case 'saturated units':
      return meanOf(snapshot.saturated);
  }
}

function atInit(diagnostics: RunDiagnostics): DiagnosticSnapshot | undefined {
  return diagnostics.snapshots.find((snapshot) => snapshot.epoch === 0);
}

/** The snapshot whose epoch is nearest half the last one (the earlier of two equally near). */
function middleSnapshot(snapshots: readonly DiagnosticSnapshot[]): DiagnosticSnapshot | undefined {
  const last = snapshots.at(-1);
  if (!last) return undefined;
  const half = last.epoch / 2;
  return snapshots.reduce((best, snapshot) => (Math.abs(snapshot.epoch - half) < Math.abs(best.epoch - half) ? snapshot : best));
}

function medianOrNull(values: readonly (number | null)[]): number | null {
  const defined = values.filter((value): value is number => value !== null && Number.isFinite(value));
  return defined.length === 0 ? null : median(defined);
}

function predictions(
  miniIds: readonly string[],
  withDiagnostics: readonly LedgerRecord[],
  metricOf: (mini: string) => string,
): DiagnosticPrediction[] {
  const rows: DiagnosticPrediction[] = [];
  for (const mini of miniIds) {
    const runs = withDiagnostics.filter(
      (record) => record.miniExperiment === mini && (record.status === 'ok' || record.status === 'diverged'),
    );
    if (runs.length === 0) continue;
    const metric = metricOf(mini);
    for (const predictor of INIT_PREDICTORS) {
      const valued = runs
        .map((record) => ({
          record,
          value: (() => {
            const init = atInit(record.diagnostics!);
            return init ? predictorValue(init, predictor) : null;
          })(),
        }))
        .filter((entry): entry is { record: LedgerRecord; value: number } => entry.value !== null && !Number.isNaN(entry.value));
      const diverged = valued.map((entry) => entry.record.status === 'diverged');
      const scored = valued.filter((entry) => entry.record.status === 'ok' && Number.isFinite(entry.record.test[metric]));
      rows.push({
        miniExperiment: mini,
        predictor,
        diverged: diverged.filter(Boolean).length,
        notDiverged: diverged.filter((flag) => !flag).length,
        auc: rocAuc(
          valued.map((entry) => entry.value),
          diverged,
        ),
        scored: scored.length,
        spearman: spearman(
          scored.map((entry) => entry.value),
          scored.map((entry) => entry.record.test[metric]!),
        ),
      });
    }
  }
  return rows;
}

function unitFractions(activations: readonly string[], withDiagnostics: readonly LedgerRecord[]): UnitFractionsRow[] {
  return activations.flatMap((activation) => {
    const runs = withDiagnostics.filter((record) => record.activation === activation && record.diagnostics!.snapshots.length > 0);
    if (runs.length === 0) return [];
    const stages = runs.map((record) => {
      const snapshots = record.diagnostics!.snapshots;
      return { init: atInit(record.diagnostics!), middle: middleSnapshot(snapshots), end: snapshots.at(-1) };
    });
    const stage = (pick: (snapshot: DiagnosticSnapshot) => number | null, which: 'init' | 'middle' | 'end'): number | null =>
      medianOrNull(stages.map((s) => (s[which] ? pick(s[which]!) : null)));
    const dead = (snapshot: DiagnosticSnapshot) => meanOf(snapshot.dead);
    const saturated = (snapshot: DiagnosticSnapshot) => meanOf(snapshot.saturated);
    return [
      {
        activation,
        runs: runs.length,
        dead: { init: stage(dead, 'init'), middle: stage(dead, 'middle'), end: stage(dead, 'end') },
        saturatedRuns: runs.filter((record) =>
          record.diagnostics!.snapshots.some((snapshot) => snapshot.saturated.some((value) => value !== null)),
        ).length,
        saturated: { init: stage(saturated, 'init'), middle: stage(saturated, 'middle'), end: stage(saturated, 'end') },
      },
    ];
  });
}

/** Layer positions counted from the input, the last one named as the output layer. */
function positionLabels(count: number): string[] {
  return Array.from({ length: count }, (_, i) => (i === count - 1 ? 'output' : `layer ${i + 1}`));
}

function initialGradients(
  miniIds: readonly string[],
  activations: readonly string[],
  withDiagnostics: readonly LedgerRecord[],
): InitialGradients[] {
  return miniIds.flatMap((mini) => {
    const runs = withDiagnostics.filter((record) => record.miniExperiment === mini);
    if (runs.length === 0) return [];
    // Models of one mini-experiment differ in depth (sampled layers, maxout's extra layer): hidden
    // layers line up from the input, and every model's last layer is its output layer.
    const hidden = Math.max(0, ...runs.map((record) => record.diagnostics!.layers.length - 1));
    const positions = positionLabels(hidden + 1);
    const byActivation: Record<string, (number | null)[]> = {};
    for (const activation of activations) {
      const own = runs
        .map((record) => (record.activation === activation ? atInit(record.diagnostics!) : undefined))
        .filter((s): s is DiagnosticSnapshot => s !== undefined);
      if (own.length === 0) continue;
      byActivation[activation] = positions.map((_, p) =>
        medianOrNull(
          own.map((snapshot) =>
            p === hidden ? (snapshot.gradNorm.at(-1) ?? null) : p < snapshot.gradNorm.length - 1 ? snapshot.gradNorm[p]! : null,
          ),
        ),
      );
    }
    return [{ miniExperiment: mini, positions, byActivation }];
  });
}

/** The diagnostics part of the summary, or null when no record carries diagnostics. */
export function diagnosticsSummary(
  records: readonly LedgerRecord[],
  miniIds: readonly string[],
  activations: readonly string[],
  metricOf: (mini: string) => string,
): DiagnosticsSummary | null {
  const withDiagnostics = records.filter((record) => record.diagnostics !== undefined && record.diagnostics.snapshots !== undefined);
  if (withDiagnostics.length === 0) return null;
  const first = withDiagnostics[0]!.diagnostics!;
  return {
    runs: withDiagnostics.length,
    records: records.length,
    probeSize: first.probeSize,
    saturationThreshold: first.saturationThreshold,
    predictions: predictions(miniIds, withDiagnostics, metricOf),
    units: unitFractions(activations, withDiagnostics),
    initialGradients: initialGradients(miniIds, activations, withDiagnostics),
  };
}

/** The one line a report shows instead of the section when the ledger has no diagnostics. */
export const NO_DIAGNOSTICS_NOTE =
  'no run in this ledger carries diagnostics (ledgers before actbench 0.4, or a spec with diagnostics: false), so the diagnostics section is left out';
