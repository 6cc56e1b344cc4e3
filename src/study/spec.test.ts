import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { planJobs, specHash } from './plan.js';
import { parseStudySpec, StudySpecError, validateStudySpec, type RawStudySpec } from './spec.js';

const base: RawStudySpec = {
  activations: ['relu', 'cosper', 'study21'],
  miniExperiments: [
    { task: 'sentence-classification' },
    { task: 'sequence-tagging', dataset: 'brown-pos', settings: { trainFraction: 0.3 } },
  ],
  configurations: 3,
  repeats: 2,
  seed: 7,
};

/** Asserts a rejection whose message is one line, starts with the origin and names the field. */
async function rejects(raw: unknown, pattern: RegExp, origin = 'study.yaml'): Promise<void> {
  await assert.rejects(validateStudySpec(raw, origin), (error: unknown) => {
    assert.ok(error instanceof StudySpecError, String(error));
    assert.ok(!error.message.includes('\n'), `not one line: ${error.message}`);
    assert.ok(error.message.startsWith(`${origin}: `), error.message);
    assert.match(error.message, pattern);
    return true;
  });
}

test('a valid spec is normalised: aliases resolved, groups expanded once, defaults filled', async () => {
  const spec = await validateStudySpec(base, 'study.yaml');
  assert.equal(spec.name, 'study');
  assert.equal(spec.activations[0], 'relu');
  assert.ok(spec.activations.includes('minsin'), 'cosper is an alias of minsin');
  assert.equal(spec.activations.length, 21, 'relu and cosper are in study21 already: no duplicates');
  assert.equal(spec.timeLimitSeconds, 3600);
  const [sentence, tagging] = spec.miniExperiments;
  assert.equal(sentence!.dataset, 'uci-sentiment', "the task's first dataset is the default");
  assert.deepEqual(sentence!.settings, { trainFraction: 1 });
  assert.deepEqual(sentence!.fixed, {});
  assert.equal(sentence!.id, 'sentence-classification/uci-sentiment');
  assert.deepEqual(tagging!.settings, { trainFraction: 0.3, maxLength: 100 });
  assert.equal(tagging!.id, 'sequence-tagging/brown-pos/trainFraction=0.3', 'ids name only the settings that differ from the defaults');
});

test('a single group name is accepted for activations, and choices given as strings match', async () => {
  const spec = await validateStudySpec(
    {
      ...base,
      activations: 'elementwise',
      miniExperiments: [{ task: 'sequence-tagging', settings: { maxLength: '50' }, fixed: { optimizer: 'adam', units: 32 } }],
    },
    's.json',
  );
  assert.ok(spec.activations.length > 21);
  assert.equal(spec.miniExperiments[0]!.settings['maxLength'], 50);
  assert.deepEqual(spec.miniExperiments[0]!.fixed, { optimizer: 'adam', units: 32 });
});

test('an activation the task excludes is not an error (the plan skips the pair)', async () => {
  const spec = await validateStudySpec(
    { ...base, activations: ['maxout-2', 'prelu'], miniExperiments: [{ task: 'sequence-tagging' }] },
    'study.yaml',
  );
  assert.deepEqual(spec.activations, ['maxout-2', 'prelu']);
});

test('unknown names are rejected with the field path and the valid choices', async () => {
  await rejects(
    { ...base, activations: ['relu', 'swsh'] },
    /^study\.yaml: activations\[1\]: unknown activation 'swsh'; did you mean swish.*valid: study21, all, elementwise, /,
  );
  await rejects(
    { ...base, miniExperiments: [{ task: 'sentence-clasification' }] },
    /miniExperiments\[0\]\.task: unknown task 'sentence-clasification'; did you mean sentence-classification\?/,
  );
  await rejects(
    {
      ...base,
      miniExperiments: [{ task: 'sentence-classification' }, { task: 'lstm-gates' }, { task: 'sequence-tagging', dataset: 'brown-po' }],
    },
    /^study\.yaml: miniExperiments\[2\]\.dataset: 'brown-po' is not a dataset of task 'sequence-tagging'; did you mean brown-pos\? valid: brown-pos, tl-am, wsj-pos$/,
  );
  await rejects(
    { ...base, miniExperiments: [{ task: 'sequence-tagging', settings: { maxLen: 50 } }] },
    /miniExperiments\[0\]\.settings\.maxLen: no setting 'maxLen' in task 'sequence-tagging' or dataset 'brown-pos'; did you mean maxLength\?/,
  );
  await rejects(
    { ...base, miniExperiments: [{ task: 'sentence-classification', fixed: { unit: 32 } }] },
    /miniExperiments\[0\]\.fixed\.unit: 'unit' is not a hyperparameter of task 'sentence-classification'; did you mean units\?.*valid: dropout, /,
  );
  await rejects({ ...base, backend: 'gpu' }, /^study\.yaml: backend: unknown backend 'gpu'; choose node-gpu, node, wasm, cpu/);
});

