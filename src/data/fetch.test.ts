// fetchDataset against a loopback server: redirects, progress, checksum refusal, idempotence,
// and broken downloads and archives, each one line naming the URL.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import cifar10 from '../../datasets/cifar10.js';
import cifar100 from '../../datasets/cifar100.js';
import { downloadUrl, fetchDataset, FETCHABLE_DATASETS, FetchError, parseChecksum, type DownloadProgress } from './fetch.js';
import { buildCifarArchive, redirectTo, sendFile, serve, type Archive } from './fetch-test-support.js';
import { removeTempDirs, tempDir } from './readers/format-test-support.js';

let server: Awaited<ReturnType<typeof serve>>;
let ten: Archive;
let hundred: Archive;
const garbage = Buffer.from('this is not a tar.gz archive at all\n');

before(async () => {
  [ten, hundred] = await Promise.all([buildCifarArchive('cifar10'), buildCifarArchive('cifar100')]);
  server = await serve({
    '/files/cifar-10-binary.tar.gz': sendFile(ten.bytes),
    '/files/cifar-100-binary.tar.gz': sendFile(hundred.bytes, false),
    '/moved.tar.gz': redirectTo('/files/cifar-10-binary.tar.gz'),
    '/garbage.tar.gz': sendFile(garbage),
    '/cut.tar.gz': sendFile(ten.bytes.subarray(0, Math.floor(ten.bytes.length / 2))),
    '/hang.tar.gz': (response) => {
      response.writeHead(200, { 'content-length': '1000' });
      response.write(Buffer.alloc(10));
    },
    '/short.tar.gz': (response) => {
      response.writeHead(200, { 'content-length': String(ten.bytes.length + 50) });
      response.end(ten.bytes);
    },
  });
});
after(async () => {
  await server.close();
  removeTempDirs();
});

const md5 = (hex: string) => ({ algorithm: 'md5', hex });

