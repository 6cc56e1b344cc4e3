// Downloading the datasets that are published as one archive (CIFAR-10 and CIFAR-100): stream
// it to a temporary file while hashing it, refuse it unless the checksum matches, and unpack it
// into the data folder so that the dataset's loader finds it. Nothing is printed here: progress
// goes to a callback, and the command line shows it.
import { createHash, getHashes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { extract } from 'tar';
import { CIFAR10_FILES, CIFAR10_FORMAT, CIFAR100_FILES, cifar100Format, cifarRecordBytes } from './readers/cifar.js';
import { locateDataFiles, type DataFilesSpec } from './readers/data-dir.js';

export interface Checksum {
  /** A node:crypto hash name: md5, sha1, sha256, … */
  algorithm: string;
  /** Lowercase hex digest. */
  hex: string;
}

export interface ArchiveSpec {
  /** The official address of the archive. */
  url: string;
  /** The checksum its publisher gives. */
  checksum: Checksum;
  /** The folder the archive unpacks to, as the loader's DataFilesSpec names it. */
  folder: string;
  /** The files the loader needs: present (and whole, see records) means fetched. */
  files: DataFilesSpec<string>;
  /**
   * The files (keys of files.required) made of fixed-size records, and sets of them the release
   * makes equal in size: a copy cut short almost never ends on a record boundary, and one that
   * does leaves a batch smaller than its siblings.
   */
  records: { bytes: number; keys: string[]; sameSize?: string[] };
}

/** Checksums as published on cs.toronto.edu/~kriz/cifar.html. */
export const FETCHABLE_DATASETS: Readonly<Record<string, ArchiveSpec>> = {
  cifar10: {
    url: 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz',
    checksum: { algorithm: 'md5', hex: 'c32a1d4ab5d03f1284b67883e8d87530' },
    folder: 'cifar-10-batches-bin',
    files: CIFAR10_FILES,
    records: {
      bytes: cifarRecordBytes(CIFAR10_FORMAT),
      keys: ['batch1', 'batch2', 'batch3', 'batch4', 'batch5', 'test'],
      sameSize: ['batch1', 'batch2', 'batch3', 'batch4', 'batch5'],
    },
  },
  cifar100: {
    url: 'https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz',
    checksum: { algorithm: 'md5', hex: '03b5dce01913d631647c71ecec9e9cb8' },
    folder: 'cifar-100-binary',
    files: CIFAR100_FILES,
    records: { bytes: cifarRecordBytes(cifar100Format('fine')), keys: ['train', 'test'] },
  },
};

/** A download, checksum or unpacking failure; the message is one line naming the URL or file. */
export class FetchError extends Error {
  override name = 'FetchError';
}

/** "ALGO:HEX" → a Checksum; throws an Error saying what is wrong (the caller names the flag). */
export function parseChecksum(text: string): Checksum {
  const match = /^([A-Za-z0-9-]+):([0-9A-Fa-f]+)$/.exec(text.trim());
  if (!match) throw new Error(`expected ALGO:HEX (e.g. md5:${FETCHABLE_DATASETS['cifar10']!.checksum.hex}), got '${text}'`);
  const algorithm = match[1]!.toLowerCase();
  const hex = match[2]!.toLowerCase();
  if (!getHashes().includes(algorithm)) throw new Error(`unknown hash algorithm '${algorithm}'; use md5, sha1, sha256 or sha512`);
  const digits = createHash(algorithm).digest().length * 2;
  if (hex.length !== digits) throw new Error(`a ${algorithm} digest has ${digits} hex digits, '${hex}' has ${hex.length}`);
  return { algorithm, hex };
}

/** Where to download from: a mirror URL ending in "/" is a folder holding the archive under its official name. */
export function downloadUrl(spec: ArchiveSpec, mirror?: string): string {
  if (mirror === undefined) return spec.url;
  let parsed: URL;
  try {
    parsed = new URL(mirror);
  } catch {
    throw new Error(`'${mirror}' is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`'${mirror}' is not an http or https URL`);
  return mirror.endsWith('/') ? new URL(path.posix.basename(new URL(spec.url).pathname), parsed).href : parsed.href;
}

export interface DownloadProgress {
  bytes: number;
  /** From Content-Length; undefined when the server does not say. */
  total: number | undefined;
}

export interface FetchOptions {
  dataset: string;
  dataDir: string;
  mirror?: string;
  /** Replaces the official checksum (for a mirror that serves a repacked archive). */
  checksum?: Checksum;
  onProgress?: (progress: DownloadProgress) => void;
  /** A download that receives nothing for this long is abandoned (default 60 s). */
  stallMs?: number;
}

export type FetchResult =
  | { status: 'present'; folder: string }
  | { status: 'fetched'; folder: string; url: string; bytes: number; checksum: Checksum };

async function exists(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined)) !== undefined;
}

/** What is wrong with the sizes of a located set of files, in one line, or undefined when they are whole. */
async function sizeProblem(files: Record<string, string>, spec: ArchiveSpec): Promise<string | undefined> {
  const sizes = new Map<string, number>();
  for (const [key, file] of Object.entries(files)) {
    const size = (await stat(file)).size;
    if (size === 0) return `${file} is empty`;
    sizes.set(key, size);
  }
  const { bytes, keys, sameSize = [] } = spec.records;
  for (const key of keys) {
    const size = sizes.get(key)!;
    if (size % bytes !== 0) return `${files[key]!} is ${size} bytes, not a whole number of ${bytes}-byte records (cut short?)`;
  }
  const largest = Math.max(...sameSize.map((key) => sizes.get(key)!));
  const short = sameSize.find((key) => sizes.get(key)! < largest);
  return short === undefined
    ? undefined
    : `${files[short]!} is ${sizes.get(short)!} bytes, smaller than the other batches' ${largest} (cut short?)`;
}

/**
 * The folder of the located files, when the dataset is already in `dataDir` (in any folder its
 * loader accepts), or what is wrong with the files found there.
 */
async function presentFolder(dataDir: string, spec: ArchiveSpec): Promise<{ folder: string; problem?: string } | undefined> {
  let files: Record<string, string>;
  try {
    files = await locateDataFiles(dataDir, spec.files);
  } catch {
    return undefined;
  }
  const folder = path.dirname(Object.values<string>(files)[0]!);
  const problem = await sizeProblem(files, spec);
  return problem === undefined ? { folder } : { folder, problem };
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  if (cause?.code) return `${cause.code}${cause.message && !cause.message.includes(cause.code) ? ` (${cause.message})` : ''}`;
  return cause?.message ?? (error instanceof Error ? error.message : String(error));
}

/** Streams `url` into `file`, hashing on the way; returns the byte count and the digest. */
async function download(url: string, file: string, algorithm: string, options: FetchOptions): Promise<{ bytes: number; hex: string }> {
  const controller = new AbortController();
  const stallMs = options.stallMs ?? 60_000;
  let stall = setTimeout(() => controller.abort(), stallMs);
  const keepAlive = () => {
    clearTimeout(stall);
    stall = setTimeout(() => controller.abort(), stallMs);
  };
  try {
    let response: Response;
    try {
      response = await fetch(url, { redirect: 'follow', signal: controller.signal });
    } catch (error) {
      const reason = controller.signal.aborted ? `no answer for ${stallMs / 1000} s` : describeNetworkError(error);
      throw new FetchError(
        `could not download ${url}: ${reason} (no internet here? use --mirror URL, or put the unpacked files in the data folder by hand)`,
      );
    }
    if (response.status !== 200 || !response.body) {
      const via = response.url && response.url !== url ? ` (redirected to ${response.url})` : '';
      throw new FetchError(
        `GET ${url}${via}: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}, expected 200`,
      );
    }
    const length = Number(response.headers.get('content-length'));
    const total = Number.isFinite(length) && length > 0 ? length : undefined;
    const hash = createHash(algorithm);
    let bytes = 0;
    options.onProgress?.({ bytes, total });
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        keepAlive();
        hash.update(chunk);
        bytes += chunk.length;
        options.onProgress?.({ bytes, total });
        done(null, chunk);
      },
    });
    try {
      await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), meter, createWriteStream(file));
    } catch (error) {
      const reason = controller.signal.aborted ? `no data for ${stallMs / 1000} s` : describeNetworkError(error);
      throw new FetchError(`download of ${url} broke off after ${bytes} bytes: ${reason}`);
    }
    if (total !== undefined && bytes !== total) throw new FetchError(`download of ${url} ended after ${bytes} of ${total} bytes`);
    return { bytes, hex: hash.digest('hex') };
  } finally {
    clearTimeout(stall);
  }
}

