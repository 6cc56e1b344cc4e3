import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

import { tokenize } from './tokenize.js';

test('splits words and punctuation, Treebank-style clitics', async () => {
  const [tokens] = await tokenize(["Don't stop: it's 5:30 in the U.S., isn't it?! We'll see... I can’t."], { lowercase: false });
  assert.deepEqual(tokens, [
    'Do',
    "n't",
    'stop',
    ':',
    'it',
    "'s",
    '5:30',
    'in',
    'the',
    'U.S.',
    ',',
    'is',
    "n't",
    'it',
    '?',
    '!',
    'We',
    "'ll",
    'see',
    '...',
    'I',
    'ca',
    "n't",
    '.',
  ]);
});

test('keeps Unicode, hyphenated and apostrophe words whole', async () => {
  const [tokens] = await tokenize(["Café déjà-vu naïve o'clock rock'n'roll 1,000 12.50 \"quoted\" (paren) — e-mail"], { lowercase: false });
  assert.deepEqual(tokens, [
    'Café',
    'déjà-vu',
    'naïve',
    "o'clock",
    "rock'n'roll",
    '1,000',
    '12.50',
    '"',
    'quoted',
    '"',
    '(',
    'paren',
    ')',
    '—',
    'e-mail',
  ]);
});

test('NFC-normalizes, so a decomposed accent matches the precomposed word', async () => {
  const [decomposed, precomposed] = await tokenize(['cafe\u0301', 'caf\u00e9']);
  assert.deepEqual(decomposed, precomposed);
});

test('lowercases by default, not when asked', async () => {
  assert.deepEqual(await tokenize(['The Cat SAT.']), [['the', 'cat', 'sat', '.']]);
  assert.deepEqual(await tokenize(['The Cat SAT.'], { lowercase: false }), [['The', 'Cat', 'SAT', '.']]);
});

test('empty and blank texts give empty lists; one list per text', async () => {
  assert.deepEqual(await tokenize(['', '   \n\t', 'a']), [[], [], ['a']]);
  assert.deepEqual(await tokenize([]), []);
});

test('tokenizing writes nothing to stdout and does not read .env from the working folder', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'actbench-tokenize-'));
  try {
    // dotenv (pulled in by natural's entry point) would load this file and print a banner.
    await writeFile(path.join(dir, '.env'), 'ACTBENCH_DOTENV_PROBE=loaded\n');
    const moduleUrl = pathToFileURL(fileURLToPath(new URL('./tokenize.ts', import.meta.url))).href;
    const script = `
      const { tokenize } = await import(${JSON.stringify(moduleUrl)});
      const result = await tokenize(['Hello, world!']);
      process.stderr.write(JSON.stringify({ result, probe: process.env.ACTBENCH_DOTENV_PROBE ?? null }));
    `;
    const env = { ...process.env };
    delete env.DOTENV_CONFIG_QUIET;
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), '--input-type=module', '-e', script],
      { cwd: dir, env },
    );
    assert.equal(stdout, '');
    assert.deepEqual(JSON.parse(stderr), { result: [['hello', ',', 'world', '!']], probe: null });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
