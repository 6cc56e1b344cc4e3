import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadTasks } from '../task/registry.js';
import { checkParam } from '../task/search-space.js';
import { parseShard, planJobs, shardJobs, skippedPairs, specHash } from './plan.js';
import { validateStudySpec, type RawStudySpec } from './spec.js';
import type { Job, StudySpec } from './types.js';

const raw: RawStudySpec = {
  name: 'plan-test',
  activations: ['relu', 'swish', 'penalized-tanh', 'maxout-2', 'prelu'],
  miniExperiments: [
    { task: 'sentence-classification' },
    { task: 'document-classification', fixed: { filters: 40, optimizer: 'adam' } },
    { task: 'sequence-tagging', settings: { maxLength: 50 } },
  ],
  configurations: 6,
  repeats: 3,
  seed: 11,
};

const spec = (overrides: Partial<RawStudySpec> = {}): Promise<StudySpec> => validateStudySpec({ ...raw, ...overrides }, 'plan.test');
const byKey = (jobs: Job[]) => new Map(jobs.map((job) => [job.key, job]));

test('paired design: every activation of a mini-experiment gets the identical configurations and seeds', async () => {
  const jobs = await planJobs(await spec());
  for (const experiment of new Set(jobs.map((job) => job.miniExperiment))) {
    const mine = jobs.filter((job) => job.miniExperiment === experiment);
    const lists = new Map<string, string[]>();
    for (const job of mine)
      lists.set(job.activation, [
        ...(lists.get(job.activation) ?? []),
        JSON.stringify([job.configIndex, job.repeat, job.hparams, job.seed]),
      ]);
    const [first, ...rest] = [...lists.values()];
    assert.equal(first!.length, 6 * 3);
    for (const list of rest) assert.deepEqual(list, first);
  }
});

test('adding an activation (or reordering them) leaves every existing job, key and configuration unchanged', async () => {
  const before = await planJobs(await spec());
  const after = await planJobs(await spec({ activations: ['tanh', ...[...(raw.activations as string[])].reverse(), 'sin'] }));
  const afterByKey = byKey(after);
  for (const job of before) assert.deepEqual(afterByKey.get(job.key), job);
  const added = after.filter((job) => !before.some((old) => old.key === job.key));
  assert.deepEqual(new Set(added.map((job) => job.activation)), new Set(['tanh', 'sin']));
  assert.equal(after.length, before.length + added.length);
  assert.equal(specHash(await spec()), specHash(await spec({ activations: ['tanh'] })), 'the activation list is not part of the spec hash');
});

test('the study name, and the other mini-experiments, do not change a mini-experiment’s jobs', async () => {
  const all = await planJobs(await spec());
  const renamed = await planJobs(await spec({ name: 'other' }));
  assert.deepEqual(renamed, all);
  const alone = await planJobs(await spec({ miniExperiments: [raw.miniExperiments[2]!] }));
  assert.deepEqual(
    alone,
    all.filter((job) => job.miniExperiment === 'sequence-tagging/brown-pos/maxLength=50'),
  );
});

test('planning is deterministic, and more configurations or repeats only append', async () => {
  const jobs = await planJobs(await spec());
  assert.deepEqual(await planJobs(await spec()), jobs);
  const bigger = byKey(await planJobs(await spec({ configurations: 9, repeats: 4 })));
  for (const job of jobs) assert.deepEqual(bigger.get(job.key), job);
  assert.notEqual(specHash(await spec({ configurations: 9 })), specHash(await spec()), 'ledgers of different sizes do not merge');
});

test('keys are unique 32-hex-digit hashes; seeds differ between repeats and configurations', async () => {
  const jobs = await planJobs(await spec());
  assert.equal(new Set(jobs.map((job) => job.key)).size, jobs.length);
  for (const job of jobs) assert.match(job.key, /^[0-9a-f]{32}$/);
  const seeds = new Map<string, number>();
  for (const job of jobs) seeds.set(`${job.miniExperiment} ${job.configIndex} ${job.repeat}`, job.seed);
  assert.equal(new Set(seeds.values()).size, seeds.size, 'one distinct seed per (mini-experiment, configuration, repeat)');
  for (const seed of seeds.values()) assert.ok(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 31);
  const otherSeed = await planJobs(await spec({ seed: 12 }));
  assert.ok(
    otherSeed.every((job) => !jobs.some((old) => old.key === job.key)),
    'another study seed gives other jobs',
  );
});

