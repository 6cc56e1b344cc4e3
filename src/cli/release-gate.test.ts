// The release gate end to end: a study run by this code, the same study run by a copy of the
// project with one deliberate bug (swish's derivative negated in the kernel the registry picks),
// and `actbench compare` between them. The bug must fail the gate on swish alone; the activations
// it does not touch must come out bit-identical, and a study compared with itself must pass.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { packageRoot } from '../util/package-root.js';
import { runActbench } from './cli-test-support.js';

const root = mkdtempSync(path.join(tmpdir(), 'actbench-gate-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** Eight paired configurations of a small MLP on 300 sentences: a few seconds a study. */
const SPEC = {
  name: 'gate-test',
  activations: ['relu', 'swish', 'tanh'],
  miniExperiments: [
    {
      task: 'sentence-classification',
      dataset: 'uci-sentiment',
      limit: 300,
      maxEpochs: 4,
      fixed: { optimizer: 'adam', layers: 1, units: 32 },
    },
  ],
  configurations: 8,
  repeats: 1,
  seed: 5,
  backend: 'wasm',
};

/** A copy of the project's code (dependencies shared through a link) in which swish's derivative has the wrong sign. */
function brokenCopy(): string {
  const copy = path.join(root, 'broken');
  for (const part of ['package.json', 'tsconfig.json', 'src', 'activations', 'tasks', 'datasets']) {
    cpSync(path.join(packageRoot(), part), path.join(copy, part), { recursive: true });
  }
  symlinkSync(path.join(packageRoot(), 'node_modules'), path.join(copy, 'node_modules'));
  const swish = path.join(copy, 'activations', 'swish.ts');
  const source = readFileSync(swish, 'utf8');
  const broken = source.replace('return s + y * (1 - s);', 'return -(s + y * (1 - s));');
  assert.notEqual(broken, source, 'the derivative to break is where this test expects it');
  writeFileSync(swish, broken);
  // The registry must pick the broken kernel on wasm (it picks the SIMD one by measurement).
  const choiceFile = path.join(copy, 'activations', 'variant-choice.json');
  const choice = JSON.parse(readFileSync(choiceFile, 'utf8')) as Record<string, Record<string, string>>;
  choice['wasm']!['swish'] = 'fused';
  writeFileSync(choiceFile, JSON.stringify(choice));
  return copy;
}

test('a wrong derivative in one activation fails the gate on that activation; untouched activations stay bit-identical; an unchanged study passes', async () => {
  const specFile = path.join(root, 'gate.json');
  writeFileSync(specFile, JSON.stringify(SPEC));
  const good = path.join(root, 'good');
  const bad = path.join(root, 'bad');
  const copy = brokenCopy();
  const [goodRun, badRun] = await Promise.all([
    runActbench(['run', specFile, '--out', good, '--workers', '1']),
    runActbench(['run', specFile, '--out', bad, '--workers', '1'], {}, copy),
  ]);
  assert.equal(goodRun.status, 0, goodRun.stderr);
  assert.equal(badRun.status, 0, badRun.stderr);

  const same = await runActbench(['compare', good, good]);
  assert.equal(same.status, 0, same.stdout + same.stderr);

  const gate = await runActbench(['compare', good, bad, '--md', path.join(root, 'comment.md')]);
  assert.equal(gate.status, 1, gate.stdout + gate.stderr);
  assert.match(gate.stderr, /1 significant regression/);
  const comment = readFileSync(path.join(root, 'comment.md'), 'utf8');
  const row = (activation: string) => comment.split('\n').find((line) => line.includes(`| ${activation} |`)) ?? '';
  assert.match(row('swish'), /regression/);
  assert.match(row('relu'), /unchanged/);
  assert.match(row('tanh'), /unchanged/);
});
