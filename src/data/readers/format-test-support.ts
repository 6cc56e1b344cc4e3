// Writes small files in exactly the original formats into temporary folders, for the reader
// and dataset tests (none of the real data is available offline).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { DataFormatError, type Dataset } from '../types.js';

const made: string[] = [];

export function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'actbench-readers-'));
  made.push(dir);
  return dir;
}

/** For an after() hook: removes every folder tempDir made. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes `text` with one byte per character, as the latin-1 originals are stored. */
export function writeLatin1(file: string, text: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, Buffer.from(text, 'latin1'));
  return file;
}

export function writeUtf8(file: string, text: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text, 'utf8');
  return file;
}

/** n distinct sentences, each ending with " \n" like the rt-polarity lines. */
export function sentenceLines(prefix: string, n: number): string {
  return Array.from({ length: n }, (_, i) => `${prefix} sentence number ${i} , caf\u00e9 . \n`).join('');
}

export const TREC_SAMPLE = [
  'DESC:manner How did serfdom develop in and then leave Russia ?',
  'ENTY:cremat What films featured the character Popeye Doyle ?',
  'HUM:ind Who was the first Pok\u00e9mon trainer ?',
  'NUM:date When was Ozzy Osbourne born ?',
  'LOC:other What sprawling U.S. state boasts the most airports ?',
  'ABBR:exp What does NASA stand for ?',
];

/** TREC lines cycling over the six coarse classes, `n` of them, each question unique. */
export function trecLines(n: number, tag: string): string {
  const coarse = [
    ['DESC', 'def'],
    ['ENTY', 'animal'],
    ['HUM', 'ind'],
    ['NUM', 'count'],
    ['LOC', 'city'],
    ['ABBR', 'abb'],
  ] as const;
  return Array.from({ length: n }, (_, i) => {
    const [label, fine] = coarse[i % coarse.length]!;
    return `${label}:${fine} What is ${tag} question ${i} ?\n`;
  }).join('');
}

export function tsvLines(labels: string[], perLabel: number, tag: string): string {
  const lines: string[] = [];
  for (const label of labels) for (let i = 0; i < perLabel; i++) lines.push(`${label}\t${tag} ${label} document ${i} shares rose pct`);
  return `${lines.join('\n')}\n`;
}

/** A bydate post: reduced header block (From, Subject, Organization, Lines), blank line, body. */
export function post(subject: string, body: string): string {
  return `From: someone@site.edu (Some One)\nSubject: ${subject}\nOrganization: A University\nLines: 3\n\n${body}\n`;
}

/** 20news-bydate-train|test/<group>/<number> for each group, `perGroup` posts each. */
export function writeNewsgroups(root: string, split: 'train' | 'test', groups: string[], perGroup: number): void {
  for (const group of groups) {
    for (let i = 0; i < perGroup; i++) {
      const number = 50000 + i * 7;
      writeLatin1(
        path.join(root, `20news-bydate-${split}`, group, String(number)),
        post(`Re: ${group} topic ${i}`, `Body of ${split} post ${i} in ${group}, na\u00efve.`),
      );
    }
  }
}

/** CoNLL-2003-like POS lines: "-DOCSTART- -X- O", then sentences "token POS chunk". */
export function posConll(sentences: number, tag: string): string {
  const lines = ['-DOCSTART- -X- O', ''];
  for (let s = 0; s < sentences; s++) {
    lines.push(`${tag}${s} NNP B-NP`, 'rose VBD B-VP', '5 CD B-NP', '% NN I-NP', '. . O', '');
  }
  return lines.join('\n');
}

/** Eger et al.'s TL-AM columns: index<TAB>token<TAB>tag, one essay per block. */
export function amConll(essays: number, tag: string): string {
  const lines: string[] = [];
  for (let e = 0; e < essays; e++) {
    const rows: [string, string][] = [
      [`${tag}${e}`, 'O'],
      ['we', 'B-MajorClaim'],
      ['should', 'I-MajorClaim'],
      ['because', 'O'],
      ['it', 'B-Claim:For'],
      ['helps', 'I-Claim:For'],
      ['since', 'B-Premise:-1:Support'],
      ['data', 'I-Premise:-1:Support'],
    ];
    rows.forEach(([token, label], i) => lines.push(`${i + 1}\t${token}\t${label}`));
    lines.push('');
  }
  return lines.join('\n');
}

/** Asserts a DataFormatError for `file` at `line`, the message naming both (and matching `pattern`). */
export async function rejectsFormat(promise: Promise<unknown>, file: string, line: number | undefined, pattern?: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof DataFormatError, `expected a DataFormatError, got ${String(error)}`);
    assert.equal(error.file, file);
    assert.equal(error.line, line);
    assert.ok(error.message.startsWith(line === undefined ? `${file}: ` : `${file}:${line}: `), error.message);
    if (pattern) assert.match(error.message, pattern);
    return true;
  });
}

/** A gzipped IDX file of unsigned bytes (the MNIST family's format): magic, one size per dimension, the values. */
export function gzippedIdx(dims: number[], values: number[]): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = 8;
  header[3] = dims.length;
  dims.forEach((size, k) => header.writeUInt32BE(size, 4 + 4 * k));
  return gzipSync(Buffer.concat([header, Buffer.from(values)]));
}

/**
 * <root>/fashion-mnist/ with the four original .gz files: `count` 2×2 training images (pixel i % 256,
 * label i % 10) and 10 test images (every pixel 7). Returns the folder.
 */
export function writeFashionMnist(root: string, count: number): string {
  const folder = path.join(root, 'fashion-mnist');
  mkdirSync(folder, { recursive: true });
  const labels = Array.from({ length: count }, (_, i) => i % 10);
  writeFileSync(
    path.join(folder, 'train-images-idx3-ubyte.gz'),
    gzippedIdx(
      [count, 2, 2],
      Array.from({ length: count * 4 }, (_, i) => i % 256),
    ),
  );
  writeFileSync(path.join(folder, 'train-labels-idx1-ubyte.gz'), gzippedIdx([count], labels));
  writeFileSync(
    path.join(folder, 't10k-images-idx3-ubyte.gz'),
    gzippedIdx(
      [10, 2, 2],
      Array.from({ length: 40 }, () => 7),
    ),
  );
  writeFileSync(path.join(folder, 't10k-labels-idx1-ubyte.gz'), gzippedIdx([10], labels.slice(0, 10)));
  return folder;
}

/** The same seed gives the same splits, another seed others (the split is drawn from it). Returns the splits of seed 7. */
export async function assertDeterministic(
  dataset: Dataset,
  dataDir: string | undefined,
  settings?: Record<string, string | number | boolean>,
): Promise<Awaited<ReturnType<Dataset['load']>>> {
  const options = { dataDir, seed: 7, ...(settings ? { settings } : {}) };
  const a = await dataset.load(options);
  assert.deepEqual(await dataset.load(options), a, `${dataset.name}: seed 7 twice`);
  assert.notDeepEqual(await dataset.load({ ...options, seed: 8 }), a, `${dataset.name}: seeds 7 and 8`);
  return a;
}
