// Reading and validating study specifications. A spec is plain data (JSON or YAML, never code);
// validation resolves every name against the registries and rejects any problem with one line
// naming the origin and the field path, so a typo fails in a second instead of after hours.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { loadActivations } from '../activation/registry.js';
import { BACKEND_NAMES } from '../backend/backends.js';
import { loadDatasets } from '../data/registry.js';
import type { Dataset } from '../data/types.js';
import { matchSetting, nonDefaultSettings, routeSettings, SettingError } from '../plugins/settings.js';
import { declaredHyperparameters, loadTasks, taskDatasets } from '../task/registry.js';
import { acceptedValues, checkParam, type HParams, type ParamSpec, type ParamValue, type SearchSpace } from '../task/search-space.js';
import type { TaskPlugin } from '../task/types.js';
import { echo } from '../util/echo.js';
import { closestNames } from '../util/suggest.js';
import type { MiniExperimentSpec, StudySpec } from './types.js';
import { InputError } from '../util/input-error.js';

/** A mini-experiment as a user writes it: everything but the task may be left out. */
export interface RawMiniExperiment {
  task: string;
  dataset?: string;
  settings?: Record<string, ParamValue>;
  fixed?: Record<string, ParamValue>;
  /** Narrower ranges or fewer choices than the task's search space, for sampling (kind may be left out). */
  space?: Record<string, Record<string, unknown>>;
  maxEpochs?: number;
  limit?: number;
  id?: string;
}

/** A study as a user writes it (file or preset), before names are resolved and defaults filled. */
export interface RawStudySpec {
  name?: string;
  /** Activation names, aliases or groups (study21, all, elementwise); one string is a list of one. */
  activations: string | string[];
  miniExperiments: RawMiniExperiment[];
  configurations: number;
  repeats: number;
  seed: number;
  splitSeed?: number;
  splits?: number;
  backend?: string;
  timeLimitSeconds?: number;
  dataDir?: string;
  /** Per-run diagnostics in the ledger (default true). */
  diagnostics?: boolean;
}

/** A spec problem; the message is one line: origin, field path, problem, valid choices. */
export class StudySpecError extends InputError {
  override name = 'StudySpecError';
}

/** An hour: generous for one configuration on a CPU backend, short enough to notice a hang. */
export const DEFAULT_TIME_LIMIT_SECONDS = 3600;

const STUDY_FIELDS = [
  'name',
  'activations',
  'miniExperiments',
  'configurations',
  'repeats',
  'seed',
  'splitSeed',
  'splits',
  'backend',
  'timeLimitSeconds',
  'dataDir',
  'diagnostics',
] as const;
const MINI_EXPERIMENT_FIELDS = ['task', 'dataset', 'settings', 'fixed', 'space', 'maxEpochs', 'limit', 'id'] as const;
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/=,+-]*$/;

type Fail = (field: string, problem: string) => never;

function failer(origin: string): Fail {
  return (field, problem) => {
    throw new StudySpecError(`${origin}: ${field}: ${oneLine(problem)}`);
  };
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function show(value: unknown): string {
  if (typeof value === 'string') return echo(value);
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hint(name: string, candidates: readonly string[]): string {
  // closestNames compares lowercased names; camelCase fields would never match their prefix.
  const close = closestNames(
    name,
    candidates.map((c) => c.toLowerCase()),
  ).map((lower) => candidates.find((c) => c.toLowerCase() === lower)!);
  return close.length > 0 ? `did you mean ${close.join(', ')}? valid: ${candidates.join(', ')}` : `valid: ${candidates.join(', ')}`;
}

function rejectUnknownFields(value: Record<string, unknown>, allowed: readonly string[], prefix: string, fail: Fail): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) fail(`${prefix}${key}`, `unknown field; ${hint(key, allowed)}`);
  }
}

function requireInteger(value: unknown, field: string, min: number, fail: Fail): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) fail(field, `${show(value)} is not an integer`);
  if (value < min) fail(field, `${value} must be at least ${min}`);
  return value;
}

function requireString(value: unknown, field: string, fail: Fail): string {
  if (typeof value !== 'string' || value.trim() === '') fail(field, `${show(value)} is not a non-empty string`);
  return value;
}

/**
 * A mini-experiment's `settings`: each name goes to the task or to its dataset, whichever
 * declares it (the one resolver of src/plugins/settings.ts); the dataset's are kept only where
 * they differ from its defaults.
 */
