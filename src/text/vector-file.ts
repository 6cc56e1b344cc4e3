// The binary cache files of word vectors: a whole converted table, or the rows one word list
// needs. Layout (96-byte header, then the payload):
//
//   0  "ACTBVEC\0"          8  u32 0x01020304 (byte order)  12 u32 format version
//   16 u32 kind             20 u32 rows      24 u32 dimensions      28 u32 bytes of words
//   32 sha-256 of the key the file was written for
//   64 sha-1 of the payload (an integrity check, not a security one: sha-1 runs ~3× faster
//      here than sha-256 over the 140 MB table), zero-padded to 32 bytes
//   96 payload: words (UTF-8, one per line) | known flags (u8 per row) | float32 rows × dims,
//      each section padded to a multiple of 4 bytes
//
// Files are written to a temporary name and renamed into place, so a killed writer leaves no
// half-written file under the real name; the size and payload digest are checked on every load,
// so a truncated or damaged file is detected and rebuilt rather than read as vectors.

import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

const MAGIC = Buffer.from('ACTBVEC\0', 'latin1');
const BYTE_ORDER = 0x01020304;
const FORMAT_VERSION = 1;
const HEADER_BYTES = 96;

export const VectorFileKind = {
  /** A whole source table: words and matrix. */
  Table: 1,
  /** The rows of one word list, with a flag for the words the table has. */
  Slice: 2,
} as const;
export type VectorFileKind = (typeof VectorFileKind)[keyof typeof VectorFileKind];

export interface VectorFileContent {
  kind: VectorFileKind;
  rows: number;
  dimensions: number;
  /** Present in Table files. */
  words?: string[];
  /** Present in Slice files: 1 where the row holds a pretrained vector. */
  known?: Uint8Array;
  matrix: Float32Array;
}

const padded = (bytes: number): number => (bytes + 3) & ~3;

/** sha-256 of a key string: what a file is stored and checked under. */
export function keyDigest(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

function payloadParts(content: VectorFileContent): { parts: Uint8Array[]; wordsBytes: number } {
  const parts: Uint8Array[] = [];
  let wordsBytes = 0;
  if (content.words) {
    if (content.words.some((word) => word.includes('\n'))) throw new Error('a word holds a newline; it cannot be stored one per line');
    const words = Buffer.from(content.words.join('\n'), 'utf8');
    wordsBytes = words.length;
    parts.push(words, new Uint8Array(padded(wordsBytes) - wordsBytes));
  }
  if (content.known) parts.push(content.known, new Uint8Array(padded(content.rows) - content.rows));
  parts.push(new Uint8Array(content.matrix.buffer, content.matrix.byteOffset, content.matrix.byteLength));
  return { parts, wordsBytes };
}

/** Writes `file` atomically (temporary file, fsync, rename). */
export async function writeVectorFile(file: string, key: Buffer, content: VectorFileContent): Promise<void> {
  if (content.matrix.length !== content.rows * content.dimensions) throw new Error('matrix size does not match rows × dimensions');
  if (content.words && content.words.length !== content.rows) throw new Error('words and rows differ');
  if (content.known && content.known.length !== content.rows) throw new Error('known flags and rows differ');

  const { parts, wordsBytes } = payloadParts(content);
  const digest = createHash('sha1');
  for (const part of parts) digest.update(part);

  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, 0);
  // Native order on purpose: the floats below are stored in native order too, and a reader on
  // a machine of the other order then sees a different number here and rebuilds.
  new Uint32Array(header.buffer, header.byteOffset + 8, 6).set([
    BYTE_ORDER,
    FORMAT_VERSION,
    content.kind,
    content.rows,
    content.dimensions,
    wordsBytes,
  ]);
  key.copy(header, 32);
  digest.digest().copy(header, 64);

  await mkdir(path.dirname(file), { recursive: true });
  await removeStaleTemporaries(file);
  const temporary = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const handle = await open(temporary, 'w');
  try {
    for (const part of [header, ...parts]) {
      let written = 0;
      while (written < part.byteLength) {
        const { bytesWritten } = await handle.write(part, written, part.byteLength - written);
        written += bytesWritten;
      }
    }
    await handle.sync();
    await handle.close();
    await rename(temporary, file);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

/** Temporaries of `file` left by killed writers more than an hour ago (live writers are younger). */
async function removeStaleTemporaries(file: string): Promise<void> {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.tmp-`;
  const entries = await readdir(dir).catch(() => [] as string[]);
  for (const entry of entries) {
    if (!entry.startsWith(prefix)) continue;
    const full = path.join(dir, entry);
    const info = await stat(full).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > 3_600_000) await unlink(full).catch(() => undefined);
  }
}

export type VectorFileResult = { ok: true; content: VectorFileContent } | { ok: false; reason: string };

/** Reads and checks a cache file; `ok: false` says why it cannot be used (missing, damaged, other key). */
export async function readVectorFile(file: string, kind: VectorFileKind, key: Buffer): Promise<VectorFileResult> {
  let data: Buffer;
  try {
    // Synchronous on purpose: ~25% faster than the promise version for the 140 MB table, and
    // nothing else runs while a dataset's vectors load.
    data = readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: false, reason: 'absent' };
    throw error;
  }
  if (data.length < HEADER_BYTES || !data.subarray(0, 8).equals(MAGIC)) return { ok: false, reason: 'not a vector cache file' };
  // Copied out: the header's offset in a pooled Buffer need not be 4-aligned.
  const fields = new Uint32Array(Uint8Array.from(data.subarray(8, 32)).buffer);
  const [byteOrder, version, fileKind, rows, dimensions, wordsBytes] = fields as unknown as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (byteOrder !== BYTE_ORDER) return { ok: false, reason: 'written on a machine of the other byte order' };
  if (version !== FORMAT_VERSION) return { ok: false, reason: `format version ${version}, expected ${FORMAT_VERSION}` };
  if (fileKind !== kind) return { ok: false, reason: `kind ${fileKind}, expected ${kind}` };
  if (!data.subarray(32, 64).equals(key)) return { ok: false, reason: 'written for another key' };

  const wordsEnd = HEADER_BYTES + padded(wordsBytes);
  const knownEnd = wordsEnd + (kind === VectorFileKind.Slice ? padded(rows) : 0);
  const expectedSize = knownEnd + rows * dimensions * 4;
  if (data.length !== expectedSize) return { ok: false, reason: `${data.length} bytes, the header implies ${expectedSize}` };
  const digest = createHash('sha1').update(data.subarray(HEADER_BYTES)).digest();
  if (!digest.equals(data.subarray(64, 64 + digest.length))) return { ok: false, reason: 'payload does not match its checksum' };

  const floatsAt = data.byteOffset + knownEnd;
  const matrix =
    floatsAt % 4 === 0
      ? new Float32Array(data.buffer, floatsAt, rows * dimensions)
      : new Float32Array(Uint8Array.from(data.subarray(knownEnd)).buffer);
  const content: VectorFileContent = { kind, rows, dimensions, matrix };
  if (kind === VectorFileKind.Table) {
    const words = rows === 0 ? [] : data.toString('utf8', HEADER_BYTES, HEADER_BYTES + wordsBytes).split('\n');
    if (words.length !== rows) return { ok: false, reason: `${words.length} words for ${rows} rows` };
    content.words = words;
  } else {
    content.known = data.subarray(wordsEnd, wordsEnd + rows);
  }
  return { ok: true, content };
}