/**
 * Makes `dataset` present in `dataDir`: nothing to do when its loader already finds its files
 * there; otherwise download, verify, unpack into a staging folder inside `dataDir`, check the
 * files, and move the unpacked folder into place, so that an interrupted fetch never leaves
 * a half-filled folder the loader would take for the dataset.
 */
export async function fetchDataset(options: FetchOptions): Promise<FetchResult> {
  const spec = FETCHABLE_DATASETS[options.dataset];
  if (!spec) throw new Error(`'${options.dataset}' cannot be fetched; fetchable: ${Object.keys(FETCHABLE_DATASETS).join(', ')}`);
  const dataDir = path.resolve(options.dataDir);
  const present = await presentFolder(dataDir, spec);
  if (present?.problem !== undefined) {
    throw new FetchError(
      `${options.dataset} is in ${present.folder} but not whole: ${present.problem}; move the folder away and run again to download it afresh`,
    );
  }
  if (present) return { status: 'present', folder: present.folder };

  const target = path.join(dataDir, spec.folder);
  if (await exists(target)) {
    throw new FetchError(
      `${target} exists but does not hold all of ${options.dataset}'s files; move it away (or complete it) and run again`,
    );
  }
  const url = downloadUrl(spec, options.mirror);
  const expected = options.checksum ?? spec.checksum;
  await mkdir(dataDir, { recursive: true });
  const archive = path.join(dataDir, `.${path.posix.basename(new URL(url).pathname) || options.dataset}.${process.pid}.partial`);
  const staging = await mkdtemp(path.join(dataDir, '.unpack-'));
  try {
    const { bytes, hex } = await download(url, archive, expected.algorithm, options);
    if (hex !== expected.hex) {
      throw new FetchError(
        `${url}: ${expected.algorithm} checksum mismatch: expected ${expected.hex}, got ${hex}; the download was deleted`,
      );
    }
    try {
      // Synchronous on purpose: when a damaged archive fails half-way, the asynchronous form
      // rejects while entries are still being written, and the clean-up would race with them.
      extract({ file: archive, cwd: staging, strict: true, sync: true });
    } catch (error) {
      throw new FetchError(`could not unpack the archive from ${url}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const found = await presentFolder(staging, spec);
    if (found?.problem !== undefined)
      throw new FetchError(`the archive from ${url} holds damaged files: ${found.problem.replace(staging + path.sep, '')}`);
    const unpacked = found?.folder;
    if (!unpacked)
      throw new FetchError(
        `the archive from ${url} does not hold ${options.dataset}'s files (${Object.values(spec.files.required)
          .map((names) => names[0])
          .join(', ')})`,
      );
    await rename(unpacked, target);
    return { status: 'fetched', folder: target, url, bytes, checksum: { algorithm: expected.algorithm, hex } };
  } finally {
    // A clean-up failure must not hide the error that brought us here.
    await rm(archive, { force: true }).catch(() => undefined);
    await rm(staging, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
  }
}
