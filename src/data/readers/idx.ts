// The IDX format of MNIST and Fashion-MNIST (yann.lecun.com/exdb/mnist): two zero bytes, a type
// byte (0x08 = unsigned bytes, the only type these datasets use), the number of dimensions, each
// dimension as a big-endian uint32, then the values row-major. Files may be gzipped (the
// original downloads and Debian's dataset-fashion-mnist are); they are recognised by content.
import type { ImageSet } from '../types.js';
import { formatErrorAt, readMaybeGzipped } from './binary-file.js';

const UNSIGNED_BYTE = 0x08;
const TYPE_NAMES: Record<number, string> = {
  0x08: 'unsigned byte',
  0x09: 'signed byte',
  0x0b: 'int16',
  0x0c: 'int32',
  0x0d: 'float32',
  0x0e: 'float64',
};

export interface IdxArray {
  /** Sizes of the dimensions, outermost first (e.g. [60000, 28, 28]). */
  dims: number[];
  /** The values, row-major; a view into the file's bytes. */
  data: Uint8Array;
  /** Byte offset of the first value (4 + 4·dims), for error messages about a value. */
  dataOffset: number;
}

/**
 * Parses IDX bytes of unsigned-byte type. `file` names the source in errors; `gzipped` adds that
 * offsets count in the decompressed data, where a user would look for them.
 */
export function parseIdx(bytes: Uint8Array, file: string, gzipped = false): IdxArray {
  const where = gzipped ? ' (offsets count in the gunzipped data)' : '';
  const fail = (offset: number, expected: string) => formatErrorAt(file, offset, `${expected}${where}`);
  if (bytes.length < 4) throw fail(0, `file of ${bytes.length} bytes is too short for an IDX header (4 bytes: 0, 0, type, dimensions)`);
  if (bytes[0] !== 0 || bytes[1] !== 0)
    throw fail(0, `not an IDX file: expected the magic number to start with two zero bytes, found ${hex(bytes[0]!)} ${hex(bytes[1]!)}`);
  const type = bytes[2]!;
  if (type !== UNSIGNED_BYTE) {
    throw fail(2, `IDX type ${hex(type)} (${TYPE_NAMES[type] ?? 'unknown'}) is not supported; expected 0x08 (unsigned byte), as in MNIST`);
  }
  const rank = bytes[3]!;
  if (rank === 0) throw fail(3, 'an IDX array needs at least one dimension, found 0');
  const dataOffset = 4 + 4 * rank;
  if (bytes.length < dataOffset)
    throw fail(bytes.length, `header truncated: ${rank} dimension sizes need bytes 4..${dataOffset - 1}, the file ends here`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: rank }, (_, k) => view.getUint32(4 + 4 * k, false));
  const values = dims.reduce((product, size) => product * size, 1);
  const end = dataOffset + values;
  if (bytes.length < end)
    throw fail(
      bytes.length,
      `truncated: dimensions ${dims.join('×')} need ${values} value bytes from offset ${dataOffset} (file size ${end}), the file ends here`,
    );
  if (bytes.length > end)
    throw fail(end, `wrong size: dimensions ${dims.join('×')} end the data here, but ${bytes.length - end} more bytes follow`);
  // A plain Uint8Array view (not a Buffer), so that consumers see the type ImageSet promises.
  return { dims, data: new Uint8Array(bytes.buffer, bytes.byteOffset + dataOffset, values), dataOffset };
}

function hex(byte: number): string {
  return `0x${byte.toString(16).padStart(2, '0')}`;
}

/** An IDX file, plain or gzipped. */
export async function readIdx(file: string): Promise<IdxArray> {
  const { bytes, gzipped } = await readMaybeGzipped(file, 'an IDX array (MNIST format), plain or gzipped');
  return parseIdx(bytes, file, gzipped);
}

/**
 * An images file ([n, rows, cols], or [n, rows, cols, channels]) and its labels file ([n]) as
 * one ImageSet; every label must be below `classCount`.
 */
export async function readIdxImages(imagesFile: string, labelsFile: string, classCount: number): Promise<ImageSet> {
  const [images, labels] = await Promise.all([readIdx(imagesFile), readIdx(labelsFile)]);
  if (images.dims.length !== 3 && images.dims.length !== 4) {
    throw formatErrorAt(
      imagesFile,
      3,
      `expected images of 3 dimensions (count, rows, columns) or 4 (… channels), found ${images.dims.length}: ${images.dims.join('×')}`,
    );
  }
  if (labels.dims.length !== 1)
    throw formatErrorAt(labelsFile, 3, `expected labels of 1 dimension (count), found ${labels.dims.length}: ${labels.dims.join('×')}`);
  const [count, height, width, channels = 1] = images.dims as [number, number, number, number?];
  if (labels.dims[0] !== count)
    throw formatErrorAt(labelsFile, 4, `holds ${labels.dims[0]} labels, but ${imagesFile} holds ${count} images`);
  const classes = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const label = labels.data[i]!;
    if (label >= classCount)
      throw formatErrorAt(labelsFile, labels.dataOffset + i, `label ${label} of image ${i + 1} is outside 0..${classCount - 1}`);
    classes[i] = label;
  }
  return { pixels: images.data, labels: classes, count, height, width, channels };
}
