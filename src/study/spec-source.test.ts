// Loading a command's spec from a file or a preset: exactly one of them, the command line's
// backend and data folder applied before validation (so a spec of original-format datasets is
// valid with --data-dir alone), and one-line errors naming the file, preset or command.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { PRESET_NAMES } from './presets.js';
import { loadStudySpec, withOverrides } from './spec-source.js';

const root = mkdtempSync(path.join(tmpdir(), 'actbench-spec-source-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('a spec file needing original data files is valid with the --data-dir override, not without', async () => {
  const file = path.join(root, 'mr.yaml');
  writeFileSync(
    file,
    'activations: [relu]\nminiExperiments:\n  - { task: sentence-classification, dataset: mr }\nconfigurations: 1\nrepeats: 1\nseed: 1\n',
  );
  await assert.rejects(loadStudySpec({ specFile: file }, 'run'), {
    name: 'StudySpecError',
    message: /mr\.yaml: miniExperiments\[0\]\.dataset: 'mr' is read from its original files/,
  });
  const data = path.join(root, 'data');
  mkdirSync(data);
  const spec = await loadStudySpec({ specFile: file, dataDir: data, backend: 'cpu' }, 'run');
  assert.equal(spec.dataDir, data);
  assert.equal(spec.backend, 'cpu');
  assert.equal(spec.name, 'mr');
});

test('presets take the overrides; a bad override fails like a bad field', async () => {
  const smoke = await loadStudySpec({ preset: 'smoke', backend: 'wasm' }, 'slurm');
  assert.equal(smoke.backend, 'wasm');
  await assert.rejects(loadStudySpec({ preset: 'smoke', backend: 'gpu9' }, 'slurm'), {
    name: 'StudySpecError',
    message: /backend: unknown backend 'gpu9'/,
  });
  // A validated spec validates to itself: what `actbench slurm` saves, the array tasks read back.
  assert.deepEqual(await withOverrides(smoke, { backend: 'wasm' }, 'again'), smoke);
  assert.equal(await withOverrides(smoke, {}, 'again'), smoke);
});

test('neither, both, an unknown preset and an unreadable file are one-line errors', async () => {
  await assert.rejects(loadStudySpec({}, 'queue push'), {
    name: 'StudySpecError',
    message: 'queue push: give a spec file or --preset NAME (one of them)',
  });
  await assert.rejects(loadStudySpec({ specFile: 'x.yaml', preset: 'smoke' }, 'slurm'), {
    message: /^slurm: give a spec file or --preset NAME/,
  });
  await assert.rejects(loadStudySpec({ preset: 'smok' }, 'run'), {
    message: `--preset: unknown preset 'smok'; choose ${PRESET_NAMES.join(', ')}`,
  });
  await assert.rejects(loadStudySpec({ specFile: path.join(root, 'missing.yaml') }, 'run'), {
    message: /missing\.yaml: cannot read the study spec$/,
  });
});
