// A study as Redis holds it for the queue: its spec under one key per study name (so a worker on
// any machine needs only the URL), the set of study names that workers serve, the BullMQ queue of
// its jobs (queue `actbench-<study>`, job id = job key), and the set of job keys already
// collected into a ledger (a collected job is removed from the queue; the set keeps a later push
// from queueing it again).
import type { Redis } from 'ioredis';
import { specHash } from '../study/plan.js';
import type { Job, StudySpec } from '../study/types.js';
import { ClusterSetupError } from './cluster-error.js';

/** Letters, digits, '.', '_' and '-': safe in Redis keys, BullMQ queue names and file names. */
const STUDY_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const STUDIES_KEY = 'actbench:studies';

/** What a queued BullMQ job carries: enough to find its spec and train it. */
export interface QueuedJob {
  study: string;
  specHash: string;
  job: Job;
}

export interface StoredStudy {
  spec: StudySpec;
  specHash: string;
}

export function checkStudyName(name: string, flag = '--study'): string {
  if (!STUDY_NAME_PATTERN.test(name)) {
    throw new ClusterSetupError(
      `${flag} '${name}': a study name is 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit`,
    );
  }
  return name;
}

export function queueName(study: string): string {
  return `actbench-${study}`;
}

function specKey(study: string): string {
  return `actbench:study:${study}:spec`;
}

export function collectedKey(study: string): string {
  return `actbench:study:${study}:collected`;
}

export async function loadStudy(redis: Redis, study: string): Promise<StoredStudy | null> {
  const text = await redis.get(specKey(study));
  if (text === null) return null;
  return JSON.parse(text) as StoredStudy;
}

/**
 * Stores the spec under the study name. The same study again (same spec hash; it may have gained
 * activations) replaces the stored spec; a different study under the same name is refused, since
 * its jobs would mix with the other's in one queue.
 */
export async function saveStudy(redis: Redis, study: string, spec: StudySpec): Promise<StoredStudy> {
  const hash = specHash(spec);
  const existing = await loadStudy(redis, study);
  if (existing !== null && existing.specHash !== hash) {
    throw new ClusterSetupError(
      `--study ${study}: Redis already holds a different study under this name (spec hash ${existing.specHash}, this spec ${hash}); choose another --study name`,
    );
  }
  const stored: StoredStudy = { spec, specHash: hash };
  await redis.multi().set(specKey(study), JSON.stringify(stored)).sadd(STUDIES_KEY, study).exec();
  return stored;
}

export async function listStudies(redis: Redis): Promise<string[]> {
  return (await redis.smembers(STUDIES_KEY)).sort();
}

/** For each key, whether a collector has already moved its result into a ledger. */
export async function collectedKeys(redis: Redis, study: string, keys: readonly string[]): Promise<Set<string>> {
  const collected = new Set<string>();
  const chunk = 1000;
  for (let start = 0; start < keys.length; start += chunk) {
    const slice = keys.slice(start, start + chunk);
    const pipeline = redis.pipeline();
    for (const key of slice) pipeline.sismember(collectedKey(study), key);
    const replies = (await pipeline.exec()) ?? [];
    replies.forEach(([error, member], index) => {
      if (error) throw error;
      if (member === 1) collected.add(slice[index]!);
    });
  }
  return collected;
}
