// `actbench datasets`, and dataset settings reaching the data through `actbench train`, on small
// files in the original CoNLL layouts. Listings and errors run the command line in this process
// (runCli); trainings run in child processes, several at once.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { removeTempDirs, tempDir, writeLatin1, writeUtf8 } from '../data/readers/format-test-support.js';
import { packageRoot } from '../util/package-root.js';
import { runActbench, runActbenchHere } from './cli-test-support.js';

after(removeTempDirs);

const WASM = { ACTBENCH_BACKEND: 'wasm' };
// The in-process runs read this process's environment.
process.env['ACTBENCH_BACKEND'] = 'wasm';

/** CoNLL-2003 'word POS chunk NER' sentences: five distinct POS tags, four of five NER tags O. */
function conll2003(sentences: number, word = 'Acme'): string {
  const lines = ['-DOCSTART- -X- -X- O', ''];
  for (let s = 0; s < sentences; s++)
    lines.push(`${word}${s} NNP B-NP B-ORG`, 'rose VBD B-VP O', '5 CD B-NP O', '% NN I-NP O', '. . O O', '');
  return lines.join('\n');
}

function wsjFolder(text: string, write = writeUtf8): string {
  const dir = tempDir();
  write(path.join(dir, 'train.txt'), text);
  write(path.join(dir, 'test.txt'), text);
  return dir;
}

function train(dataset: string, dataDir: string, ...extra: string[]) {
  return runActbench(
    [
      'train',
      '--task',
      'sequence-tagging',
      '--dataset',
      dataset,
      '--data-dir',
      dataDir,
      '--activation',
      'relu',
      '--epochs',
      '1',
      '--set',
      'units=32',
      '--json',
      ...extra,
    ],
    WASM,
  );
}

// biome-ignore lint/suspicious/noExplicitAny: the tests read deep into the printed JSON and assert every field they touch
type Json = Record<string, any>;

function lastJson(stdout: string): Json {
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Json;
}

