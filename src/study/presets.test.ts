import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { loadDatasets } from '../data/registry.js';
import { loadTasks, taskDatasets } from '../task/registry.js';
import { planJobs, skippedPairs } from './plan.js';
import { PRESET_NAMES, PRESETS, presetSpec } from './presets.js';
import { StudySpecError, validateStudySpec } from './spec.js';

const STUDY_GROUPS = ['sentence', 'document', 'tagging'];

test('smoke: two activations, one tiny mini-experiment, one configuration and seed', async () => {
  const spec = await presetSpec('smoke');
  assert.equal(spec.activations.length, 2);
  assert.equal(spec.miniExperiments.length, 1);
  assert.ok(spec.miniExperiments[0]!.limit! <= 200 && spec.miniExperiments[0]!.maxEpochs! <= 2);
  assert.equal((await planJobs(spec)).length, 2);
});

test('quick: every NLP task and group on offline data, all 21 study activations, eight sampled configurations, small and capped', async () => {
  const spec = await presetSpec('quick');
  const [tasks, datasets] = await Promise.all([loadTasks(), loadDatasets()]);
  assert.equal(spec.activations.length, 21);
  const used = new Set(spec.miniExperiments.map((e) => e.task));
  for (const task of tasks.all.filter((t) => STUDY_GROUPS.includes(t.group))) assert.ok(used.has(task.name), `quick has no ${task.name}`);
  for (const experiment of spec.miniExperiments) {
    assert.ok(datasets.get(experiment.dataset).offline, `${experiment.dataset} is not offline`);
    assert.ok(
      experiment.limit !== undefined && experiment.limit <= 1000 && experiment.maxEpochs !== undefined && experiment.maxEpochs <= 32,
    );
    assert.deepEqual(experiment.fixed, {}, 'quick narrows the search spaces instead of fixing hyperparameters');
    assert.ok(experiment.space !== undefined && Object.keys(experiment.space).length > 0, `${experiment.id} has no narrowed space`);
  }
  assert.equal(spec.configurations, 8);
  assert.equal(spec.repeats, 1);
  const lstm = spec.miniExperiments.find((e) => e.task === 'lstm-gates')!;
  assert.equal(lstm.settings['variant'], 'cell', "E18's variant (a): the activation in the cell, Keras 2's hard-sigmoid gates kept");
  const jobs = await planJobs(spec);
  for (const experiment of spec.miniExperiments) {
    const configurations = new Set(jobs.filter((job) => job.miniExperiment === experiment.id).map((job) => JSON.stringify(job.hparams)));
    assert.equal(configurations.size, 8, `${experiment.id}: eight distinct sampled configurations`);
  }
  const skipped = await skippedPairs(spec);
  assert.equal(jobs.length + skipped.length * 8, spec.miniExperiments.length * 21 * 8);
  assert.ok(skipped.every((pair) => pair.miniExperiment.includes('tagging') || pair.miniExperiment.startsWith('lstm-gates')));
});

test('paper: 200 configurations × 5 repeats on every offline dataset and the original ones, with the tasks’ own epochs', async () => {
  await assert.rejects(
    presetSpec('paper'),
    (error: unknown) =>
      error instanceof StudySpecError &&
      /^preset 'paper': miniExperiments\[\d+\]\.dataset: 'mr' is read from its original files/.test(error.message),
  );
  const spec = await presetSpec('paper', { dataDir: mkdtempSync(path.join(tmpdir(), 'actbench-paper-')) });
  assert.equal(spec.configurations, 200);
  assert.equal(spec.repeats, 5);
  assert.equal(spec.activations.length, 21);
  assert.ok(spec.miniExperiments.every((e) => e.maxEpochs === undefined && e.limit === undefined && Object.keys(e.fixed).length === 0));
  const ids = spec.miniExperiments.map((e) => e.id);
  for (const id of [
    'sentence-classification/mr',
    'sentence-classification/subj',
    'sentence-classification/trec',
    'document-classification/r8',
    'document-classification/newsgroups-20',
    'sequence-tagging/wsj-pos',
    'sequence-tagging/tl-am/trainFraction=0.05',
    'sequence-tagging/tl-am/trainFraction=0.3',
    'lstm-gates/tl-am/trainFraction=0.3,variant=cell',
    'lstm-gates/tl-am/trainFraction=0.3,variant=gates',
    'lstm-gates/tl-am/trainFraction=0.3', // variant both is the default
  ]) {
    assert.ok(ids.includes(id), `paper lacks ${id}`);
  }
  const datasets = await loadDatasets();
  const tasks = await loadTasks();
  for (const task of tasks.all.filter((t) => STUDY_GROUPS.includes(t.group) && t.name !== 'lstm-gates')) {
    for (const dataset of taskDatasets(task, datasets).filter((d) => datasets.get(d).offline))
      assert.ok(ids.includes(`${task.name}/${dataset}`), `paper lacks offline ${task.name}/${dataset}`);
  }
});