test('unknown fields (typos) are rejected at the top level and inside mini-experiments', async () => {
  await rejects({ ...base, repeat: 3 }, /^study\.yaml: repeat: unknown field; did you mean repeats\?/);
  await rejects(
    { ...base, miniExperiments: [{ task: 'sentence-classification', maxEpoch: 3 }] },
    /^study\.yaml: miniExperiments\[0\]\.maxEpoch: unknown field; did you mean maxEpochs\?/,
  );
});

test('bad values are rejected with the field and the allowed range or choices', async () => {
  await rejects({ ...base, repeats: -1 }, /^study\.yaml: repeats: -1 must be at least 1$/);
  await rejects({ ...base, configurations: 2.5 }, /configurations: 2\.5 is not an integer/);
  await rejects({ ...base, seed: 'x' }, /seed: 'x' is not an integer/);
  await rejects({ ...base, timeLimitSeconds: 0 }, /timeLimitSeconds: 0 is not a positive number/);
  await rejects(
    { ...base, miniExperiments: [{ task: 'sentence-classification', settings: { trainFraction: 0.7 } }] },
    /miniExperiments\[0\]\.settings\.trainFraction: task 'sentence-classification': setting trainFraction=0\.7 is not one of 1, 0\.5, 0\.3, 0\.1, 0\.05$/,
  );
  await rejects(
    { ...base, miniExperiments: [{ task: 'sentence-classification', fixed: { units: 9999 } }] },
    /miniExperiments\[0\]\.fixed\.units: units=9999 is outside \[30, 500\]$/,
  );
  await rejects(
    { ...base, miniExperiments: [{ task: 'sentence-classification', fixed: { optimizer: 'adamw' } }] },
    /fixed\.optimizer: 'adamw' is not allowed; choose keras2-adam, .*, adam, /,
  );
  await rejects(
    { ...base, miniExperiments: [{ task: 'sentence-classification', limit: 0 }] },
    /miniExperiments\[0\]\.limit: 0 must be at least 1/,
  );
  await rejects({ ...base, miniExperiments: [] }, /^study\.yaml: miniExperiments: expected a non-empty list/);
  await rejects({ ...base, activations: [] }, /^study\.yaml: activations: expected a non-empty list/);
  await rejects(
    { ...base, miniExperiments: ['sentence-classification'] },
    /^study\.yaml: miniExperiments\[0\]: expected a mapping with task/,
  );
  const { seed: _seed, ...noSeed } = base;
  await rejects(noSeed, /^study\.yaml: seed: missing/);
  await rejects([base], /^study\.yaml: expected a mapping/);
  await rejects(null, /^study\.yaml: the spec is empty/);
});

test("space narrows the task's search space: normalised with its kind, choices matched, the task's log kept", async () => {
  const spec = await validateStudySpec(
    {
      ...base,
      miniExperiments: [
        {
          task: 'sequence-tagging',
          space: {
            units: { kind: 'int', min: 32, max: 64 },
            layers: { max: 2 },
            dropout: { min: 0.1, max: 0.3 },
            lrFactor: { min: 1, max: 1.6 },
            optimizer: { values: ['adam', 'nadam'] },
          },
        },
      ],
    },
    'study.yaml',
  );
  const [tagging] = spec.miniExperiments;
  assert.deepEqual(tagging!.space, {
    units: { kind: 'int', min: 32, max: 64 },
    layers: { kind: 'int', min: 1, max: 2 },
    dropout: { kind: 'uniform', min: 0.1, max: 0.3 },
    lrFactor: { kind: 'lr-factor', min: 1, max: 1.6 },
    optimizer: { kind: 'choice', values: ['adam', 'nadam'] },
  });
  assert.equal(tagging!.id, 'sequence-tagging/brown-pos', 'the id does not name the space');
  const plain = await validateStudySpec(base, 'study.yaml');
  assert.ok(
    plain.miniExperiments.every((experiment) => !('space' in experiment)),
    'no space given, none stored',
  );
  assert.deepEqual(await validateStudySpec(JSON.parse(JSON.stringify(spec)), 'spec.json'), spec, 'the normalised form validates to itself');
});