function parseSettings(
  task: TaskPlugin,
  dataset: Dataset,
  value: unknown,
  field: string,
  fail: Fail,
): { settings: HParams; datasetSettings: HParams } {
  if (value !== undefined && !isRecord(value)) fail(field, `expected a mapping of setting: value, got ${show(value)}`);
  try {
    const routed = routeSettings(
      { label: `task '${task.name}'`, declared: task.settings },
      { label: `dataset '${dataset.name}'`, declared: dataset.settings },
      value ?? {},
    );
    return { settings: routed.task, datasetSettings: nonDefaultSettings(dataset.settings, routed.dataset) };
  } catch (error) {
    if (error instanceof SettingError) fail(`${field}.${error.setting}`, error.message);
    throw error;
  }
}

function parseFixed(task: TaskPlugin, value: unknown, field: string, fail: Fail): HParams {
  if (value === undefined) return {};
  if (!isRecord(value)) fail(field, `expected a mapping of hyperparameter: value, got ${show(value)}`);
  const hyperparameters = declaredHyperparameters(task);
  const names = Object.keys(hyperparameters).sort();
  const fixed: HParams = {};
  for (const [key, raw] of Object.entries(value)) {
    const spec = hyperparameters[key];
    if (!spec) fail(`${field}.${key}`, `'${key}' is not a hyperparameter of task '${task.name}'; ${hint(key, names)}`);
    let parsed: ParamValue | undefined;
    if (spec.kind === 'choice') {
      parsed = matchSetting(raw, acceptedValues(spec));
      if (parsed === undefined) fail(`${field}.${key}`, `${show(raw)} is not allowed; choose ${acceptedValues(spec).join(', ')}`);
    } else if (spec.kind === 'fractions') {
      if (typeof raw !== 'string') fail(`${field}.${key}`, `${show(raw)} is not a string of comma-separated fractions, e.g. '0.3,0.6,0.8'`);
      parsed = raw;
    } else {
      if (typeof raw !== 'number') fail(`${field}.${key}`, `${show(raw)} is not a number`);
      parsed = raw;
    }
    const problem = checkParam(key, spec, parsed);
    if (problem) fail(`${field}.${key}`, problem);
    fixed[key] = parsed;
  }
  return fixed;
}

/**
 * A narrowed search space: per hyperparameter of the task, a sub-range of the same kind (`min`,
 * `max`; `log` for ints) or a subset of the choices (`values`). `kind` may be left out (the
 * task's); a hyperparameter may not be both fixed and narrowed.
 */
function parseSpace(task: TaskPlugin, value: unknown, fixed: HParams, field: string, fail: Fail): SearchSpace | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value)) fail(field, `expected a mapping of hyperparameter: {min, max} or {values}, got ${show(value)}`);
  const names = Object.keys(task.searchSpace).sort();
  const space: SearchSpace = {};
  for (const [key, raw] of Object.entries(value)) {
    const where = `${field}.${key}`;
    const declared = task.searchSpace[key];
    if (!declared) fail(where, `'${key}' is not a hyperparameter of task '${task.name}'; ${hint(key, names)}`);
    if (key in fixed) fail(where, `'${key}' is also fixed; give it in fixed or in space, not both`);
    if (!isRecord(raw))
      fail(where, declared.kind === 'choice' ? `expected {values: [...]}, got ${show(raw)}` : `expected {min, max}, got ${show(raw)}`);
    if (raw['kind'] !== undefined && raw['kind'] !== declared.kind)
      fail(`${where}.kind`, `${show(raw['kind'])} differs from the task's kind '${declared.kind}'`);
    if (declared.kind === 'choice') {
      rejectUnknownFields(raw, ['kind', 'values'], `${where}.`, fail);
      const given = raw['values'];
      const accepted = acceptedValues(declared);
      if (!Array.isArray(given) || given.length === 0)
        fail(`${where}.values`, `expected a non-empty list, a subset of ${accepted.join(', ')}`);
      const values: ParamValue[] = [];
      given.forEach((entry: unknown, index) => {
        const match = matchSetting(entry, accepted);
        if (match === undefined) fail(`${where}.values[${index}]`, `${show(entry)} is not one of the task's ${accepted.join(', ')}`);
        if (values.includes(match)) fail(`${where}.values[${index}]`, `${show(entry)} is given twice`);
        values.push(match);
      });
      space[key] = { kind: 'choice', values };
      continue;
    }
    if (declared.kind === 'fractions') fail(where, `'${key}' is never sampled; give it in fixed`);
    rejectUnknownFields(raw, declared.kind === 'int' ? ['kind', 'min', 'max', 'log'] : ['kind', 'min', 'max'], `${where}.`, fail);
    const bound = (name: 'min' | 'max'): number => {
      const given = raw[name] ?? declared[name];
      if (typeof given !== 'number' || !Number.isFinite(given)) fail(`${where}.${name}`, `${show(given)} is not a number`);
      if (declared.kind === 'int' && !Number.isInteger(given)) fail(`${where}.${name}`, `${given} is not an integer`);
      if (given < declared.min || given > declared.max)
        fail(`${where}.${name}`, `${given} is outside the task's [${declared.min}, ${declared.max}]`);
      return given;
    };
    const min = bound('min');
    const max = bound('max');
    if (min > max) fail(where, `min ${min} is above max ${max}`);
    if (declared.kind === 'int') {
      const log = raw['log'] ?? declared.log;
      if (log !== undefined && typeof log !== 'boolean') fail(`${where}.log`, `${show(log)} is not true or false`);
      space[key] = { kind: 'int', min, max, ...(log === true ? { log } : {}) };
    } else {
      space[key] = { kind: declared.kind, min, max } as ParamSpec;
    }
  }
  return space;
}

