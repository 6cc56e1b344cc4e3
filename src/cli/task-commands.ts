// `actbench tasks` and `actbench train`: list the task plugins with their datasets, and train one
// configuration of one task.
import { loadDatasets } from '../data/registry.js';
import { initBackend } from '../backend/backends.js';
import { runOne, type RunResult } from '../engine/run-one.js';
import { renderText, type Column } from '../output/table.js';
import { parseOverrides, type HParams } from '../task/search-space.js';
import { declaredHyperparameters, loadTasks, taskDatasets } from '../task/registry.js';
import type { TaskPlugin } from '../task/types.js';
import type { Dataset } from '../data/types.js';
import { didYouMean, routeSettings, SettingError } from '../plugins/settings.js';
import type { Output } from './activation-commands.js';
import { describeDataset } from './dataset-commands.js';
import { command, positiveInteger, withBackend } from './flags.js';
import { UsageError } from './usage-error.js';

export async function listTasks(options: { json: boolean }, io: Output): Promise<void> {
  const [tasks, datasets] = await Promise.all([loadTasks(), loadDatasets()]);
  const rows = tasks.all.map((task) => ({
    name: task.name,
    group: task.group,
    description: task.description,
    datasets: taskDatasets(task, datasets).map((name) => describeDataset(datasets.get(name))),
    metrics: task.metrics,
    primaryMetric: task.primaryMetric,
    training: task.training,
    searchSpace: task.searchSpace,
    // Hyperparameters a run may fix but a study never samples (the recipes' knobs); {} for most tasks.
    recipeSpace: task.recipeSpace ?? {},
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
    {
      header: 'datasets (size; * = installs offline)',
      value: (r) => r.datasets.map((d) => `${d.name} (${d.size}${d.offline ? '*' : ''})`).join(', '),
    },
    { header: 'metric', value: (r) => r.primaryMetric },
  ];
  io.out(renderText(columns, rows));
  io.out(
    `\ndatasets without * need --data-dir with the original files; 'actbench tasks --json' has search spaces and settings, 'actbench datasets' the datasets' settings\n`,
  );
}

/**
 * `name=value` pairs from --set: a task setting, a dataset setting or a hyperparameter, each
 * name resolved by whoever declares it. An unknown name is one line listing all three.
 */
export function splitOverrides(
  task: TaskPlugin,
  dataset: Dataset,
  pairs: string[],
): { hparams: HParams; settings: HParams; datasetSettings: HParams } {
  const given: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set ${pair}: expected name=value`);
    given[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const declared = declaredHyperparameters(task);
  const hyperparameters = Object.keys(declared).sort();
  try {
    const routed = routeSettings(
      { label: `task '${task.name}'`, declared: task.settings },
      { label: `dataset '${dataset.name}'`, declared: dataset.settings },
      given,
      (name) => hyperparameters.includes(name),
    );
    const hparams = parseOverrides(
      declared,
      Object.entries(routed.other).map(([name, value]) => `${name}=${String(value)}`),
    );
    return { hparams, settings: routed.task, datasetSettings: routed.dataset };
  } catch (error) {
    if (!(error instanceof SettingError)) throw new UsageError(error instanceof Error ? error.message : String(error));
    const name = error.setting;
    if (error.reason !== 'unknown' || name.includes('.')) throw new UsageError(`--set ${name}=${given[name]}: ${error.message}`);
    const settingNames = [...Object.keys(task.settings ?? {}), ...Object.keys(dataset.settings ?? {})];
    throw new UsageError(
      `--set ${name}=${given[name]}: unknown name '${name}'; ${didYouMean(name, [...hyperparameters, ...settingNames])}` +
        `hyperparameters: ${hyperparameters.join(', ')}; task settings: ${Object.keys(task.settings ?? {}).join(', ') || 'none'}; ` +
        `dataset '${dataset.name}' settings: ${Object.keys(dataset.settings ?? {}).join(', ') || 'none'}`,
    );
  }
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
  /** Default true. */
  diagnostics?: boolean;
}

export async function trainCommand(options: TrainCommandOptions, io: Output): Promise<RunResult> {
  const task = (await loadTasks()).get(options.task);
  const datasets = await loadDatasets();
  const dataset = datasets.get(options.dataset ?? task.defaultDataset);
  const { hparams: overrides, settings, datasetSettings } = splitOverrides(task, dataset, options.set);
  const backend = await initBackend(options.backend);
  io.err(`backend: ${backend.description}\n`);
  const started = Date.now();
  const result = await runOne({
    task: task.name,
    dataset: options.dataset,
    activation: options.activation,
    hparams: overrides,
    settings,
    datasetSettings,
    seed: options.seed,
    splitSeed: options.splitSeed,
    dataDir: options.dataDir ?? process.env['ACTBENCH_DATA'],
    maxEpochs: options.epochs,
    diagnostics: options.diagnostics ?? true,
    onEpoch: (record, maxEpochs) => {
      const elapsed = (Date.now() - started) / 1000;
      io.err(
        `epoch ${record.epoch}/${maxEpochs}  loss ${record.loss.toFixed(4)}  dev ${formatScores(record.dev)}  ${elapsed.toFixed(1)}s\n`,
      );
    },
  });
  if (options.json) {
    const {
      task: name,
      dataset,
      activation,
      backend: backendName,
      hparams: used,
      settings: taskSettings,
      splitSeed,
      dev,
      test,
      baseline,
      epochs,
      seconds,
      status,
      diagnostics,
    } = result;
    io.out(
      `${JSON.stringify({ task: name, dataset, activation, backend: backendName, hparams: used, settings: taskSettings, datasetSettings, seed: options.seed, splitSeed, dev, test, baseline, epochs, seconds, status, ...(diagnostics ? { diagnostics } : {}) })}\n`,
    );
  } else {
    io.out(
      [
        `${result.task} on ${result.dataset}, ${result.activation} (${result.status}; best dev epoch ${result.bestEpoch} of ${result.epochs}, ${result.seconds.toFixed(1)} s)`,
        ...(Object.keys(datasetSettings).length > 0
          ? [
              `dataset settings: ${Object.entries(datasetSettings)
                .map(([key, value]) => `${key}=${String(value)}`)
                .join(', ')}`,
            ]
          : []),
        `dev:      ${formatScores(result.dev)}`,
        `test:     ${formatScores(result.test)}`,
        `baseline: ${formatScores(result.baseline)} (majority class on test)`,
      ].join('\n') + '\n',
    );
  }
  return result;
}

/** `actbench tasks` and `actbench train`, flags beside handlers. */
export function taskCommands(io: Output) {
  return {
    tasks: command({
      command: 'tasks',
      describe: 'list the tasks and their datasets',
      builder: (y) =>
        y.option('json', { type: 'boolean', default: false, describe: 'print a JSON array of { name, group, datasets, ... }' }),
      handler: async (args) => listTasks({ json: args.json }, io),
    }),
    train: command({
      command: 'train',
      describe: 'train one configuration of a task and print dev and test scores',
      builder: (y) =>
        withBackend(y)
          .option('task', { type: 'string', demandOption: true, describe: 'task name (actbench tasks)' })
          .option('activation', { type: 'string', demandOption: true, describe: 'activation name or alias' })
          .option('dataset', { type: 'string', describe: "dataset (default: the task's first)" })
          .option('data-dir', { type: 'string', describe: 'folder with the original files (or ACTBENCH_DATA)' })
          .option('set', {
            type: 'string',
            array: true,
            default: [] as string[],
            describe: 'hyperparameter, task setting or dataset setting, name=value (repeatable)',
          })
          .option('encoding', {
            type: 'string',
            describe: "the data files' text encoding: auto | utf8 | latin1 (the dataset setting encoding=…)",
          })
          .option('seed', {
            type: 'string',
            default: '1',
            describe: 'seed for initial weights, dropout and batch order (and the split, unless --split-seed)',
          })
          .option('split-seed', { type: 'string', describe: 'seed for the train/dev/test split (default: --seed)' })
          .option('epochs', { type: 'string', describe: "at most this many epochs (default: the task's maximum)" })
          .option('diagnostics', {
            type: 'boolean',
            default: true,
            describe: 'probe-batch diagnostics (gradient norms, dead and saturated units); --no-diagnostics turns them off',
          })
          .option('json', { type: 'boolean', default: false, describe: 'print one JSON object as the last line' }),
      handler: async (args) => {
        await trainCommand(
          {
            task: args.task,
            activation: args.activation,
            dataset: args.dataset,
            dataDir: args['data-dir'],
            set: [...args.set.map(String), ...(args.encoding === undefined ? [] : [`encoding=${args.encoding}`])],
            seed: positiveInteger(args.seed, '--seed'),
            splitSeed: args['split-seed'] === undefined ? undefined : positiveInteger(args['split-seed'], '--split-seed'),
            epochs: args.epochs === undefined ? undefined : positiveInteger(args.epochs, '--epochs'),
            backend: args.backend,
            json: args.json,
            diagnostics: args.diagnostics,
          },
          io,
        );
      },
    }),
  };
}