test('datasets --json lists every dataset file with group, kind, size, offline, settings and the tasks that take it', async () => {
  const run = await runActbenchHere(['datasets', '--json']);
  assert.equal(run.status, 0, run.stderr);
  const rows = JSON.parse(run.stdout) as {
    name: string;
    group: string;
    kind: string;
    size: number;
    offline: boolean;
    settings: Record<string, { default: unknown }>;
    tasks: string[];
  }[];
  const files = readdirSync(path.join(packageRoot(), 'datasets')).filter(
    (file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.startsWith('_'),
  );
  assert.deepEqual(rows.map((row) => row.name).sort(), files.map((file) => file.replace(/\.ts$/, '')).sort());
  const byName = new Map(rows.map((row) => [row.name, row]));
  assert.deepEqual(byName.get('brown-pos')!.tasks, ['lstm-gates', 'sequence-tagging']);
  assert.equal(byName.get('brown-pos')!.settings['tagset']!.default, 'universal');
  assert.equal(byName.get('cifar100')!.settings['labels']!.default, 'fine');
  assert.deepEqual(byName.get('cifar10')!.tasks, ['cifar10', 'image-classification', 'image-resnet']);
  assert.deepEqual(byName.get('mnist')!.tasks, ['image-classification', 'image-resnet']);
  assert.deepEqual(
    [byName.get('mr')!.group, byName.get('mr')!.kind, byName.get('mr')!.offline],
    ['sentence', 'text-classification', false],
  );
  assert.equal(byName.get('wsj-pos')!.settings['tagColumn']!.default, 'auto');
  for (const row of rows) assert.ok(row.tasks.length > 0 && row.size > 0, row.name);

  const text = await runActbenchHere(['datasets']);
  assert.equal(text.status, 0, text.stderr);
  assert.match(
    text.stdout,
    /^brown-pos +tagging +57340 +yes +lstm-gates, sequence-tagging +tagset=universal\|fine splitBy=document\|sentence$/m,
  );
});

test('tasks --json shows each dataset with its settings', async () => {
  const run = await runActbenchHere(['tasks', '--json']);
  assert.equal(run.status, 0, run.stderr);
  const tasks = JSON.parse(run.stdout) as { name: string; datasets: { name: string; settings: Record<string, unknown> }[] }[];
  const tagging = tasks.find((task) => task.name === 'sequence-tagging')!;
  assert.deepEqual(
    tagging.datasets.map((dataset) => dataset.name),
    ['brown-pos', 'tl-am', 'wsj-pos'],
  );
  assert.ok('tagset' in tagging.datasets[0]!.settings);
  assert.deepEqual(
    tasks.find((task) => task.name === 'cifar100')!.datasets.map((dataset) => dataset.name),
    ['cifar100'],
  );
});

test('train: wsj-pos reads the POS column of CoNLL-2003 and CoNLL-2000 files; --set tagColumn reaches the dataset', async () => {
  const conll2000 = wsjFolder(
    conll2003(12)
      .replace(/ (B-ORG|O)$/gm, '')
      .replace('-DOCSTART- -X- -X-', '-DOCSTART- -X-'),
  );
  const [pos2003, pos2000, ner] = await Promise.all([
    train('wsj-pos', wsjFolder(conll2003(12))),
    train('wsj-pos', conll2000),
    train('wsj-pos', wsjFolder(conll2003(12)), '--set', 'tagColumn=3'),
  ]);
  // The majority-tag baseline tells the columns apart: POS 1 in 5, NER O 4 in 5.
  for (const run of [pos2003, pos2000]) {
    assert.equal(run.status, 0, run.stderr);
    assert.equal(lastJson(run.stdout)['baseline'].majorityTagAccuracy, 0.2);
  }
  assert.equal(ner.status, 0, ner.stderr);
  assert.equal(lastJson(ner.stdout)['baseline'].majorityTagAccuracy, 0.8);
  assert.deepEqual(lastJson(ner.stdout)['datasetSettings'], { tokenColumn: 'auto', tagColumn: 3, encoding: 'auto' });
});

test('train: an unknown layout, a CoNLL file given to tl-am, a bad setting and a wrong encoding are one line each, exit 2', async () => {
  const five = wsjFolder(
    conll2003(3)
      .replace(/ O$/gm, ' O x')
      .replace(/B-ORG$/gm, 'B-ORG x'),
  );
  const latin = wsjFolder(conll2003(3, 'Caf\u00e9'), writeLatin1);
  const amDir = tempDir();
  writeUtf8(
    path.join(amDir, 'train.dat'),
    conll2003(3)
      .replace(/ (B-ORG|O)$/gm, '')
      .replace('-DOCSTART- -X- -X-', '-DOCSTART- -X-'),
  );
  writeUtf8(path.join(amDir, 'test.dat'), 'x');
  const [columns, tlAm, badValue, strict, forced] = await Promise.all([
    train('wsj-pos', five),
    train('tl-am', amDir),
    train('wsj-pos', five, '--set', 'tagColumn=9'),
    train('wsj-pos', latin, '--encoding', 'utf8'),
    train('wsj-pos', latin, '--encoding', 'latin1'),
  ]);
  const oneLine = (run: { status: number | null; stderr: string }, pattern: RegExp) => {
    assert.equal(run.status, 2, run.stderr);
    const errors = run.stderr.split('\n').filter((line) => line.startsWith('actbench: '));
    assert.equal(errors.length, 1, run.stderr);
    assert.match(errors[0]!, pattern);
  };
  oneLine(columns, new RegExp(`${path.join(five, 'train.txt')}:3: found 5 columns .*set the dataset settings tokenColumn and tagColumn`));
  oneLine(
    tlAm,
    new RegExp(`${path.join(amDir, 'train.dat')}:3: expected Eger et al.'s 'index token tag' .* column 0 holds 'Acme0', not a token index`),
  );
  oneLine(badValue, /--set tagColumn=9: dataset 'wsj-pos': setting tagColumn=9 is not one of auto, -1, 0, 1, 2, 3, 4, 5/);
  oneLine(strict, new RegExp(`${path.join(latin, 'train.txt')}:3: not valid UTF-8 \\(byte 0xE9 at column 4\\)`));
  assert.equal(forced.status, 0, forced.stderr);
  assert.equal(lastJson(forced.stdout)['datasetSettings'].encoding, 'latin1');
});

test('train --set: an unknown name lists hyperparameters, task settings and dataset settings, with a suggestion', async () => {
  const run = await runActbenchHere(['train', '--task', 'sequence-tagging', '--activation', 'relu', '--set', 'tagst=fine']);
  assert.equal(run.status, 2);
  assert.match(
    run.stderr,
    /^actbench: --set tagst=fine: unknown name 'tagst'; did you mean tagset\? hyperparameters: .*units; task settings: trainFraction, maxLength; dataset 'brown-pos' settings: tagset, splitBy$/m,
  );
});
