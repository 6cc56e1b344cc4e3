// `actbench data fetch` end to end: the command line in a child process against a loopback HTTP
// server serving an archive the test builds in the real CIFAR layout (never the internet); its
// input errors, which stop before any download, in this process (runCli).
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { buildCifarArchive, sendFile, serve, type Archive } from '../data/fetch-test-support.js';
import { removeTempDirs, tempDir } from '../data/readers/format-test-support.js';
import { runActbench, runActbenchHere, type CliRun } from './cli-test-support.js';

type Run = CliRun;

const actbench = (args: string[], env: Record<string, string> = {}): Promise<Run> => runActbench(args, { ACTBENCH_DATA: '', ...env });
// The in-process runs read this process's environment.
process.env['ACTBENCH_DATA'] = '';

const show = (run: Run) => `exit ${run.status}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;

/**
 * Exit `status`, nothing on stdout, and the error as one "actbench: …" line ending stderr;
 * `progressBefore`: a failed download may have shown its progress lines first.
 */
function oneLineError(run: Run, status: number, progressBefore = false): string {
  assert.equal(run.status, status, show(run));
  assert.equal(run.stdout, '', show(run));
  const lines = run.stderr.split('\n').filter((line) => line !== '');
  if (!progressBefore) assert.equal(lines.length, 1, show(run));
  assert.equal(lines.filter((line) => line.startsWith('actbench: ')).length, 1, show(run));
  assert.match(lines.at(-1)!, /^actbench: /);
  return lines.at(-1)!;
}

let server: Awaited<ReturnType<typeof serve>>;
let archive: Archive;

before(async () => {
  archive = await buildCifarArchive('cifar10');
  server = await serve({ '/mirror/cifar-10-binary.tar.gz': sendFile(archive.bytes) });
});
after(async () => {
  await server.close();
  removeTempDirs();
});

test('fetch: downloads with progress, verifies, unpacks (exit 0); the second time says it is there and downloads nothing', async () => {
  const dataDir = tempDir();
  const fetched = await actbench([
    'data',
    'fetch',
    'cifar10',
    '--data-dir',
    dataDir,
    '--mirror',
    `${server.base}/mirror/`,
    '--checksum',
    `md5:${archive.md5}`,
  ]);
  assert.equal(fetched.status, 0, show(fetched));
  const folder = path.join(dataDir, 'cifar-10-batches-bin');
  assert.equal(
    fetched.stdout,
    `cifar10: ${(archive.bytes.length / 1024).toFixed(1)} KiB from ${server.base}/mirror/cifar-10-binary.tar.gz, md5 ${archive.md5} verified, unpacked into ${folder}\n`,
  );
  assert.match(fetched.stderr, new RegExp(`downloading ${server.base}/mirror/cifar-10-binary\\.tar\\.gz\\n`));
  assert.match(
    fetched.stderr,
    new RegExp(
      `download cifar10 0/${archive.bytes.length} \\(0%\\) elapsed \\d+s ETA \\?  0\\.0 KiB of ${(archive.bytes.length / 1024).toFixed(1)} KiB\\n`,
    ),
  );
  assert.match(fetched.stderr, /download cifar10 done in \d+s\n/);
  assert.deepEqual(readdirSync(folder).sort(), [
    'batches.meta.txt',
    'data_batch_1.bin',
    'data_batch_2.bin',
    'data_batch_3.bin',
    'data_batch_4.bin',
    'data_batch_5.bin',
    'readme.html',
    'test_batch.bin',
  ]);

  const requests = server.requests.length;
  // ACTBENCH_DATA stands in for --data-dir.
  const again = await actbench(['data', 'fetch', 'cifar10', '--mirror', `${server.base}/mirror/`], { ACTBENCH_DATA: dataDir });
  assert.equal(again.status, 0, show(again));
  assert.equal(again.stdout, `cifar10 is already in ${folder}; nothing to fetch\n`);
  assert.equal(server.requests.length, requests);
});

test('fetch failures exit 1 with one line: checksum mismatch (download deleted), HTTP 404', async () => {
  const dataDir = tempDir();
  const [mismatch, missing] = await Promise.all([
    actbench(['data', 'fetch', 'cifar10', '--data-dir', dataDir, '--mirror', `${server.base}/mirror/`]),
    actbench(['data', 'fetch', 'cifar100', '--data-dir', dataDir, '--mirror', `${server.base}/mirror/`]),
  ]);
  assert.equal(
    oneLineError(mismatch, 1, true),
    `actbench: ${server.base}/mirror/cifar-10-binary.tar.gz: md5 checksum mismatch: expected c32a1d4ab5d03f1284b67883e8d87530, got ${archive.md5}; the download was deleted`,
  );
  assert.equal(oneLineError(missing, 1), `actbench: GET ${server.base}/mirror/cifar-100-binary.tar.gz: HTTP 404 Not Found, expected 200`);
  assert.deepEqual(readdirSync(dataDir), []);
});

test('bad input exits 2 with one line naming the flag or the argument', async () => {
  const dataDir = tempDir();
  const runs = await Promise.all([
    runActbenchHere(['data', 'fetch', 'mnist', '--data-dir', dataDir]),
    runActbenchHere(['data', 'fetch', 'cifar10']),
    runActbenchHere(['data', 'fetch', 'cifar10', '--data-dir', dataDir, '--checksum', 'md5:xyz']),
    runActbenchHere(['data', 'fetch', 'cifar10', '--data-dir', dataDir, '--mirror', 'mirror.example/files']),
    runActbenchHere(['data']),
  ]);
  const lines = runs.map((run) => oneLineError(run, 2));
  assert.match(lines[0]!, /data fetch: 'mnist' cannot be fetched; choose cifar10 or cifar100/);
  assert.match(lines[1]!, /data fetch: give --data-dir DIR \(or set ACTBENCH_DATA\)/);
  assert.match(lines[2]!, /--checksum: expected ALGO:HEX/);
  assert.match(lines[3]!, /--mirror: 'mirror\.example\/files' is not a URL/);
  assert.match(lines[4]!, /data: give a subcommand: fetch/);
  assert.deepEqual(
    server.requests.filter((url) => !url.startsWith('/mirror/')),
    [],
  );
});
