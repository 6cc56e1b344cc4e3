// Messages between the study runner and its worker processes (plain data over IPC).
import type { RunResult } from '../engine/run-one.js';
import type { Job, MiniExperimentSpec } from './types.js';

export interface WorkerRequest {
  job: Job;
  miniExperiment: MiniExperimentSpec;
  dataDir?: string;
  /** The spec's diagnostics switch (absent: on). */
  diagnostics?: boolean;
}

export type WorkerReply =
  | { kind: 'ready'; backend: string }
  | { kind: 'fatal'; message: string }
  | { kind: 'result'; key: string; result: RunResult }
  | { kind: 'error'; key: string; message: string };