test('presets are plain data a spec file could hold, and unknown names are refused', async () => {
  for (const name of PRESET_NAMES) assert.deepEqual(JSON.parse(JSON.stringify(PRESETS[name])), PRESETS[name]);
  assert.deepEqual(await validateStudySpec(JSON.parse(JSON.stringify(PRESETS.quick)), 'quick.json'), await presetSpec('quick'));
  await assert.rejects(
    presetSpec('quik'),
    /^Error: unknown preset 'quik'; choose smoke, quick, gate, replication, paper, vision-quick, vision-resnet, cifar10-resnet18, r17-resnet164, r17-wrn-28-10, r17-densenet100-12, r17-densenet-bc100-12$/,
  );
});

test('vision-quick: every study activation in the small CNN on offline MNIST, small and capped', async () => {
  const spec = await presetSpec('vision-quick');
  const datasets = await loadDatasets();
  assert.equal(spec.activations.length, 21);
  assert.equal(spec.miniExperiments.length, 1);
  const [experiment] = spec.miniExperiments;
  assert.equal(experiment!.task, 'image-classification');
  assert.ok(datasets.get(experiment!.dataset).offline);
  assert.ok(experiment!.limit! <= 2000 && experiment!.maxEpochs! <= 3);
  assert.equal(experiment!.fixed['filters'], 8);
  // The small CNN takes every activation, maxout included (as convolutional maxout).
  assert.equal((await planJobs(spec)).length, 21);
});

test('cifar10-resnet18: the ResNet-18 recipe, 5 repeats per activation, maxout skipped, CIFAR files required', async () => {
  await assert.rejects(
    presetSpec('cifar10-resnet18'),
    (error: unknown) =>
      error instanceof StudySpecError && /miniExperiments\[0\]\.dataset: 'cifar10' is read from its original files/.test(error.message),
  );
  const spec = await presetSpec('cifar10-resnet18', { dataDir: mkdtempSync(path.join(tmpdir(), 'actbench-cifar-')) });
  const [experiment] = spec.miniExperiments;
  assert.equal(experiment!.id, 'cifar10/cifar10/model=resnet18');
  assert.deepEqual(experiment!.fixed, {
    optimizer: 'sgd-momentum',
    lrFactor: 1,
    schedule: 'step',
    weightDecay: 5e-4,
    initializer: 'heNormal',
  });
  assert.equal(experiment!.maxEpochs, undefined, 'the task’s own 200 epochs');
  assert.equal(spec.repeats, 5);
  assert.ok(spec.activations.includes('swish-beta'));
  const jobs = await planJobs(spec);
  assert.equal(jobs.length, (spec.activations.length - 3) * 5);
  assert.deepEqual((await skippedPairs(spec)).map((pair) => pair.activation).sort(), ['maxout-2', 'maxout-3', 'maxout-4']);
});

test('gate: a part of quick, job for job (same keys, configurations, splits and seeds), so unchanged code reproduces the reference', async () => {
  const [gate, quick] = await Promise.all([presetSpec('gate'), presetSpec('quick')]);
  assert.deepEqual(gate.activations, quick.activations);
  assert.ok(gate.miniExperiments.length >= 2);
  for (const experiment of gate.miniExperiments)
    assert.deepEqual(
      experiment,
      quick.miniExperiments.find((e) => e.id === experiment.id),
      `${experiment.id} is quick's`,
    );
  const quickJobs = new Map((await planJobs(quick)).map((job) => [job.key, job]));
  const gateJobs = await planJobs(gate);
  assert.equal(gateJobs.length, gate.miniExperiments.length * 21 * quick.configurations);
  for (const job of gateJobs) assert.deepEqual(quickJobs.get(job.key), job);
});