test("a narrowed space outside the task's, of another kind, or of unknown keys is rejected with the field", async () => {
  const narrowed = (space: unknown, fixed: Record<string, number | string> = {}) => ({
    ...base,
    miniExperiments: [{ task: 'sentence-classification', fixed, space }],
  });
  await rejects(
    narrowed({ unit: { min: 30, max: 60 } }),
    /^study\.yaml: miniExperiments\[0\]\.space\.unit: 'unit' is not a hyperparameter of task 'sentence-classification'; did you mean units\?/,
  );
  await rejects(
    narrowed({ units: { min: 16, max: 60 } }),
    /^study\.yaml: miniExperiments\[0\]\.space\.units\.min: 16 is outside the task's \[30, 500\]$/,
  );
  await rejects(narrowed({ units: { min: 60, max: 40 } }), /^study\.yaml: miniExperiments\[0\]\.space\.units: min 60 is above max 40$/);
  await rejects(narrowed({ units: { min: 30.5 } }), /space\.units\.min: 30\.5 is not an integer$/);
  await rejects(
    narrowed({ units: { kind: 'uniform', min: 30, max: 60 } }),
    /space\.units\.kind: 'uniform' differs from the task's kind 'int'$/,
  );
  await rejects(narrowed({ units: { min: 30, maxx: 60 } }), /space\.units\.maxx: unknown field; did you mean max\?/);
  await rejects(narrowed({ dropout: { min: 0.1, max: 'x' } }), /space\.dropout\.max: 'x' is not a number$/);
  await rejects(
    narrowed({ optimizer: { values: ['adam', 'adamw'] } }),
    /space\.optimizer\.values\[1\]: 'adamw' is not one of the task's keras2-adam, .*, adam, /,
  );
  await rejects(
    narrowed({ optimizer: { values: [] } }),
    /space\.optimizer\.values: expected a non-empty list, a subset of keras2-adam, .*, adam, /,
  );
  await rejects(narrowed({ optimizer: { values: ['adam', 'adam'] } }), /space\.optimizer\.values\[1\]: 'adam' is given twice$/);
  await rejects(narrowed({ optimizer: ['adam'] }), /space\.optimizer: expected \{values: \[\.\.\.\]\}, got a list$/);
  await rejects(
    narrowed({ units: { min: 30, max: 60 } }, { units: 32 }),
    /space\.units: 'units' is also fixed; give it in fixed or in space, not both$/,
  );
  await rejects(narrowed(['units']), /^study\.yaml: miniExperiments\[0\]\.space: expected a mapping of hyperparameter/);
});

test('duplicate mini-experiment ids, given or defaulted, are rejected', async () => {
  await rejects(
    { ...base, miniExperiments: [{ task: 'sentence-classification' }, { task: 'sentence-classification', fixed: { units: 32 } }] },
    /^study\.yaml: miniExperiments\[1\]\.id: 'sentence-classification\/uci-sentiment' is also the id of miniExperiments\[0\]/,
  );
  await rejects(
    {
      ...base,
      miniExperiments: [
        { task: 'sentence-classification', id: 'a' },
        { task: 'sequence-tagging', id: 'a' },
      ],
    },
    /miniExperiments\[1\]\.id: 'a' is also the id of miniExperiments\[0\]/,
  );
  await rejects(
    { ...base, miniExperiments: [{ task: 'sentence-classification', id: 'no spaces' }] },
    /miniExperiments\[0\]\.id: 'no spaces' may hold only/,
  );
});

test('datasets read from original files need dataDir, which must be a folder', async () => {
  await rejects(
    { ...base, miniExperiments: [{ task: 'sequence-tagging', dataset: 'tl-am' }] },
    /miniExperiments\[0\]\.dataset: 'tl-am' is read from its original files.*set dataDir/,
  );
  await rejects(
    { ...base, dataDir: '/nonexistent/actbench-data' },
    /^study\.yaml: dataDir: '\/nonexistent\/actbench-data' is not a folder$/,
  );
  const folder = mkdtempSync(path.join(tmpdir(), 'actbench-spec-'));
  const spec = await validateStudySpec(
    { ...base, dataDir: folder, miniExperiments: [{ task: 'sequence-tagging', dataset: 'tl-am' }] },
    'study.yaml',
  );
  assert.equal(spec.dataDir, folder);
});

test('parseStudySpec reads YAML and JSON, by extension or content', async () => {
  const yaml = `name: mine
activations: [relu, swish]
miniExperiments:
  - task: sentence-classification
    limit: 200
configurations: 2
repeats: 1
seed: 3
`;
  const fromYaml = await parseStudySpec(yaml, 'study.yaml');
  assert.equal(fromYaml.name, 'mine');
  assert.equal(fromYaml.miniExperiments[0]!.limit, 200);
  const fromJson = await parseStudySpec(JSON.stringify({ ...base, name: 'mine' }), 'study.json');
  assert.equal(fromJson.configurations, 3);
  assert.deepEqual(await parseStudySpec(JSON.stringify(base), 'spec.txt'), await parseStudySpec(JSON.stringify(base), 'spec.json'));
  assert.deepEqual(await parseStudySpec(yaml, 'spec'), fromYaml);
  assert.equal((await parseStudySpec(JSON.stringify(base), 'runs/e18.json')).name, 'e18', 'the name defaults to the file name');
});