/**
 * The default id names what distinguishes the mini-experiment: task, dataset and the settings,
 * the task's and the dataset's, that differ from their defaults, in name order (so a plugin
 * gaining a new setting keeps old ids, and with them the sampled configurations, which are
 * seeded from the id).
 */
function defaultId(task: TaskPlugin, dataset: string, settings: HParams, datasetSettings: HParams): string {
  const declared = task.settings ?? {};
  const changed = Object.keys(settings)
    .filter((key) => declared[key] === undefined || String(declared[key].default) !== String(settings[key]))
    .map((key) => [key, `${key}=${String(settings[key])}`])
    // Dataset settings name what data the jobs read, as task settings name what they do with it.
    .concat(Object.keys(datasetSettings).map((key) => [key, `${key in declared ? 'dataset.' : ''}${key}=${String(datasetSettings[key])}`]))
    .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0))
    .map(([, text]) => text!);
  return [task.name, dataset, ...(changed.length > 0 ? [changed.join(',')] : [])].join('/');
}

interface Registries {
  tasks: Awaited<ReturnType<typeof loadTasks>>;
  datasets: Awaited<ReturnType<typeof loadDatasets>>;
}

function parseMiniExperiment(raw: unknown, index: number, registries: Registries, hasDataDir: boolean, fail: Fail): MiniExperimentSpec {
  const prefix = `miniExperiments[${index}]`;
  if (!isRecord(raw))
    fail(prefix, `expected a mapping with task and optionally ${MINI_EXPERIMENT_FIELDS.slice(1).join(', ')}; got ${show(raw)}`);
  rejectUnknownFields(raw, MINI_EXPERIMENT_FIELDS, `${prefix}.`, fail);

  if (raw['task'] === undefined) fail(`${prefix}.task`, `missing; choose ${registries.tasks.all.map((t) => t.name).join(', ')}`);
  const taskName = requireString(raw['task'], `${prefix}.task`, fail);
  const taskNames = registries.tasks.all.map((t) => t.name);
  if (!taskNames.includes(taskName.toLowerCase())) fail(`${prefix}.task`, `unknown task '${taskName}'; ${hint(taskName, taskNames)}`);
  const task = registries.tasks.get(taskName);

  let dataset = task.defaultDataset;
  if (raw['dataset'] !== undefined) {
    const given = requireString(raw['dataset'], `${prefix}.dataset`, fail);
    const names = taskDatasets(task, registries.datasets);
    if (!names.includes(given)) fail(`${prefix}.dataset`, `'${given}' is not a dataset of task '${task.name}'; ${hint(given, names)}`);
    dataset = given;
  }
  // Only datasets that install with npm can run without the original files; catching this here
  // saves a study whose every job would fail on a missing folder.
  if (!registries.datasets.get(dataset).offline && !hasDataDir) {
    fail(
      `${prefix}.dataset`,
      `'${dataset}' is read from its original files, which are not installed: set dataDir (--data-dir) to the folder holding them, or pick an offline dataset`,
    );
  }

  const { settings, datasetSettings } = parseSettings(task, registries.datasets.get(dataset), raw['settings'], `${prefix}.settings`, fail);
  const fixed = parseFixed(task, raw['fixed'], `${prefix}.fixed`, fail);
  const space = parseSpace(task, raw['space'], fixed, `${prefix}.space`, fail);
  const experiment: MiniExperimentSpec = {
    id: raw['id'] === undefined ? defaultId(task, dataset, settings, datasetSettings) : requireString(raw['id'], `${prefix}.id`, fail),
    task: task.name,
    dataset,
    settings,
    fixed,
  };
  if (Object.keys(datasetSettings).length > 0) experiment.datasetSettings = datasetSettings;
  if (space !== undefined) experiment.space = space;
  if (!ID_PATTERN.test(experiment.id))
    fail(`${prefix}.id`, `'${experiment.id}' may hold only letters, digits and . _ / = , + - (starting with a letter or digit)`);
  if (raw['maxEpochs'] !== undefined) experiment.maxEpochs = requireInteger(raw['maxEpochs'], `${prefix}.maxEpochs`, 1, fail);
  if (raw['limit'] !== undefined) experiment.limit = requireInteger(raw['limit'], `${prefix}.limit`, 1, fail);
  return experiment;
}

