// Reading binary data files whole (CIFAR batches, IDX arrays) and the errors they share: a
// problem in a binary file is located by its byte offset, as a text file's is by its line.
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { DataFormatError } from '../types.js';

const gunzipAsync = promisify(gunzip);

/** A DataFormatError whose message reads "<file>: at byte offset N: <what was expected>". */
export function formatErrorAt(file: string, offset: number, expected: string): DataFormatError {
  return new DataFormatError(file, undefined, `at byte offset ${offset}: ${expected}`);
}

/** The whole file; a missing file or a folder is a DataFormatError naming it and what it should hold. */
export async function readBinary(file: string, expected: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new DataFormatError(file, undefined, `file not found; expected ${expected}`);
    if (code === 'EISDIR') throw new DataFormatError(file, undefined, `is a folder; expected a file holding ${expected}`);
    throw error;
  }
}

/** true when the bytes start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * The file's bytes, decompressed when they are gzip (recognised by content, not by name, so a
 * renamed download still reads). Decompression runs on libuv's thread pool.
 */
export async function readMaybeGzipped(file: string, expected: string): Promise<{ bytes: Buffer; gzipped: boolean }> {
  const raw = await readBinary(file, expected);
  if (!isGzip(raw)) return { bytes: raw, gzipped: false };
  try {
    return { bytes: await gunzipAsync(raw), gzipped: true };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DataFormatError(file, undefined, `gzip data is damaged or truncated (${reason}); expected ${expected}`);
  }
}