test('configurations come from the search space, and fixed values override the sampled ones', async () => {
  const tasks = await loadTasks();
  const studySpec = await spec();
  const jobs = await planJobs(studySpec);
  for (const job of jobs) {
    const experiment = studySpec.miniExperiments.find((e) => e.id === job.miniExperiment)!;
    const space = tasks.get(experiment.task).searchSpace;
    assert.deepEqual(Object.keys(job.hparams).sort(), Object.keys(space).sort());
    for (const [name, value] of Object.entries(job.hparams)) assert.equal(checkParam(name, space[name]!, value), undefined);
  }
  const documents = jobs.filter((job) => job.miniExperiment.startsWith('document-classification'));
  assert.ok(documents.every((job) => job.hparams['filters'] === 40 && job.hparams['optimizer'] === 'adam'));
  const configs = new Set(documents.map((job) => JSON.stringify(job.hparams)));
  assert.equal(configs.size, 6, 'the unfixed hyperparameters still vary between configurations');

  // Fixing one hyperparameter leaves the other draws as they were.
  const unfixed = await planJobs(await spec({ miniExperiments: [{ task: 'document-classification', id: 'doc' }] }));
  const fixed = await planJobs(await spec({ miniExperiments: [{ task: 'document-classification', id: 'doc', fixed: { filters: 40 } }] }));
  unfixed.forEach((job, index) => assert.deepEqual({ ...job.hparams, filters: 40 }, fixed[index]!.hparams));
});

test("a narrowed space is sampled within its ranges and choices, and is part of the jobs' identity", async () => {
  const narrow = { units: { min: 32, max: 40 }, optimizer: { values: ['adam', 'nadam'] }, dropout: { min: 0.2, max: 0.3 } };
  const studySpec = await spec({
    configurations: 20,
    miniExperiments: [{ task: 'sentence-classification', id: 'mlp', space: narrow, fixed: { layers: 1 } }],
  });
  const jobs = await planJobs(studySpec);
  const space = (await loadTasks()).get('sentence-classification').searchSpace;
  for (const job of jobs) {
    assert.deepEqual(Object.keys(job.hparams).sort(), Object.keys(space).sort());
    const { units, optimizer, dropout, layers } = job.hparams as { units: number; optimizer: string; dropout: number; layers: number };
    assert.ok(Number.isInteger(units) && units >= 32 && units <= 40, `units ${units}`);
    assert.ok(['adam', 'nadam'].includes(optimizer), optimizer);
    assert.ok(dropout >= 0.2 && dropout <= 0.3, `dropout ${dropout}`);
    assert.equal(layers, 1);
  }
  const configs = jobs.map((job) => job.hparams);
  assert.equal(new Set(configs.map((c) => JSON.stringify(c))).size, 20, 'still sampled: every configuration differs');
  assert.ok(
    new Set(configs.map((c) => c['optimizer'])).size === 2 && new Set(configs.map((c) => c['initializer'])).size > 2,
    'both optimizers, and the un-narrowed initializer over its whole list',
  );

  const wide = await spec({ configurations: 20, miniExperiments: [{ task: 'sentence-classification', id: 'mlp', fixed: { layers: 1 } }] });
  const wideJobs = await planJobs(wide);
  assert.ok(
    wideJobs.every((job) => !jobs.some((narrowJob) => narrowJob.key === job.key)),
    'narrowing changes every key',
  );
  assert.notEqual(specHash(wide), specHash(studySpec), 'and the spec hash');
  wideJobs.forEach((job, index) =>
    assert.equal(job.hparams['lrFactor'], jobs[index]!.hparams['lrFactor'], 'a hyperparameter left wide keeps its draws'),
  );
});

test('activations a task excludes are skipped, and reported as skipped pairs', async () => {
  const studySpec = await spec();
  const jobs = await planJobs(studySpec);
  const tagging = jobs.filter((job) => job.miniExperiment.startsWith('sequence-tagging'));
  assert.deepEqual(new Set(tagging.map((job) => job.activation)), new Set(['relu', 'swish', 'penalized-tanh']));
  assert.equal(jobs.length, 6 * 3 * (5 + 5 + 3));
  assert.deepEqual(
    (await skippedPairs(studySpec)).map((pair) => `${pair.miniExperiment} ${pair.activation}`),
    ['sequence-tagging/brown-pos/maxLength=50 maxout-2', 'sequence-tagging/brown-pos/maxLength=50 prelu'],
  );
});