test('malformed YAML or JSON is one line naming the file and position', async () => {
  const check = async (text: string, file: string, pattern: RegExp) =>
    assert.rejects(parseStudySpec(text, file), (error: unknown) => {
      assert.ok(error instanceof StudySpecError);
      assert.ok(!error.message.includes('\n'), error.message);
      assert.match(error.message, pattern);
      return true;
    });
  await check('activations: [relu\nseed: 1\n', 'study.yaml', /^study\.yaml:\d+:\d+: invalid YAML: /);
  await check('seed: 1\nseed: 2\n', 'study.yml', /^study\.yml:2:1: invalid YAML: .*unique/i);
  await check('{"seed": 1,, }', 'study.json', /^study\.json:1:\d+: invalid JSON: /);
  await check('{"seed": 1}\n{"seed": 2}', 'study.json', /^study\.json:2:1: invalid JSON: /);
  await check('seed: !!js/function "function () {}"\n', 'study.yaml', /^study\.yaml:1:7: invalid YAML: /);
  await check('- 1\n- 2\n', 'study.yaml', /^study\.yaml: expected a mapping/);
  await check('', 'study.yaml', /^study\.yaml: the spec is empty/);
  await check(`${JSON.stringify(base).slice(0, -1)}, "seeds": 1}`, 'study.json', /^study\.json: seeds: unknown field; did you mean seed\?/);
});

test('diagnostics: on unless the spec says false; not a boolean is refused; the switch changes neither the spec hash nor the jobs', async () => {
  const on = await validateStudySpec(base, 'study.yaml');
  const off = await validateStudySpec({ ...base, diagnostics: false }, 'study.yaml');
  assert.equal(on.diagnostics, undefined);
  assert.equal(off.diagnostics, false);
  assert.equal((await validateStudySpec({ ...base, diagnostics: true }, 'study.yaml')).diagnostics, undefined);
  // Diagnostics never change a run's results, so a study may switch them between resumptions.
  assert.equal(specHash(off), specHash(on));
  assert.deepEqual(
    (await planJobs(off)).map((job) => job.key),
    (await planJobs(on)).map((job) => job.key),
  );
  await rejects({ ...base, diagnostics: 'no' }, /diagnostics: 'no' is not true or false/);
});

test('a recipe task’s fixed hyperparameters may include its recipe knobs (never sampled); other tasks have none', async () => {
  const recipe = {
    optimizer: 'sgd-momentum',
    schedule: 'step',
    nesterov: true,
    milestones: '0.3,0.6,0.8',
    lrDecay: 0.2,
    batchSize: 128,
    epochs: 200,
  };
  // CIFAR-10 is read from its original files: any folder passes validation (nothing is loaded).
  const withData = { ...base, dataDir: mkdtempSync(path.join(tmpdir(), 'actbench-spec-')) };
  const spec = await validateStudySpec(
    { ...withData, miniExperiments: [{ task: 'cifar10', settings: { model: 'wrn-28-10' }, fixed: recipe }] },
    's.json',
  );
  assert.deepEqual(spec.miniExperiments[0]!.fixed, recipe);
  await rejects(
    { ...withData, miniExperiments: [{ task: 'cifar10', fixed: { milestones: '60,120' } }] },
    /fixed\.milestones: milestones='60,120' is not a comma-separated list of fractions in \(0, 1\)/,
  );
  await rejects(
    { ...withData, miniExperiments: [{ task: 'cifar10', fixed: { milestones: 0.5 } }] },
    /fixed\.milestones: 0\.5 is not a string of comma-separated fractions/,
  );
  await rejects(
    { ...withData, miniExperiments: [{ task: 'cifar10', fixed: { batchSize: 0 } }] },
    /fixed\.batchSize: batchSize=0 is outside \[1, 8192\]$/,
  );
  await rejects(
    { ...withData, miniExperiments: [{ task: 'cifar10', space: { epochs: { min: 1, max: 3 } } }] },
    /space\.epochs: 'epochs' is not a hyperparameter of task 'cifar10'/,
  );
  await rejects(
    { ...base, miniExperiments: [{ task: 'sentence-classification', fixed: { nesterov: true } }] },
    /fixed\.nesterov: 'nesterov' is not a hyperparameter of task 'sentence-classification'/,
  );
});