test('r17-*: each of R17’s networks with its own paper’s recipe on CIFAR-10 and CIFAR-100, swish, swish-beta, relu and the study activations it admits, 5 repeats', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'actbench-r17-'));
  const expected: Record<string, { model: string; recipe: Record<string, unknown> }> = {
    'r17-resnet164': {
      model: 'resnet164',
      recipe: { weightDecay: 1e-4, batchSize: 128, epochs: 182, milestones: '0.5,0.75', lrDecay: 0.1, nesterov: false },
    },
    'r17-wrn-28-10': {
      model: 'wrn-28-10',
      recipe: { weightDecay: 5e-4, batchSize: 128, epochs: 200, milestones: '0.3,0.6,0.8', lrDecay: 0.2, nesterov: true },
    },
    'r17-densenet100-12': {
      model: 'densenet100-12',
      recipe: { weightDecay: 1e-4, batchSize: 64, epochs: 300, milestones: '0.5,0.75', lrDecay: 0.1, nesterov: true },
    },
    'r17-densenet-bc100-12': {
      model: 'densenet-bc100-12',
      recipe: { weightDecay: 1e-4, batchSize: 64, epochs: 300, milestones: '0.5,0.75', lrDecay: 0.1, nesterov: true },
    },
  };
  for (const [name, { model, recipe }] of Object.entries(expected)) {
    assert.ok((PRESET_NAMES as readonly string[]).includes(name));
    const spec = await presetSpec(name, { dataDir });
    assert.equal(spec.repeats, 5);
    assert.equal(spec.configurations, 1);
    for (const activation of ['swish', 'swish-beta', 'relu', 'penalized-tanh'])
      assert.ok(spec.activations.includes(activation), `${name} lacks ${activation}`);
    assert.deepEqual(
      spec.miniExperiments.map((e) => e.task),
      ['cifar10', 'cifar100'],
    );
    for (const experiment of spec.miniExperiments) {
      assert.equal(experiment.settings['model'], model);
      assert.equal(experiment.maxEpochs, undefined, `${name}: the recipe's epochs, not a cap`);
      assert.deepEqual(experiment.fixed, { optimizer: 'sgd-momentum', lrFactor: 1, initializer: 'heNormal', schedule: 'step', ...recipe });
    }
    // Maxout is the one study function the networks do not admit.
    const jobs = await planJobs(spec);
    assert.equal(jobs.length, 2 * 5 * (21 - 3 + 1));
    assert.deepEqual((await skippedPairs(spec)).map((pair) => pair.activation).sort(), [
      'maxout-2',
      'maxout-2',
      'maxout-3',
      'maxout-3',
      'maxout-4',
      'maxout-4',
    ]);
  }
});

test('vision-resnet: two depths of small pre-activation ResNets on offline MNIST, eight sampled configurations each, every study activation they admit', async () => {
  const spec = await presetSpec('vision-resnet');
  const datasets = await loadDatasets();
  assert.deepEqual(
    spec.miniExperiments.map((e) => e.settings['depth']),
    [8, 14],
  );
  for (const experiment of spec.miniExperiments) {
    assert.equal(experiment.task, 'image-resnet');
    assert.ok(datasets.get(experiment.dataset).offline, `${experiment.dataset} is not offline`);
    assert.ok(experiment.limit! <= 500 && experiment.maxEpochs! <= 4);
  }
  assert.ok(spec.configurations >= 8);
  const jobs = await planJobs(spec);
  assert.equal(jobs.length, 2 * 8 * 18);
  // Each depth draws its own eight configurations (seeded by the mini-experiment), shared by its activations.
  for (const experiment of spec.miniExperiments) {
    const configurations = new Set(jobs.filter((job) => job.miniExperiment === experiment.id).map((job) => JSON.stringify(job.hparams)));
    assert.equal(configurations.size, 8, experiment.id);
  }
  assert.equal(new Set(jobs.map((job) => job.activation)).size, 18);
});