test('shards partition the jobs exactly and evenly for n = 1..5, and keep jobs when activations are added', async () => {
  const jobs = await planJobs(await spec({ configurations: 20 }));
  for (let count = 1; count <= 5; count++) {
    const shards = Array.from({ length: count }, (_, i) => shardJobs(jobs, i + 1, count));
    const seen = new Set<string>();
    for (const shard of shards)
      for (const job of shard) {
        assert.ok(!seen.has(job.key), `job ${job.key} is in two shards of ${count}`);
        seen.add(job.key);
      }
    assert.equal(seen.size, jobs.length, `the ${count} shards together hold every job`);
    const mean = jobs.length / count;
    for (const shard of shards)
      assert.ok(Math.abs(shard.length - mean) < 0.2 * mean, `shard sizes ${shards.map((s) => s.length).join(', ')} of ${jobs.length}`);
    assert.deepEqual(shardJobs(jobs, 1, count), shards[0], 'deterministic');
  }
  const grown = await planJobs(await spec({ configurations: 20, activations: [...(raw.activations as string[]), 'tanh'] }));
  const before = new Set(shardJobs(jobs, 2, 3).map((job) => job.key));
  const after = new Set(shardJobs(grown, 2, 3).map((job) => job.key));
  for (const key of before) assert.ok(after.has(key));
});

test('parseShard takes i/n with 1 ≤ i ≤ n, and says what is wrong otherwise', () => {
  assert.deepEqual(parseShard('1/1'), { index: 1, count: 1 });
  assert.deepEqual(parseShard('3/4'), { index: 3, count: 4 });
  for (const [text, pattern] of [
    ['0/4', /--shard 0\/4: the shard index must be between 1 and 4/],
    ['5/4', /--shard 5\/4: the shard index must be between 1 and 4/],
    ['1/0', /--shard 1\/0: the shard count must be at least 1/],
    ['2', /--shard 2: expected i\/n/],
    ['a/b', /--shard a\/b: expected i\/n/],
    ['-1/2', /expected i\/n/],
  ] as const) {
    assert.throws(
      () => parseShard(text),
      (error: unknown) => error instanceof Error && !error.message.includes('\n') && pattern.test(error.message),
    );
  }
  assert.throws(() => shardJobs([], 0, 2), /between 1 and 2/);
});

test('one split per mini-experiment: every configuration, repeat and activation shares it; repeats differ only in their seed', async () => {
  const jobs = await planJobs(await spec());
  for (const experiment of new Set(jobs.map((job) => job.miniExperiment))) {
    const mine = jobs.filter((job) => job.miniExperiment === experiment);
    assert.equal(new Set(mine.map((job) => job.splitSeed)).size, 1, `${experiment}: one split seed`);
    assert.ok(mine.every((job) => job.splitIndex === 0));
    const repeats = mine.filter((job) => job.configIndex === 0 && job.activation === 'relu');
    assert.equal(repeats.length, 3);
    assert.equal(new Set(repeats.map((job) => job.seed)).size, 3, 'each repeat has its own initialisation and order seed');
  }
  const splitSeeds = new Set(jobs.map((job) => job.splitSeed));
  assert.equal(splitSeeds.size, 3, 'mini-experiments draw their own splits');
  // An explicit splitSeed fixes the split of every mini-experiment and changes nothing else.
  const fixed = await planJobs(await spec({ splitSeed: 5 }));
  assert.ok(fixed.every((job) => job.splitSeed === 5));
  assert.deepEqual(
    fixed.map((job) => [job.configIndex, job.repeat, job.seed, job.hparams]),
    jobs.map((job) => [job.configIndex, job.repeat, job.seed, job.hparams]),
  );
  assert.notEqual(specHash(await spec({ splitSeed: 5 })), specHash(await spec()));
});

test('splits: K crosses K seeded splits with the configurations and repeats; one split hashes as before', async () => {
  const one = await planJobs(await spec());
  const three = await planJobs(await spec({ splits: 3 }));
  assert.equal(three.length, one.length * 3);
  const cell = three.filter(
    (job) => job.miniExperiment === 'sentence-classification/uci-sentiment' && job.activation === 'relu' && job.configIndex === 2,
  );
  assert.deepEqual([...new Set(cell.map((job) => job.splitIndex))].sort(), [0, 1, 2]);
  assert.equal(new Set(cell.map((job) => job.splitSeed)).size, 3);
  // The same repeat seeds on every split: split and seed are crossed, so each is its own source of variance.
  const seedsBySplit = [0, 1, 2].map((split) => cell.filter((job) => job.splitIndex === split).map((job) => job.seed));
  assert.deepEqual(seedsBySplit[1], seedsBySplit[0]);
  assert.deepEqual(seedsBySplit[2], seedsBySplit[0]);
  assert.equal(new Set(three.map((job) => job.key)).size, three.length, 'keys stay unique');
  // The first split is the one-split study's, so its jobs keep their seeds.
  assert.deepEqual(
    three.filter((job) => job.splitIndex === 0).map((job) => job.splitSeed),
    one.map((job) => job.splitSeed),
  );
  assert.equal(specHash(await spec({ splits: 1 })), specHash(await spec()));
  await assert.rejects(spec({ splits: 0 }), /plan\.test: splits: 0 must be at least 1/);
});
