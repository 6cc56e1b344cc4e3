// A study worker process: initialises its own backend, then trains the jobs the runner sends
// over IPC one at a time and answers with the outcome. Started by runner.ts with child_process.fork.
import { initBackend } from '../backend/backends.js';
import { runOne } from '../engine/run-one.js';
import type { WorkerReply, WorkerRequest } from './worker-protocol.js';

async function handle(request: WorkerRequest): Promise<WorkerReply> {
  const { job, miniExperiment, dataDir } = request;
  try {
    const result = await runOne({
      task: miniExperiment.task,
      dataset: miniExperiment.dataset,
      activation: job.activation,
      hparams: job.hparams,
      settings: miniExperiment.settings,
      seed: job.seed,
      dataDir,
      maxEpochs: miniExperiment.maxEpochs,
      limit: miniExperiment.limit,
    });
    return { kind: 'result', key: job.key, result: { ...result, history: result.history } };
  } catch (error) {
    return { kind: 'error', key: job.key, message: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
  }
}

const backendName = process.env['ACTBENCH_WORKER_BACKEND'] || undefined;
initBackend(backendName).then(
  (backend) => {
    process.send?.({ kind: 'ready', backend: backend.name } satisfies WorkerReply);
    process.on('message', (request: WorkerRequest) => {
      void handle(request).then((reply) => process.send?.(reply));
    });
  },
  (error: unknown) => {
    process.send?.({ kind: 'fatal', message: error instanceof Error ? error.message : String(error) } satisfies WorkerReply);
    process.exit(1);
  },
);
