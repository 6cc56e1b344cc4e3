// A study worker process: initialises its own backend, then trains the jobs the runner sends
// over IPC one at a time and answers with the outcome. Started by runner.ts with child_process.fork.
import { initBackend } from '../backend/backends.js';
import { runOne } from '../engine/run-one.js';
import type { WorkerReply, WorkerRequest } from './worker-protocol.js';

async function handle(request: WorkerRequest): Promise<WorkerReply> {
  const { job, miniExperiment, dataDir, diagnostics } = request;
  try {
    const result = await runOne({
      task: miniExperiment.task,
      dataset: miniExperiment.dataset,
      activation: job.activation,
      hparams: job.hparams,
      settings: miniExperiment.settings,
      datasetSettings: miniExperiment.datasetSettings,
      seed: job.seed,
      splitSeed: job.splitSeed,
      dataDir,
      maxEpochs: miniExperiment.maxEpochs,
      limit: miniExperiment.limit,
      diagnostics,
    });
    return { kind: 'result', key: job.key, result: { ...result, history: result.history } };
  } catch (error) {
    return { kind: 'error', key: job.key, message: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
  }
}

// A parent killed outright (SIGKILL, a lost queue worker) cannot stop its workers; without this
// the job in hand would train to its end for nobody.
process.on('disconnect', () => process.exit(0));

/** Sends a reply to the runner; with the runner gone there is nobody to answer, so the worker ends. */
function answer(reply: WorkerReply): void {
  if (process.connected) process.send?.(reply);
  else process.exit(0);
}

const backendName = process.env['ACTBENCH_WORKER_BACKEND'] || undefined;
initBackend(backendName).then(
  (backend) => {
    answer({ kind: 'ready', backend: backend.name });
    process.on('message', (request: WorkerRequest) => {
      void handle(request).then(answer);
    });
  },
  (error: unknown) => {
    answer({ kind: 'fatal', message: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  },
);
