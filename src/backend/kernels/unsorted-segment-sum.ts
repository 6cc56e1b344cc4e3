// UnsortedSegmentSum: out[s] = Σ x[n] over the n with segmentIds[n] = s. It is the gradient of
// gather, i.e. of every Embedding layer. A single scatter-add pass is O(N·D); the stock 'cpu'
// kernel builds one mask per segment, O(numSegments·N·D) — 30 s per call for a 5000-word vocabulary.
import type { KernelFunc, NamedAttrMap, TensorInfo, UnsortedSegmentSumAttrs } from '@tensorflow/tfjs-core';
import { kernelIO, requireNumeric, UnsupportedKernelInputError, type SupportedBackendName } from './tensor-io.js';

const KERNEL = 'UnsortedSegmentSum';

interface SegmentSumArgs {
  inputs: { x?: TensorInfo; segmentIds?: TensorInfo };
  backend: object;
  attrs?: NamedAttrMap;
}

/**
 * Ids outside [0, numSegments) are dropped, as TensorFlow drops negative ids; the alternative,
 * throwing inside a gradient, would abort training over an out-of-vocabulary index that the
 * forward gather already tolerated.
 */
export function scatterAddRows(
  x: Float32Array | Int32Array,
  ids: Int32Array | Float32Array,
  rowLength: number,
  numSegments: number,
  out: Float32Array | Int32Array,
): void {
  out.fill(0);
  for (let n = 0; n < ids.length; n++) {
    const s = ids[n] as number;
    if (!(s >= 0 && s < numSegments)) continue;
    const src = n * rowLength;
    const dst = s * rowLength;
    for (let j = 0; j < rowLength; j++) out[dst + j] += x[src + j] as number;
  }
}

export function unsortedSegmentSumKernel(backendName: SupportedBackendName): KernelFunc {
  return (rawArgs) => {
    const args = rawArgs as SegmentSumArgs;
    const { x, segmentIds } = args.inputs;
    if (!x || !segmentIds) throw new UnsupportedKernelInputError(KERNEL, 'needs inputs x and segmentIds');
    const { numSegments } = args.attrs as unknown as UnsortedSegmentSumAttrs;
    const dtype = requireNumeric(KERNEL, 'x', x.dtype);
    requireNumeric(KERNEL, 'segmentIds', segmentIds.dtype);
    const idRank = segmentIds.shape.length;
    if (segmentIds.shape.some((d, i) => d !== x.shape[i])) {
      throw new UnsupportedKernelInputError(
        KERNEL,
        `segmentIds shape [${segmentIds.shape.join(', ')}] must be a prefix of x shape [${x.shape.join(', ')}]`,
      );
    }
    if (!Number.isInteger(numSegments) || numSegments < 0)
      throw new UnsupportedKernelInputError(KERNEL, `numSegments must be a non-negative integer, got ${numSegments}`);
    const rowShape = x.shape.slice(idRank);
    const rowLength = rowShape.reduce((a, b) => a * b, 1);
    const io = kernelIO(backendName, args.backend);
    const out = io.allocate([numSegments, ...rowShape], dtype);
    scatterAddRows(io.view(x), io.view(segmentIds), rowLength, numSegments, io.view(out));
    return out;
  };
}
