// Turns a study spec into its jobs. Everything here is a pure function of the spec, so every
// runner, worker, shard and resume computes the same jobs with the same keys and seeds.
import { createHash } from 'node:crypto';
import { loadTasks } from '../task/registry.js';
import { sampleConfiguration, type HParams } from '../task/search-space.js';
import { seededRandom } from '../util/random.js';
import type { Job, MiniExperimentSpec, StudySpec } from './types.js';

/**
 * Bumped only when the meaning of keys or seeds changes on purpose: old ledgers then stop
 * matching instead of silently mixing results of different jobs. Scheme 2: the data split is
 * the mini-experiment's (splitSeed), no longer drawn from each job's seed.
 */
export const KEY_SCHEME = 2;
const SCHEME = `actbench-study/${KEY_SCHEME}`;

/** JSON with object keys sorted at every level, so equal data always hashes equally. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function sha256(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** A 31-bit seed from a hash of its ingredients: unrelated streams, and safe as a tfjs seed. */
function derivedSeed(...parts: (string | number)[]): number {
  return parseInt(sha256([SCHEME, ...parts]).slice(0, 8), 16) & 0x7fffffff;
}

/** What makes a mini-experiment's jobs what they are (its id only names it). */
function experimentContent(experiment: MiniExperimentSpec): Record<string, unknown> {
  return {
    task: experiment.task,
    dataset: experiment.dataset,
    settings: experiment.settings,
    datasetSettings: experiment.datasetSettings,
    fixed: experiment.fixed,
    space: experiment.space,
    maxEpochs: experiment.maxEpochs,
    limit: experiment.limit,
  };
}

/**
 * The configurations of one mini-experiment: one stream seeded from the study seed and the
 * mini-experiment id, so they do not depend on the activation list or on the other
 * mini-experiments, and raising `configurations` only appends. Every key of the search space is
 * drawn even when fixed, so fixing one hyperparameter leaves the others' draws unchanged; a
 * narrowed `space` replaces the task's range or choices of the keys it names.
 */
export async function sampleConfigurations(spec: StudySpec, experiment: MiniExperimentSpec): Promise<HParams[]> {
  const task = (await loadTasks()).get(experiment.task);
  const space = { ...task.searchSpace, ...experiment.space };
  const random = seededRandom(derivedSeed('configurations', spec.seed, experiment.id));
  return Array.from({ length: spec.configurations }, () => ({ ...sampleConfiguration(space, random), ...experiment.fixed }));
}

/**
 * The seed of one repeat: shared by every activation (same initial draw, dropout masks and batch
 * order) and by every split of the configuration, so splits and seeds are crossed.
 */
export function repeatSeed(spec: StudySpec, experiment: MiniExperimentSpec, configIndex: number, repeat: number): number {
  return derivedSeed('repeat', spec.seed, experiment.id, configIndex, repeat);
}

/** Data splits per mini-experiment: the spec's `splits`, 1 when it gives none. */
export function splitCount(spec: Pick<StudySpec, 'splits'>): number {
  return spec.splits ?? 1;
}

/**
 * The seed of split `splitIndex` of a mini-experiment: the spec's splitSeed for the first split
 * when it gives one, else drawn from the study seed and the mini-experiment id. Every
 * configuration, repeat and activation of the mini-experiment trains, selects and tests on it.
 */
export function splitSeedOf(spec: StudySpec, experiment: MiniExperimentSpec, splitIndex: number): number {
  if (spec.splitSeed !== undefined) return splitIndex === 0 ? spec.splitSeed : derivedSeed('split', spec.splitSeed, splitIndex);
  return derivedSeed('split', spec.seed, experiment.id, splitIndex);
}

/** A pair the plan leaves out because the task cannot use the activation (E18 did the same). */
export interface SkippedPair {
  miniExperiment: string;
  activation: string;
  reason: string;
}

