// The word-vector pipeline on a small file the test writes in exactly wink-embeddings' format;
// the real 307 MB package is exercised only by embeddings-real.test.ts (opt-in).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import {
  averagedSentenceVectors,
  cacheDirectory,
  embeddingCacheStats,
  embeddingMatrix,
  loadWordVectors,
  type EmbeddingCacheStats,
  type WordVectorOptions,
} from './embeddings.js';
import { Vocabulary } from './vocabulary.js';
import { readWinkJson } from './wink-json.js';

const D = 4;
// Raw number text, to cover the forms the file uses: negatives, exponents, integers, -0.
const ENTRIES: [string, string[]][] = [
  ['the', ['0.41800', '0.24968', '-0.41242', '0.1217']],
  [',', ['0.013441', '0.23682', '-0.16899', '0.40951']],
  ['"', ['1e-05', '-2.5E+1', '3', '-0']],
  ['\\', ['0.1', '0.2', '0.3', '0.4']],
  ['café', ['-0.0054543', '0.83973', '0.0079988', '-1']],
  ['cat', ['0.45281', '-0.50108', '-0.53714', '-0.015697']],
  ['dog', ['0.11008', '-0.38781', '-0.57615', '-0.27714']],
  ['sat', ['-0.29712', '0.094049', '-0.096662', '-0.344']],
  ['a-b', ['0.123456789012345678', '1.5', '-1.5', '2']],
  ['naive', ['0.5', '0.5', '0.5', '0.5']],
  ['naïve', ['-0.5', '-0.5', '-0.5', '-0.5']],
];

/** The file as wink writes it: header fields, words, vectors with l2 norm and index, unkVector. */
function winkJson(entries: [string, string[]][]): string {
  const vectors = entries.map(([word, values], index) => {
    const norm = Math.hypot(...values.map(Number)).toFixed(8);
    return `${JSON.stringify(word)}:[${[...values, norm, String(index)].join(',')}]`;
  });
  return (
    `{"precision":8,"l2NormIndex":${D},"wordIndex":${D + 1},"size":${entries.length},"dimensions":${D},` +
    `"words":${JSON.stringify(entries.map(([w]) => w))},"vectors":{${vectors.join(',')}},` +
    `"unkVector":[${new Array(D).fill(0).join(',')},-1]}`
  );
}

const expected = (word: string): Float32Array => Float32Array.from(ENTRIES.find(([w]) => w === word)![1].map(Number));

async function fixture(): Promise<{ dir: string; source: string; options: WordVectorOptions; notes: string[] }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'actbench-embeddings-'));
  const source = path.join(dir, 'vectors.json');
  await writeFile(source, winkJson(ENTRIES));
  const notes: string[] = [];
  return { dir, source, notes, options: { source, dimensions: D, cacheDir: path.join(dir, 'cache'), log: (m) => notes.push(m) } };
}

function delta(before: EmbeddingCacheStats): EmbeddingCacheStats {
  const now = embeddingCacheStats();
  return {
    sourceReads: now.sourceReads - before.sourceReads,
    tableLoads: now.tableLoads - before.tableLoads,
    sliceBuilds: now.sliceBuilds - before.sliceBuilds,
    sliceHits: now.sliceHits - before.sliceHits,
    rebuilds: now.rebuilds - before.rebuilds,
  };
}

const row = (matrix: Float32Array, i: number): number[] => [...matrix.subarray(i * D, i * D + D)];

const vocabulary = Vocabulary.fromTrainingSplit({
  train: [
    ['the', 'cat', 'sat', 'on', 'the', 'mat', ','],
    ['Dog', 'café', '"', 'Sät'],
  ],
});

