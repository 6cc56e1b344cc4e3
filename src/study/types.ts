// Plain data shapes of a study: its specification, the planned jobs, and the ledger records.
import type { RunDiagnostics } from '../engine/diagnostics-format.js';
import type { HParams, SearchSpace } from '../task/search-space.js';

/** One task under one setting on one dataset (E18's "mini-experiment"). */
export interface MiniExperimentSpec {
  /** Unique within the study; defaults to `${task}/${dataset}` plus its settings. */
  id: string;
  task: string;
  dataset: string;
  /** Task settings (e.g. { trainFraction: 0.05 }). */
  settings: HParams;
  /**
   * Dataset settings that differ from the dataset's defaults (e.g. { tagset: 'fine' }); absent
   * when none does, so specs written before datasets had settings keep their job keys.
   */
  datasetSettings?: HParams;
  /** Fixed hyperparameters that override the sampled ones (e.g. smaller models for quick runs). */
  fixed: HParams;
  /** Narrowed ranges or choices that replace the task's for sampling (small presets); absent: the task's space. */
  space?: SearchSpace;
  /** Epoch cap below the task's own maximum (quick runs); absent: the task's. */
  maxEpochs?: number;
  /** At most this many examples per split (quick runs); absent: all. */
  limit?: number;
}

export interface StudySpec {
  name: string;
  /** Activation names after group expansion ('study21', 'all' → names), in order. */
  activations: string[];
  miniExperiments: MiniExperimentSpec[];
  /** Sampled configurations per mini-experiment (E18: 200). */
  configurations: number;
  /** Seeds per configuration (E18: 5). */
  repeats: number;
  seed: number;
  /**
   * Seed of every mini-experiment's train/dev/test split, when the spec fixes it; absent: each
   * mini-experiment's split is seeded from the study seed and its id. Either way one split serves
   * every configuration, repeat and activation, so all of them are selected and scored on the
   * same dev and test examples.
   */
  splitSeed?: number;
  /**
   * Data splits per mini-experiment (absent: 1). With K > 1 every configuration and repeat is
   * trained on each of K seeded splits, on purpose, and the report shows the split as its own
   * source of variance.
   */
  splits?: number;
  /** Backend name for the runs ('wasm', 'cpu', ...), or undefined for the first that works. */
  backend?: string;
  /** Wall-clock limit per job, seconds. */
  timeLimitSeconds: number;
  /** Folder with original data files for datasets not installable offline. */
  dataDir?: string;
  /**
   * Per-run diagnostics in each ledger record (absent: on). Not part of the spec hash: they never
   * change a run's results, so a study may switch them between resumptions.
   */
  diagnostics?: boolean;
}

/** One training run: a mini-experiment, a configuration, a repeat and an activation. */
export interface Job {
  /** Stable hash of the spec's relevant parts, the mini-experiment, activation, configuration index and repeat. */
  key: string;
  miniExperiment: string;
  activation: string;
  configIndex: number;
  repeat: number;
  /** The sampled configuration (identical for every activation: the paired design). */
  hparams: HParams;
  /** Seed of this repeat: initial weights, dropout masks and batch order (not the data split). */
  seed: number;
  /** Which of the mini-experiment's splits (0 unless the study asks for several). */
  splitIndex: number;
  /** Seed of that train/dev/test split, shared by every job of the mini-experiment on it. */
  splitSeed: number;
}

export type JobStatus = 'ok' | 'diverged' | 'failed' | 'timeout';

export interface EpochMetrics {
  epoch: number;
  loss: number;
  dev: Record<string, number>;
  seconds: number;
}

/** One finished job, as one line of ledger.jsonl. */
export interface LedgerRecord {
  key: string;
  /** Hash of the study spec's relevant parts: ledgers of different studies never mix. */
  specHash: string;
  miniExperiment: string;
  task: string;
  dataset: string;
  activation: string;
  configIndex: number;
  repeat: number;
  seed: number;
  /**
   * The data split the job ran on (key scheme 2 on). Absent in scheme-1 ledgers (actbench 0.2 and
   * older), where the job seed also drew the split, so each configuration had its own dev and test.
   */
  splitIndex?: number;
  splitSeed?: number;
  /** The plan's key scheme (absent: 1); a ledger never mixes schemes. */
  keyScheme?: number;
  hparams: HParams;
  status: JobStatus;
  /** The error message, for failed and timed-out jobs. */
  error?: string;
  dev: Record<string, number>;
  test: Record<string, number>;
  baseline: Record<string, number>;
  history: EpochMetrics[];
  epochs: number;
  bestEpoch: number;
  seconds: number;
  backend: string;
  versions: Record<string, string>;
  /** The task's score metric, a key of `test` (absent in older ledgers; reports then fall back and say so). */
  primaryMetric?: string;
  /** CPU, cores, memory and OS of the machine that ran the job, for the report's environment (absent in older ledgers). */
  machine?: string;
  /** ISO time the record was written. */
  finishedAt: string;
  /** Probe-batch diagnostics of the run (src/engine/diagnostics-format.ts); absent when turned off and in older ledgers. */
  diagnostics?: RunDiagnostics;
}