test('parseChecksum and downloadUrl: valid forms, and errors that say what is wrong', () => {
  assert.deepEqual(parseChecksum('MD5:C32A1D4AB5D03F1284B67883E8D87530'), md5('c32a1d4ab5d03f1284b67883e8d87530'));
  assert.equal(parseChecksum(`sha256:${'ab'.repeat(32)}`).algorithm, 'sha256');
  assert.throws(() => parseChecksum('c32a1d4ab5d03f1284b67883e8d87530'), /expected ALGO:HEX/);
  assert.throws(() => parseChecksum('crc99:abcd'), /unknown hash algorithm 'crc99'/);
  assert.throws(() => parseChecksum('md5:abcd'), /a md5 digest has 32 hex digits, 'abcd' has 4/);
  const spec = FETCHABLE_DATASETS['cifar10']!;
  assert.equal(downloadUrl(spec), 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz');
  assert.equal(downloadUrl(spec, 'http://mirror.example/data/'), 'http://mirror.example/data/cifar-10-binary.tar.gz');
  assert.equal(downloadUrl(spec, 'http://mirror.example/c10.tgz'), 'http://mirror.example/c10.tgz');
  assert.throws(() => downloadUrl(spec, 'mirror.example'), /'mirror\.example' is not a URL/);
  assert.throws(() => downloadUrl(spec, 'ftp://mirror.example/'), /not an http or https URL/);
});

test('fetch through a redirect: progress to the full size, checksum verified, unpacked where the loader finds it; again: present', async () => {
  const dataDir = path.join(tempDir(), 'new', 'data');
  const seen: DownloadProgress[] = [];
  const result = await fetchDataset({
    dataset: 'cifar10',
    dataDir,
    mirror: `${server.base}/moved.tar.gz`,
    checksum: md5(ten.md5),
    onProgress: (p) => seen.push({ ...p }),
  });
  assert.deepEqual(result, {
    status: 'fetched',
    folder: path.join(dataDir, 'cifar-10-batches-bin'),
    url: `${server.base}/moved.tar.gz`,
    bytes: ten.bytes.length,
    checksum: md5(ten.md5),
  });
  assert.deepEqual(seen[0], { bytes: 0, total: ten.bytes.length });
  assert.equal(seen.at(-1)!.bytes, ten.bytes.length);
  assert.ok(seen.every((p, i) => i === 0 || p.bytes >= seen[i - 1]!.bytes));
  // Only the unpacked folder is left: no partial download, no staging folder.
  assert.deepEqual(readdirSync(dataDir), ['cifar-10-batches-bin']);
  const splits = await cifar10.load({ dataDir });
  assert.deepEqual([splits.train.count, splits.dev.count, splits.test.count], [45, 5, 10]);

  const requestsBefore = server.requests.length;
  assert.deepEqual(await fetchDataset({ dataset: 'cifar10', dataDir, mirror: `${server.base}/moved.tar.gz` }), {
    status: 'present',
    folder: path.join(dataDir, 'cifar-10-batches-bin'),
  });
  assert.equal(server.requests.length, requestsBefore, 'a present dataset is not downloaded again');
});

test('a mirror folder URL, no Content-Length: CIFAR-100 fetched with progress of unknown total', async () => {
  const dataDir = tempDir();
  const seen: DownloadProgress[] = [];
  const result = await fetchDataset({
    dataset: 'cifar100',
    dataDir,
    mirror: `${server.base}/files/`,
    checksum: md5(hundred.md5),
    onProgress: (p) => seen.push({ ...p }),
  });
  assert.equal(result.status, 'fetched');
  assert.ok(seen.every((p) => p.total === undefined));
  assert.equal((await cifar100.load({ dataDir, settings: { labels: 'coarse' } })).classNames.length, 20);
});

test('checksum mismatch: refused with expected and actual, and nothing is left behind', async () => {
  const dataDir = tempDir();
  await assert.rejects(fetchDataset({ dataset: 'cifar10', dataDir, mirror: `${server.base}/files/` }), (error: unknown) => {
    assert.ok(error instanceof FetchError);
    assert.equal(
      error.message,
      `${server.base}/files/cifar-10-binary.tar.gz: md5 checksum mismatch: expected c32a1d4ab5d03f1284b67883e8d87530, got ${ten.md5}; the download was deleted`,
    );
    return true;
  });
  assert.deepEqual(readdirSync(dataDir), []);
});

test('HTTP errors, refused connections, stalls, short bodies and bad archives: one line each, nothing left', async () => {
  const dataDir = tempDir();
  // A port that was free a moment ago: nothing listens there.
  const closed = await serve({});
  await closed.close();
  const cases: [string, RegExp][] = [
    [`${server.base}/nothing-here.tar.gz`, /^GET http:\/\/127\.0\.0\.1:\d+\/nothing-here\.tar\.gz: HTTP 404 Not Found, expected 200$/],
    [`${closed.base}/cifar.tar.gz`, /^could not download http:\/\/127\.0\.0\.1:\d+\/cifar\.tar\.gz: ECONNREFUSED.*--mirror URL/],
    [`${server.base}/hang.tar.gz`, /^download of .*hang\.tar\.gz broke off after 10 bytes: no data for 0\.3 s$/],
    [`${server.base}/short.tar.gz`, /^download of .*short\.tar\.gz (broke off|ended) after \d+/],
  ];
  for (const [mirror, pattern] of cases) {
    await assert.rejects(fetchDataset({ dataset: 'cifar10', dataDir, mirror, checksum: md5(ten.md5), stallMs: 300 }), (error: unknown) => {
      assert.ok(error instanceof FetchError, String(error));
      assert.match(error.message, pattern);
      assert.ok(!error.message.includes('\n'));
      return true;
    });
  }
  const garbageMd5 = createHash('md5').update(garbage).digest('hex');
  await assert.rejects(
    fetchDataset({ dataset: 'cifar10', dataDir, mirror: `${server.base}/garbage.tar.gz`, checksum: md5(garbageMd5) }),
    /^FetchError: could not unpack the archive from .*garbage\.tar\.gz: /,
  );
  const cut = ten.bytes.subarray(0, Math.floor(ten.bytes.length / 2));
  await assert.rejects(
    fetchDataset({
      dataset: 'cifar10',
      dataDir,
      mirror: `${server.base}/cut.tar.gz`,
      checksum: md5(createHash('md5').update(cut).digest('hex')),
    }),
    /could not unpack the archive from .*cut\.tar\.gz: zlib: unexpected end of file/,
  );
  // A sound archive of the other dataset: unpacks, but lacks the files.
  await assert.rejects(
    fetchDataset({ dataset: 'cifar10', dataDir, mirror: `${server.base}/files/cifar-100-binary.tar.gz`, checksum: md5(hundred.md5) }),
    /does not hold cifar10's files \(data_batch_1\.bin, data_batch_2\.bin/,
  );
  assert.deepEqual(readdirSync(dataDir), []);
});

test('an incomplete folder of the same name is never overwritten', async () => {
  const dataDir = tempDir();
  mkdirSync(path.join(dataDir, 'cifar-10-batches-bin'));
  await assert.rejects(
    fetchDataset({ dataset: 'cifar10', dataDir, mirror: `${server.base}/files/`, checksum: md5(ten.md5) }),
    /cifar-10-batches-bin exists but does not hold all of cifar10's files; move it away/,
  );
});

test('a folder with a truncated batch is not taken for the dataset: one line naming the file, nothing downloaded', async () => {
  const dataDir = tempDir();
  await fetchDataset({ dataset: 'cifar10', dataDir, mirror: `${server.base}/files/`, checksum: md5(ten.md5) });
  const folder = path.join(dataDir, 'cifar-10-batches-bin');
  const batch = path.join(folder, 'data_batch_3.bin');
  const whole = readFileSync(batch);
  const requestsBefore = server.requests.length;
  const refuses = (pattern: RegExp) =>
    assert.rejects(
      fetchDataset({ dataset: 'cifar10', dataDir, mirror: `${server.base}/files/`, checksum: md5(ten.md5) }),
      (error: unknown) => {
        assert.ok(error instanceof FetchError, String(error));
        assert.match(error.message, pattern);
        assert.ok(!error.message.includes('\n'));
        return true;
      },
    );
  writeFileSync(batch, whole.subarray(0, whole.length - 1000));
  await refuses(
    new RegExp(
      `^cifar10 is in .*cifar-10-batches-bin but not whole: .*data_batch_3\\.bin is ${whole.length - 1000} bytes, not a whole number of 3073-byte records \\(cut short\\?\\); move the folder away`,
    ),
  );
  // Cut on a record boundary: smaller than its sibling batches.
  writeFileSync(batch, whole.subarray(0, whole.length - 3073));
  await refuses(/data_batch_3\.bin is \d+ bytes, smaller than the other batches' \d+ \(cut short\?\)/);
  writeFileSync(path.join(folder, 'batches.meta.txt'), '');
  writeFileSync(batch, whole);
  await refuses(/batches\.meta\.txt is empty/);
  assert.equal(server.requests.length, requestsBefore);
});
