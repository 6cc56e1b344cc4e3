// `actbench datasets`: every dataset plugin with its group, size, whether it installs offline,
// its settings and the tasks that take it; also the per-dataset entry `actbench tasks` shows.
import { loadDatasets } from '../data/registry.js';
import type { Dataset } from '../data/types.js';
import { renderText, type Column } from '../output/table.js';
import type { SettingDeclarations } from '../plugins/settings.js';
import { loadTasks, taskDatasets } from '../task/registry.js';
import type { Output } from './activation-commands.js';
import { command } from './flags.js';

export interface DatasetDescription {
  name: string;
  group: string;
  kind: Dataset['kind'];
  size: number;
  offline: boolean;
  source: string;
  split: string;
  settings: SettingDeclarations;
}

export function describeDataset(dataset: Dataset): DatasetDescription {
  return {
    name: dataset.name,
    group: dataset.group,
    kind: dataset.kind,
    size: dataset.size,
    offline: dataset.offline,
    source: dataset.source,
    split: dataset.splitDescription,
    settings: dataset.settings ?? {},
  };
}

/** "tagset=universal|fine": a setting's choices, its default first. */
function settingSummary(settings: SettingDeclarations): string {
  return Object.entries(settings)
    .map(([name, setting]) => `${name}=${[setting.default, ...setting.values.filter((value) => value !== setting.default)].join('|')}`)
    .join(' ');
}

export async function listDatasets(options: { json: boolean }, io: Output): Promise<void> {
  const [tasks, datasets] = await Promise.all([loadTasks(), loadDatasets()]);
  const rows = datasets.all.map((dataset) => ({
    ...describeDataset(dataset),
    tasks: tasks.all.filter((task) => taskDatasets(task, datasets).includes(dataset.name)).map((task) => task.name),
  }));
  if (options.json) {
    io.out(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  const columns: Column<(typeof rows)[number]>[] = [
    { header: 'dataset', value: (r) => r.name },
    { header: 'group', value: (r) => r.group },
    { header: 'size', value: (r) => r.size, numeric: true },
    { header: 'offline', value: (r) => (r.offline ? 'yes' : 'no') },
    { header: 'tasks', value: (r) => r.tasks.join(', ') },
    { header: 'settings (default first)', value: (r) => settingSummary(r.settings) },
  ];
  io.out(renderText(columns, rows));
  io.out(
    `\noffline 'no': pass --data-dir with the original files; settings go in --set name=value or a spec's settings; 'actbench datasets --json' has sources, splits and descriptions\n`,
  );
}

/** `actbench datasets`, its flag beside its handler. */
export function datasetCommands(io: Output) {
  return {
    datasets: command({
      command: 'datasets',
      describe: 'list the datasets: group, size, offline or not, settings, the tasks that take them',
      builder: (y) =>
        y.option('json', {
          type: 'boolean',
          default: false,
          describe: 'print a JSON array of { name, group, kind, size, offline, settings, tasks, ... }',
        }),
      handler: async (args) => {
        await listDatasets({ json: args.json }, io);
      },
    }),
  };
}
