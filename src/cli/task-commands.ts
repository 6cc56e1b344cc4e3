// `actbench tasks` and `actbench train`: list the task plugins with their datasets, and train one
// configuration of one task.
import { loadDatasets } from '../data/registry.js';
import { initBackend } from '../backend/backends.js';
import { runOne, type RunResult } from '../engine/run-one.js';
import { renderText, type Column } from '../output/table.js';
import { parseOverrides, type HParams } from '../task/search-space.js';
import { loadTasks } from '../task/registry.js';
import type { Output } from './activation-commands.js';
import { UsageError } from './usage-error.js';

export async function listTasks(options: { json: boolean }, io: Output): Promise<void> {
  const [tasks, datasets] = await Promise.all([loadTasks(), loadDatasets()]);
  const describeDataset = (name: string) => {
    const dataset = datasets.get(name);
    return { name, size: dataset.size, offline: dataset.offline, source: dataset.source, split: dataset.splitDescription };
  };
  const rows = tasks.all.map((task) => ({
    name: task.name,
    group: task.group,
    description: task.description,
    datasets: task.datasets.map(describeDataset),
    metrics: task.metrics,
    primaryMetric: task.primaryMetric,
    training: task.training,
    searchSpace: task.searchSpace,
    defaults: task.defaults,
    settings: task.settings ?? {},
  }));
  if (options.json) {
    io.out(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  const columns: Column<(typeof rows)[number]>[] = [
    { header: 'task', value: (r) => r.name },
    { header: 'group', value: (r) => r.group },
    { header: 'datasets (size; * = installs offline)', value: (r) => r.datasets.map((d) => `${d.name} (${d.size}${d.offline ? '*' : ''})`).join(', ') },
    { header: 'metric', value: (r) => r.primaryMetric },
  ];
  io.out(renderText(columns, rows));
  io.out(`\ndatasets without * need --data-dir with the original files; 'actbench tasks --json' has search spaces and settings\n`);
}

/** `k=v` pairs: a hyperparameter of the task, or one of its settings (`--set trainFraction=0.05`). */
function splitOverrides(pairs: string[], settingNames: string[]): { hparams: string[]; settings: HParams } {
  const hparams: string[] = [];
  const settings: HParams = {};
  for (const pair of pairs) {
    const name = pair.split('=')[0]!;
    if (settingNames.includes(name)) settings[name] = pair.slice(name.length + 1);
    else hparams.push(pair);
  }
  return { hparams, settings };
}

function formatScores(scores: Record<string, number>): string {
  return Object.entries(scores)
    .map(([metric, value]) => `${metric} ${value.toFixed(4)}`)
    .join(', ');
}

export interface TrainCommandOptions {
  task: string;
  activation: string;
  dataset?: string;
  dataDir?: string;
  set: string[];
  seed: number;
  splitSeed?: number;
  epochs?: number;
  backend?: string;
  json: boolean;
}

export async function trainCommand(options: TrainCommandOptions, io: Output): Promise<RunResult> {
  const task = (await loadTasks()).get(options.task);
  const { hparams, settings } = splitOverrides(options.set, Object.keys(task.settings ?? {}));
  let overrides: HParams;
  try {
    overrides = parseOverrides(task.searchSpace, hparams);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const backend = await initBackend(options.backend);
  io.err(`backend: ${backend.description}\n`);
  const started = Date.now();
  const result = await runOne({
    task: task.name,
    dataset: options.dataset,
    activation: options.activation,
    hparams: overrides,
    settings,
    seed: options.seed,
    splitSeed: options.splitSeed,
    dataDir: options.dataDir ?? process.env['ACTBENCH_DATA'],
    maxEpochs: options.epochs,
    onEpoch: (record, maxEpochs) => {
      const elapsed = (Date.now() - started) / 1000;
      io.err(`epoch ${record.epoch}/${maxEpochs}  loss ${record.loss.toFixed(4)}  dev ${formatScores(record.dev)}  ${elapsed.toFixed(1)}s\n`);
    },
  });
  if (options.json) {
    const { task: name, dataset, activation, backend: backendName, hparams: used, splitSeed, dev, test, baseline, epochs, seconds, status } = result;
    io.out(`${JSON.stringify({ task: name, dataset, activation, backend: backendName, hparams: used, seed: options.seed, splitSeed, dev, test, baseline, epochs, seconds, status })}\n`);
  } else {
    io.out(
      [
        `${result.task} on ${result.dataset}, ${result.activation} (${result.status}; best dev epoch ${result.bestEpoch} of ${result.epochs}, ${result.seconds.toFixed(1)} s)`,
        `dev:      ${formatScores(result.dev)}`,
        `test:     ${formatScores(result.test)}`,
        `baseline: ${formatScores(result.baseline)} (majority class on test)`,
      ].join('\n') + '\n',
    );
  }
  return result;
}