function parseActivations(value: unknown, registry: Awaited<ReturnType<typeof loadActivations>>, fail: Fail): string[] {
  const groups = ['study21', 'all', 'elementwise'];
  if (value === undefined) fail('activations', `missing; give activation names or groups (${groups.join(', ')})`);
  const entries = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(entries) || entries.length === 0)
    fail('activations', `expected a non-empty list of activation names or groups (${groups.join(', ')})`);
  const names: string[] = [];
  entries.forEach((entry: unknown, index) => {
    const field = typeof value === 'string' ? 'activations' : `activations[${index}]`;
    const name = requireString(entry, field, fail);
    if (!groups.includes(name) && !registry.has(name)) {
      const known = [...groups, ...registry.all.map((a) => a.name)];
      const close = closestNames(name, [...known, ...registry.all.flatMap((a) => a.aliases)]);
      fail(
        field,
        `unknown activation '${name}'; ${close.length > 0 ? `did you mean ${close.join(', ')}? ` : ''}valid: ${known.join(', ')} (and their aliases: 'actbench activations')`,
      );
    }
    for (const expanded of registry.expand([name])) if (!names.includes(expanded)) names.push(expanded);
  });
  return names;
}

/** Checks raw spec data (parsed from a file or a preset) and returns it normalised; `origin` starts every message. */
export async function validateStudySpec(raw: unknown, origin: string): Promise<StudySpec> {
  const fail: Fail = failer(origin);
  if (raw === null || raw === undefined)
    throw new StudySpecError(`${origin}: the spec is empty; expected a mapping with ${STUDY_FIELDS.join(', ')}`);
  if (!isRecord(raw)) throw new StudySpecError(`${origin}: expected a mapping with ${STUDY_FIELDS.join(', ')}; got ${show(raw)}`);
  rejectUnknownFields(raw, STUDY_FIELDS, '', fail);
  const [activationRegistry, tasks, datasets] = await Promise.all([loadActivations(), loadTasks(), loadDatasets()]);

  const fallbackName = path.parse(path.basename(origin)).name;
  const name =
    raw['name'] === undefined ? (/^[\w.-]+$/.test(fallbackName) ? fallbackName : 'study') : requireString(raw['name'], 'name', fail);
  const activations = parseActivations(raw['activations'], activationRegistry, fail);

  for (const field of ['configurations', 'repeats', 'seed'] as const) {
    if (raw[field] === undefined)
      fail(
        field,
        field === 'seed'
          ? 'missing; give an integer (it fixes every sampled configuration and repeat seed)'
          : 'missing; give a positive integer',
      );
  }
  const configurations = requireInteger(raw['configurations'], 'configurations', 1, fail);
  const repeats = requireInteger(raw['repeats'], 'repeats', 1, fail);
  const seed = requireInteger(raw['seed'], 'seed', 0, fail);
  const splitSeed = raw['splitSeed'] === undefined ? undefined : requireInteger(raw['splitSeed'], 'splitSeed', 0, fail);
  const splits = raw['splits'] === undefined ? 1 : requireInteger(raw['splits'], 'splits', 1, fail);

  let backend: string | undefined;
  if (raw['backend'] !== undefined) {
    backend = requireString(raw['backend'], 'backend', fail);
    if (!(BACKEND_NAMES as readonly string[]).includes(backend))
      fail('backend', `unknown backend '${backend}'; choose ${BACKEND_NAMES.join(', ')} (or leave it out for the first that works)`);
  }

  let timeLimitSeconds = DEFAULT_TIME_LIMIT_SECONDS;
  if (raw['timeLimitSeconds'] !== undefined) {
    const value = raw['timeLimitSeconds'];
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
      fail('timeLimitSeconds', `${show(value)} is not a positive number of seconds`);
    timeLimitSeconds = value;
  }

  let dataDir: string | undefined;
  if (raw['dataDir'] !== undefined) {
    dataDir = path.resolve(requireString(raw['dataDir'], 'dataDir', fail));
    const info = await stat(dataDir).catch(() => undefined);
    if (!info?.isDirectory()) fail('dataDir', `'${dataDir}' is not a folder`);
  }

  const diagnostics = raw['diagnostics'];
  if (diagnostics !== undefined && typeof diagnostics !== 'boolean') fail('diagnostics', `${show(diagnostics)} is not true or false`);

  const list = raw['miniExperiments'];
  if (list === undefined)
    fail(
      'miniExperiments',
      `missing; give a list of {task, dataset?, settings?, fixed?, space?, maxEpochs?, limit?, id?}; tasks: ${tasks.all.map((t) => t.name).join(', ')}`,
    );
  if (!Array.isArray(list) || list.length === 0)
    fail(
      'miniExperiments',
      `expected a non-empty list of {task, dataset?, settings?, fixed?, space?, maxEpochs?, limit?, id?}; got ${show(list)}`,
    );
  const miniExperiments = list.map((entry: unknown, index) =>
    parseMiniExperiment(entry, index, { tasks, datasets }, dataDir !== undefined, fail),
  );
  const firstIndex = new Map<string, number>();
  miniExperiments.forEach((experiment, index) => {
    const earlier = firstIndex.get(experiment.id);
    if (earlier !== undefined)
      fail(`miniExperiments[${index}].id`, `'${experiment.id}' is also the id of miniExperiments[${earlier}]; give each a distinct id`);
    firstIndex.set(experiment.id, index);
  });

  const spec: StudySpec = { name, activations, miniExperiments, configurations, repeats, seed, timeLimitSeconds };
  if (splits > 1) spec.splits = splits;
  if (splitSeed !== undefined) spec.splitSeed = splitSeed;
  if (backend !== undefined) spec.backend = backend;
  if (dataDir !== undefined) spec.dataDir = dataDir;
  // Only an explicit "off" is written, so specs saved before the field existed compare equal.
  if (diagnostics === false) spec.diagnostics = false;
  return spec;
}