test('the scanner reads the format exactly as JSON.parse does, across any chunk boundaries', async () => {
  const { dir, source } = await fixture();
  try {
    const parsed = JSON.parse(await readFile(source, 'utf8')) as { words: string[]; vectors: Record<string, number[]> };
    for (const chunk of [1, 3, 7, 64, 1 << 16]) {
      const table = await readWinkJson(source, chunk);
      assert.deepEqual(table.words, parsed.words);
      assert.equal(table.dimensions, D);
      const reference = Float32Array.from(parsed.words.flatMap((w) => parsed.vectors[w]!.slice(0, D)));
      // Object.is per value: bit-identical, -0 included.
      assert.ok(
        reference.every((v, i) => Object.is(v, table.matrix[i])),
        `chunk ${chunk}`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the scanner names what is wrong with a damaged file', async () => {
  const { dir, source } = await fixture();
  try {
    const text = winkJson(ENTRIES);
    const cases: [string, RegExp][] = [
      [text.slice(0, text.length - 40), /ends/],
      [text.replace('"size":11', '"size":12'), /"size" says 12/],
      [text.replace('"cat":[0.45281,', '"cat":['), /has 5 numbers, expected 6/],
      [text.replace('"words":["the"', '"words":["thee"'), /"words"\[0\]/],
      [text.replace(/,8\]/, ',1]'), /index 1 is used by both/],
      [text.replace('"dimensions":4,', ''), /"dimensions".*before "vectors"/],
      ['[1, 2]', /expected \{/],
    ];
    for (const [content, message] of cases) {
      await writeFile(source, content);
      await assert.rejects(readWinkJson(source, 16), message);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('embeddingMatrix: rows by id, PAD/OOV zeros, case fallback, missing words seeded', async () => {
  const { dir, options, notes } = await fixture();
  try {
    const before = embeddingCacheStats();
    const embedding = await embeddingMatrix(vocabulary, options);
    assert.deepEqual(delta(before), { sourceReads: 1, tableLoads: 0, sliceBuilds: 1, sliceHits: 0, rebuilds: 0 });
    assert.equal(notes.length, 2, 'a conversion note and a time');

    assert.equal(embedding.rows, vocabulary.size);
    assert.equal(embedding.matrix.length, vocabulary.size * D);
    assert.deepEqual(row(embedding.matrix, 0), [0, 0, 0, 0]);
    assert.deepEqual(row(embedding.matrix, 1), [0, 0, 0, 0]);
    for (const word of ['the', 'cat', 'sat', ',', 'café', '"']) {
      assert.deepEqual(row(embedding.matrix, vocabulary.id(word)), [...expected(word)], word);
    }
    // "Dog" is not in the vectors but "dog" is; "Sat" neither, but "sat" is.
    assert.deepEqual(row(embedding.matrix, vocabulary.id('Dog')), [...expected('dog')]);
    assert.deepEqual(row(embedding.matrix, vocabulary.id('Sät')), [...expected('sat')]);
    assert.deepEqual(embedding.missing, ['mat', 'on']);
    assert.equal(embedding.found, vocabulary.size - 2 - 2);
    assert.deepEqual(
      [...embedding.known],
      vocabulary.tokens.map((t) => (t === 'mat' || t === 'on' || t.startsWith('<') ? 0 : 1)),
    );

    const mat = row(embedding.matrix, vocabulary.id('mat'));
    assert.ok(mat.every((v) => Math.abs(v) <= 0.71) && mat.some((v) => v !== 0));
    assert.notDeepEqual(mat, row(embedding.matrix, vocabulary.id('on')));
    // The same word gets the same row in another vocabulary and run; another seed changes it.
    const other = await embeddingMatrix(Vocabulary.fromTrainingSplit({ train: [['mat']] }), options);
    assert.deepEqual(row(other.matrix, 2), mat);
    const reseeded = await embeddingMatrix(vocabulary, { ...options, seed: 1 });
    assert.notDeepEqual(row(reseeded.matrix, vocabulary.id('mat')), mat);
    assert.deepEqual(row(reseeded.matrix, vocabulary.id('cat')), [...expected('cat')]);
    const zeros = await embeddingMatrix(vocabulary, { ...options, missing: 'zeros' });
    assert.deepEqual(row(zeros.matrix, vocabulary.id('mat')), [0, 0, 0, 0]);

    assert.deepEqual(embedding.vector('cat') && [...embedding.vector('cat')!], [...expected('cat')]);
    assert.equal(embedding.vector('mat'), undefined, 'missing words have no pretrained vector');
    assert.equal(embedding.vector('zebra'), undefined);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('later loads read the cached slice, not the source; a new vocabulary reads the table', async () => {
  const { dir, source, options } = await fixture();
  try {
    const first = await embeddingMatrix(vocabulary, options);
    // Same size and times, other bytes: a read of the source would now fail to parse.
    const info = await stat(source);
    await writeFile(source, 'x'.repeat(info.size));
    await utimes(source, info.atime, info.mtime);

    let before = embeddingCacheStats();
    const second = await embeddingMatrix(vocabulary, options);
    assert.deepEqual(delta(before), { sourceReads: 0, tableLoads: 0, sliceBuilds: 0, sliceHits: 1, rebuilds: 0 });
    assert.deepEqual(second.matrix, first.matrix);
    assert.deepEqual(second.missing, first.missing);

    before = embeddingCacheStats();
    const other = await embeddingMatrix(Vocabulary.fromTrainingSplit({ train: [['dog', 'the']] }), options);
    assert.deepEqual(delta(before), { sourceReads: 0, tableLoads: 1, sliceBuilds: 1, sliceHits: 0, rebuilds: 0 });
    assert.deepEqual(row(other.matrix, 2), [...expected('dog')]);

    const files = (await readdir(path.join(dir, 'cache', 'word-vectors'))).sort();
    assert.equal(files.filter((f) => f.startsWith('table-')).length, 1);
    assert.equal(files.filter((f) => f.startsWith('slice-')).length, 2);
    assert.equal(files.filter((f) => f.includes('.tmp-')).length, 0, 'no temporaries left behind');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('damaged cache files are detected and rebuilt; a changed source is converted again', async () => {
  const { dir, source, options, notes } = await fixture();
  try {
    const first = await embeddingMatrix(vocabulary, options);
    const cache = path.join(dir, 'cache', 'word-vectors');
    const files = await readdir(cache);
    const slice = path.join(cache, files.find((f) => f.startsWith('slice-'))!);
    const table = path.join(cache, files.find((f) => f.startsWith('table-'))!);

    // One flipped bit in the floats: size and header still fine, the checksum is not.
    const bytes = await readFile(slice);
    bytes[bytes.length - 3]! ^= 0x10;
    await writeFile(slice, bytes);
    let before = embeddingCacheStats();
    const repaired = await embeddingMatrix(vocabulary, options);
    assert.deepEqual(delta(before), { sourceReads: 0, tableLoads: 1, sliceBuilds: 1, sliceHits: 0, rebuilds: 1 });
    assert.deepEqual(repaired.matrix, first.matrix);
    assert.match(notes.at(-1)!, /checksum.*rebuilding/);

    // A truncated table (and slice), as a copy cut short would leave them: converted again.
    await writeFile(table, (await readFile(table)).subarray(0, 150));
    await writeFile(slice, 'not a cache file');
    before = embeddingCacheStats();
    const reconverted = await embeddingMatrix(vocabulary, options);
    assert.deepEqual(delta(before), { sourceReads: 1, tableLoads: 0, sliceBuilds: 1, sliceHits: 0, rebuilds: 2 });
    assert.deepEqual(reconverted.matrix, first.matrix);

    // New content under the same name: another table key, so nothing stale is served.
    const changed: [string, string[]][] = ENTRIES.map(([w, v]) => [w, w === 'cat' ? ['9', '9', '9', '9'] : v]);
    await writeFile(source, winkJson(changed));
    await utimes(source, new Date(), new Date(Date.now() + 5000));
    before = embeddingCacheStats();
    const fresh = await embeddingMatrix(vocabulary, options);
    assert.equal(delta(before).sourceReads, 1);
    assert.deepEqual(row(fresh.matrix, vocabulary.id('cat')), [9, 9, 9, 9]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('asking for other dimensions than the vectors have is an error', async () => {
  const { dir, options } = await fixture();
  try {
    await assert.rejects(embeddingMatrix(vocabulary, { ...options, dimensions: 100 }), /have 4 dimensions, 100 were asked for/);
    await embeddingMatrix(vocabulary, options);
    // Also when the answer would come from the cached slice.
    await assert.rejects(embeddingMatrix(vocabulary, { ...options, dimensions: 100 }), /have 4 dimensions/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('averagedSentenceVectors: mean of known vectors, unknown words left out, none → zeros', async () => {
  const { dir, options } = await fixture();
  try {
    const vectors = await loadWordVectors(['the', 'cat', 'The', 'zebra', 'dog', 'cat', 'CAFÉ', 'NAÏVE', 'Naive', 'cafe'], options);
    assert.deepEqual(vectors.words, ['CAFÉ', 'NAÏVE', 'Naive', 'The', 'cafe', 'cat', 'dog', 'the', 'zebra']);
    assert.equal(vectors.found, 7);
    assert.deepEqual([...vectors.vector('The')!], [...expected('the')]);
    assert.deepEqual([...vectors.vector('CAFÉ')!], [...expected('café')]);
    // The lowercased form wins over the one without diacritics when the table has both.
    assert.deepEqual([...vectors.vector('NAÏVE')!], [...expected('naïve')]);
    assert.deepEqual([...vectors.vector('Naive')!], [...expected('naive')]);
    // Diacritics are only ever removed, never added.
    assert.equal(vectors.vector('cafe'), undefined);
    assert.equal(vectors.vector('zebra'), undefined);

    const averaged = averagedSentenceVectors([['the', 'cat', 'zebra'], ['zebra'], [], ['dog']], vectors);
    assert.equal(averaged.length, 4 * D);
    const the = expected('the');
    const cat = expected('cat');
    const byHand = Float32Array.from({ length: D }, (_, k) => (the[k]! + cat[k]!) / 2);
    assert.deepEqual(row(averaged, 0), [...byHand]);
    assert.deepEqual(row(averaged, 1), [0, 0, 0, 0]);
    assert.deepEqual(row(averaged, 2), [0, 0, 0, 0]);
    assert.deepEqual(row(averaged, 3), [...expected('dog')]);

    // With a vocabulary's matrix, words outside the vocabulary (and missing ones) count as unknown.
    const embedding = await embeddingMatrix(vocabulary, options);
    const viaVocabulary = averagedSentenceVectors([['cat', 'mat', 'zebra']], embedding);
    assert.deepEqual(row(viaVocabulary, 0), [...cat]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the cache folder: ACTBENCH_CACHE, else XDG_CACHE_HOME/actbench, else ~/.cache/actbench', async () => {
  const saved = { ACTBENCH_CACHE: process.env.ACTBENCH_CACHE, XDG_CACHE_HOME: process.env.XDG_CACHE_HOME };
  try {
    process.env.ACTBENCH_CACHE = '/tmp/some-cache';
    assert.equal(cacheDirectory(), '/tmp/some-cache');
    delete process.env.ACTBENCH_CACHE;
    process.env.XDG_CACHE_HOME = '/tmp/xdg';
    assert.equal(cacheDirectory(), '/tmp/xdg/actbench');
    delete process.env.XDG_CACHE_HOME;
    assert.equal(cacheDirectory(), path.join(os.homedir(), '.cache', 'actbench'));

    // Without cacheDir, the files go under ACTBENCH_CACHE.
    const { dir, options } = await fixture();
    try {
      process.env.ACTBENCH_CACHE = path.join(dir, 'from-env');
      await embeddingMatrix(vocabulary, { ...options, cacheDir: undefined });
      assert.equal((await readdir(path.join(dir, 'from-env', 'word-vectors'))).length, 2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
});
