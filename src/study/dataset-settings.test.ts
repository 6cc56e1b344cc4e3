// Dataset settings in a study spec: routed to the dataset by name, validated by its declaration,
// and part of the mini-experiment's identity (id, job keys) only where they differ from defaults.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { runActbench } from '../cli/cli-test-support.js';
import { removeTempDirs, tempDir, writeUtf8 } from '../data/readers/format-test-support.js';
import { readLedgers } from './ledger.js';
import { planJobs, specHash } from './plan.js';
import { parseStudySpec, StudySpecError, validateStudySpec, type RawStudySpec } from './spec.js';

function spec(settings?: Record<string, unknown>, dataset = 'brown-pos'): RawStudySpec {
  return {
    activations: ['relu'],
    miniExperiments: [{ task: 'sequence-tagging', dataset, ...(settings ? { settings: settings as Record<string, string> } : {}) }],
    configurations: 1,
    repeats: 1,
    seed: 3,
  };
}

test('a dataset setting in settings goes to the dataset and names the mini-experiment', async () => {
  const fine = await validateStudySpec(spec({ tagset: 'fine', trainFraction: 0.5 }), 'study.yaml');
  const [experiment] = fine.miniExperiments;
  assert.deepEqual(experiment!.settings, { trainFraction: 0.5, maxLength: 100 });
  assert.deepEqual(experiment!.datasetSettings, { tagset: 'fine' });
  assert.equal(experiment!.id, 'sequence-tagging/brown-pos/tagset=fine,trainFraction=0.5');
});

test('dataset settings change job keys and the spec hash; their defaults, written or not, change nothing', async () => {
  const plain = await validateStudySpec(spec(), 'study.yaml');
  const defaults = await validateStudySpec(spec({ tagset: 'universal', splitBy: 'document' }), 'study.yaml');
  const fine = await validateStudySpec(spec({ tagset: 'fine' }), 'study.yaml');
  assert.equal(defaults.miniExperiments[0]!.datasetSettings, undefined);
  assert.equal(defaults.miniExperiments[0]!.id, plain.miniExperiments[0]!.id);
  assert.equal(specHash(defaults), specHash(plain));
  assert.deepEqual(
    (await planJobs(defaults)).map((job) => job.key),
    (await planJobs(plain)).map((job) => job.key),
  );
  // Same id given by hand: the keys still differ, since the data differ.
  const fineSameId = await validateStudySpec(
    {
      ...spec({ tagset: 'fine' }),
      miniExperiments: [{ ...spec({ tagset: 'fine' }).miniExperiments[0]!, id: plain.miniExperiments[0]!.id }],
    },
    'study.yaml',
  );
  assert.notDeepEqual(
    (await planJobs(fineSameId)).map((job) => job.key),
    (await planJobs(plain)).map((job) => job.key),
  );
  assert.notEqual(specHash(fine), specHash(plain));
});

test('YAML values are matched to declared ones; unknown names and values fail with the field path', async () => {
  const yaml = [
    'activations: relu',
    'configurations: 1',
    'repeats: 1',
    'seed: 1',
    'dataDir: .',
    'miniExperiments:',
    '  - { task: sequence-tagging, dataset: wsj-pos, settings: { tagColumn: "1", encoding: latin1 } }',
  ].join('\n');
  const parsed = await parseStudySpec(yaml, 'study.yaml');
  assert.deepEqual(parsed.miniExperiments[0]!.datasetSettings, { tagColumn: 1, encoding: 'latin1' });
  const rejects = async (raw: RawStudySpec, pattern: RegExp) =>
    assert.rejects(
      validateStudySpec(raw, 'study.yaml'),
      (error: unknown) => error instanceof StudySpecError && pattern.test(error.message),
    );
  await rejects(
    spec({ tagset: 'penn' }),
    /^study\.yaml: miniExperiments\[0\]\.settings\.tagset: dataset 'brown-pos': setting tagset=penn is not one of universal, fine$/,
  );
  await rejects(
    spec({ tagst: 'fine' }),
    /miniExperiments\[0\]\.settings\.tagst: no setting 'tagst' in task 'sequence-tagging' or dataset 'brown-pos'; did you mean tagset\?/,
  );
});

after(removeTempDirs);

test('a study run hands dataset settings to the workers: tagColumn=3 reads the NER column of a CoNLL-2003 file', async () => {
  const data = tempDir();
  // 'word POS chunk NER': POS tags are one in five each, NER tags O four in five.
  const lines = ['-DOCSTART- -X- -X- O', ''];
  for (let s = 0; s < 12; s++) lines.push(`Acme${s} NNP B-NP B-ORG`, 'rose VBD B-VP O', '5 CD B-NP O', '% NN I-NP O', '. . O O', '');
  writeUtf8(path.join(data, 'train.txt'), lines.join('\n'));
  writeUtf8(path.join(data, 'test.txt'), lines.join('\n'));
  const specFile = path.join(tempDir(), 'columns.json');
  const experiment = { task: 'sequence-tagging', dataset: 'wsj-pos', maxEpochs: 1, fixed: { units: 32, layers: 1 } };
  writeFileSync(
    specFile,
    JSON.stringify({
      activations: ['relu'],
      configurations: 1,
      repeats: 1,
      seed: 1,
      backend: 'wasm',
      dataDir: data,
      miniExperiments: [experiment, { ...experiment, settings: { tagColumn: 3 } }],
    }),
  );
  const out = path.join(tempDir(), 'study');
  const run = await runActbench(['run', specFile, '--out', out, '--workers', '1']);
  assert.equal(run.status, 0, run.stderr);
  const byExperiment = new Map(readLedgers(out).records.map((record) => [record.miniExperiment, record]));
  assert.equal(byExperiment.get('sequence-tagging/wsj-pos')!.baseline['majorityTagAccuracy'], 0.2);
  assert.equal(byExperiment.get('sequence-tagging/wsj-pos/tagColumn=3')!.baseline['majorityTagAccuracy'], 0.8);
});