function jsonErrorPosition(text: string, message: string): string {
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return `${lineColumn[1]}:${lineColumn[2]}`;
  const position = /position (\d+)/.exec(message);
  if (!position) return '';
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  return `${line}:${before.length - before.lastIndexOf('\n')}`;
}

function parseData(text: string, file: string): unknown {
  const extension = path.extname(file).toLowerCase();
  const json = extension === '.json' || (extension !== '.yaml' && extension !== '.yml' && /^\s*[[{]/.test(text));
  if (json) {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      const message = (error as Error).message;
      const where = jsonErrorPosition(text, message);
      throw new StudySpecError(
        `${file}${where ? `:${where}` : ''}: invalid JSON: ${oneLine(message.replace(/ in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)/, ''))}`,
      );
    }
  }
  // The core schema knows no tags that build objects or run code: a spec stays plain data.
  const document = YAML.parseDocument(text, { schema: 'core', uniqueKeys: true, prettyErrors: true });
  const problem = document.errors[0] ?? document.warnings[0];
  if (problem) {
    const where = problem.linePos?.[0];
    // prettyErrors appends the position and an excerpt of the source; the prefix says where.
    const message = (problem.message.split('\n')[0] ?? problem.message).replace(/ at line \d+, column \d+:?$/, '');
    throw new StudySpecError(`${file}${where ? `:${where.line}:${where.col}` : ''}: invalid YAML: ${oneLine(message)}`);
  }
  return document.toJS({ maxAliasCount: 100 }) as unknown;
}

/**
 * Parses a spec file's text (JSON or YAML, by extension, else by content) and validates it;
 * `overrides` (the command line's --backend, --data-dir) replace top-level fields first, since a
 * spec of original-format datasets is only valid with its data folder.
 */
export async function parseStudySpec(text: string, file: string, overrides: Partial<RawStudySpec> = {}): Promise<StudySpec> {
  const raw = parseData(text, file);
  return validateStudySpec(isRecord(raw) ? { ...raw, ...overrides } : raw, file);
}