/** The (mini-experiment, activation) pairs planJobs leaves out, for the plan's summary. */
export async function skippedPairs(spec: StudySpec): Promise<SkippedPair[]> {
  const tasks = await loadTasks();
  return spec.miniExperiments.flatMap((experiment) => {
    const excluded = tasks.get(experiment.task).excludedActivations ?? [];
    return spec.activations
      .filter((activation) => excluded.includes(activation))
      .map((activation) => ({
        miniExperiment: experiment.id,
        activation,
        reason: `task '${experiment.task}' does not use activation '${activation}'`,
      }));
  });
}

/**
 * Every job of the study, ordered mini-experiment → configuration → split → repeat → activation,
 * so that a partial run has compared activations on the same configurations early. Activations a
 * task excludes are left out (see skippedPairs).
 */
export async function planJobs(spec: StudySpec): Promise<Job[]> {
  const tasks = await loadTasks();
  const jobs: Job[] = [];
  for (const experiment of spec.miniExperiments) {
    const excluded = tasks.get(experiment.task).excludedActivations ?? [];
    const activations = spec.activations.filter((activation) => !excluded.includes(activation));
    const configurations = await sampleConfigurations(spec, experiment);
    const content = experimentContent(experiment);
    const splitSeeds = Array.from({ length: splitCount(spec) }, (_, splitIndex) => splitSeedOf(spec, experiment, splitIndex));
    configurations.forEach((hparams, configIndex) => {
      splitSeeds.forEach((splitSeed, splitIndex) => {
        for (let repeat = 0; repeat < spec.repeats; repeat++) {
          const seed = repeatSeed(spec, experiment, configIndex, repeat);
          for (const activation of activations) {
            const key = sha256({ scheme: SCHEME, ...content, hparams, configIndex, splitIndex, splitSeed, repeat, seed, activation }).slice(
              0,
              32,
            );
            jobs.push({
              key,
              miniExperiment: experiment.id,
              activation,
              configIndex,
              repeat,
              hparams: { ...hparams },
              seed,
              splitIndex,
              splitSeed,
            });
          }
        }
      });
    });
  }
  return jobs;
}

/**
 * What two ledgers must share to be merged or resumed together. The activation list is left
 * out on purpose: a finished study may gain activations, and the old records stay valid.
 */
export function specHash(spec: StudySpec): string {
  return sha256({
    scheme: SCHEME,
    seed: spec.seed,
    splitSeed: spec.splitSeed,
    // Only when asked for: a one-split spec hashes the same whether or not it spells `splits: 1`.
    splits: splitCount(spec) > 1 ? spec.splits : undefined,
    configurations: spec.configurations,
    repeats: spec.repeats,
    miniExperiments: spec.miniExperiments.map((experiment) => ({ id: experiment.id, ...experimentContent(experiment) })),
  }).slice(0, 32);
}

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** Parses `i/n` (1 ≤ i ≤ n), as Slurm array and Kubernetes indexed jobs can pass it. */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match) throw new Error(`--shard ${text}: expected i/n, e.g. 1/4 (the first of four shards)`);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1) throw new Error(`--shard ${text}: the shard count must be at least 1`);
  if (index < 1 || index > count) throw new Error(`--shard ${text}: the shard index must be between 1 and ${count}`);
  return { index, count };
}

/**
 * The jobs of shard `index` (1-based) of `count`. Assignment depends on each job's key alone,
 * never on the rest of the list, so a study that gains activations keeps every old job in the
 * shard that already ran it.
 */
export function shardJobs(jobs: readonly Job[], index: number, count: number): Job[] {
  if (!Number.isInteger(count) || count < 1) throw new Error(`shard count ${count} must be a positive integer`);
  if (!Number.isInteger(index) || index < 1 || index > count) throw new Error(`shard index ${index} must be between 1 and ${count}`);
  return jobs.filter((job) => parseInt(job.key.slice(0, 8), 16) % count === index - 1);
}
