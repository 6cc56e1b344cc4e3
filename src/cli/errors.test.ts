// Errors that echo input or come from the file system: one line, cut and escaped, a non-zero
// exit, naming the file, folder or flag; misspelled flags and commands get a suggestion. The
// command line runs in this process (runCli): what it writes and returns is what the bin prints
// and exits with.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { runActbenchHere, type CliRun } from './cli-test-support.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'actbench-errors-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Exit 2 and exactly one short stderr line starting "actbench: ", matching `pattern`. */
function oneLine(run: CliRun, pattern: RegExp, maxLength = 400): void {
  assert.equal(run.status, 2, run.stderr);
  const lines = run.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, run.stderr);
  assert.ok(lines[0]!.length <= maxLength, `${lines[0]!.length} characters: ${lines[0]!.slice(0, 200)}`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f]/.test(lines[0]!), 'control bytes echoed');
  assert.match(lines[0]!, pattern);
}

test('a binary file or a blob as the spec: one short line, control bytes escaped', async () => {
  const binary = path.join(scratch, 'spec.bin');
  writeFileSync(binary, Buffer.concat([Buffer.from('\u007fELF\u0002\u0001\u0001'), Buffer.alloc(9000, 0), Buffer.alloc(200, 0x1b)]));
  const blob = path.join(scratch, 'blob.yaml');
  writeFileSync(blob, `${'\u001b[31m'.repeat(10)}${'x'.repeat(9000)}\n`);
  const [a, b] = await Promise.all([
    runActbenchHere(['run', binary, '--out', path.join(scratch, 'a'), '--dry-run']),
    runActbenchHere(['run', blob, '--out', path.join(scratch, 'b'), '--dry-run']),
  ]);
  oneLine(a, new RegExp(`^actbench: ${binary}: not a text file \\(it holds NUL bytes\\); expected a JSON or YAML study spec$`));
  oneLine(b, /^actbench: .*blob\.yaml: expected a mapping .*; got '(\\x1b\[31m)+x*…' \(9050 characters\)$/);
});

test('--out naming a file, a path through a file, and status of a folder that is not a study: one line, exit 2', async () => {
  const file = path.join(scratch, 'results.txt');
  writeFileSync(file, 'not a folder\n');
  const notStudy = path.join(scratch, 'photos');
  mkdirSync(notStudy);
  const [out, through, status, missing, statusOfFile] = await Promise.all([
    runActbenchHere(['run', '--preset', 'smoke', '--out', file]),
    runActbenchHere(['run', '--preset', 'smoke', '--out', path.join(file, 'study')]),
    runActbenchHere(['status', notStudy]),
    runActbenchHere(['status', path.join(scratch, 'nothing')]),
    runActbenchHere(['status', file]),
  ]);
  oneLine(out, new RegExp(`^actbench: --out ${file}: is a file; expected a folder`));
  oneLine(through, new RegExp(`^actbench: ${file}/study.*: a part of this path is a file, not a folder$`));
  oneLine(
    status,
    new RegExp(`^actbench: ${notStudy}: not a study folder \\(expected spec\\.json or ledger\\.jsonl, written by actbench run\\)$`),
  );
  oneLine(missing, /nothing: not a study folder \(no such folder\)$/);
  oneLine(statusOfFile, /results\.txt: not a study folder \(a file\)$/);
});

test('misspelled flags and commands: did you mean', async () => {
  const [flags, command] = await Promise.all([
    runActbenchHere(['train', '--task', 'sentence-classification', '--activation', 'relu', '--dat-dir', 'x', '--epoch', '3']),
    runActbenchHere(['dataset']),
  ]);
  oneLine(flags, /^actbench: unknown flags --dat-dir \(did you mean --data-dir\?\), --epoch \(did you mean --epochs\?\); see --help$/);
  oneLine(command, /^actbench: unknown command; did you mean datasets\?$/);
});
