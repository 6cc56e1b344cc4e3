// Conv2DBackpropFilter: dW[r, c, i, o] = Σ over batch and output pixels of x[at the pixel the tap
// (r, c) reads] · dy[o]. Two implementations:
//  - a direct loop (any backend): the stock 'cpu' kernel is ~150× slower because it indexes through
//    TensorBuffer.get per element; a loop over contiguous channel runs with a float64 accumulator the
//    size of the filter is enough.
//  - on 'wasm', im2col + the backend's own matMul: a non-transposed, batch-1 matMul is the one case
//    that reaches XNNPACK (~25+ GFLOP/s), so the patches and dy are laid out to make it exactly that.
import { BatchMatMul, getKernel } from '@tensorflow/tfjs-core';
import type { Conv2DBackpropFilterAttrs, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { asShape4D, assertShape, convGeometry, outputShape, type ConvGeometry } from './conv-geometry.js';
import { asFloat32, kernelIO, UnsupportedKernelInputError, type KernelIO, type SupportedBackendName } from './tensor-io.js';

const KERNEL = 'Conv2DBackpropFilter';

interface FilterGradArgs {
  inputs: { x?: TensorInfo; dy?: TensorInfo };
  backend: object;
  attrs?: NamedAttrMap;
}

/** The kernel's inputs checked (both present, float32, dy the conv's output shape) and its geometry. */
export function readFilterGradientArgs(args: FilterGradArgs): { x: TensorInfo; dy: TensorInfo; geometry: ConvGeometry } {
  const { x, dy } = args.inputs;
  if (!x || !dy) throw new UnsupportedKernelInputError(KERNEL, 'needs inputs x and dy');
  const attrs = args.attrs as unknown as Conv2DBackpropFilterAttrs;
  if (x.dtype !== 'float32' || dy.dtype !== 'float32')
    throw new UnsupportedKernelInputError(KERNEL, `x and dy must be float32 (got ${x.dtype}, ${dy.dtype})`);
  const geometry = convGeometry({
    inShape: asShape4D(KERNEL, 'x', x.shape),
    filterShape: attrs.filterShape,
    strides: attrs.strides,
    // The op has no dilations attribute: tfjs computes conv2d gradients only for dilation 1.
    dilations: 1,
    pad: attrs.pad,
    dimRoundingMode: attrs.dimRoundingMode,
    depthwise: false,
    dataFormat: attrs.dataFormat,
  });
  assertShape(KERNEL, 'dy', dy.shape, outputShape(geometry));
  return { x, dy, geometry };
}

/**
 * Accumulates into acc (filterHeight·filterWidth·inChannels × outChannels, float64 so that sums over
 * tens of thousands of pixels keep float32 accuracy). Needs channels-last x and dy.
 *
 * Four input channels per pass over dy's channel row: each dy element loaded then feeds four
 * accumulator rows, which measured 3× faster in V8 than one row at a time (8 gains nothing more;
 * a float32 accumulator is slower, not faster). A block of four zero activations (common after
 * ReLU) is skipped.
 */
export function accumulateFilterGradient(g: ConvGeometry, x: Float32Array, dy: Float32Array, acc: Float64Array): void {
  if (g.x.channel !== 1 || g.y.channel !== 1) throw new Error(`${KERNEL}: accumulateFilterGradient needs channels-last data`);
  const { inChannels: ci, outChannels: co, filterHeight: fh, filterWidth: fw } = g;
  const co2 = 2 * co;
  const co3 = 3 * co;
  for (let b = 0; b < g.batch; b++) {
    for (let yr = 0; yr < g.outHeight; yr++) {
      for (let yc = 0; yc < g.outWidth; yc++) {
        const dyBase = b * g.y.batch + yr * g.y.row + yc * g.y.col;
        for (let r = 0; r < fh; r++) {
          const xr = yr * g.strideHeight + r * g.dilationHeight - g.padTop;
          if (xr < 0 || xr >= g.inHeight) continue;
          for (let c = 0; c < fw; c++) {
            const xc = yc * g.strideWidth + c * g.dilationWidth - g.padLeft;
            if (xc < 0 || xc >= g.inWidth) continue;
            const xBase = b * g.x.batch + xr * g.x.row + xc * g.x.col;
            let accRow = (r * fw + c) * ci * co;
            let i = 0;
            for (; i + 4 <= ci; i += 4, accRow += 4 * co) {
              const x0 = x[xBase + i] as number;
              const x1 = x[xBase + i + 1] as number;
              const x2 = x[xBase + i + 2] as number;
              const x3 = x[xBase + i + 3] as number;
              if (x0 === 0 && x1 === 0 && x2 === 0 && x3 === 0) continue;
              for (let o = 0; o < co; o++) {
                const d = dy[dyBase + o] as number;
                const a = accRow + o;
                acc[a] += x0 * d;
                acc[a + co] += x1 * d;
                acc[a + co2] += x2 * d;
                acc[a + co3] += x3 * d;
              }
            }
            for (; i < ci; i++, accRow += co) {
              const xv = x[xBase + i] as number;
              if (xv === 0) continue;
              for (let o = 0; o < co; o++) acc[accRow + o] += xv * (dy[dyBase + o] as number);
            }
          }
        }
      }
    }
  }
}

/** Copies an NCHW tensor to NHWC, so that the hot loop above only handles one layout. */
function channelsLastCopy(data: Float32Array, batch: number, height: number, width: number, channels: number): Float32Array {
  const out = new Float32Array(data.length);
  const plane = height * width;
  for (let b = 0; b < batch; b++) {
    for (let ch = 0; ch < channels; ch++) {
      const src = (b * channels + ch) * plane;
      for (let p = 0; p < plane; p++) out[(b * plane + p) * channels + ch] = data[src + p] as number;
    }
  }
  return out;
}

function filterGradDirect(io: KernelIO, args: FilterGradArgs): TensorInfo {
  const { x, dy, geometry: g } = readFilterGradientArgs(args);
  const out = io.allocate([g.filterHeight, g.filterWidth, g.inChannels, g.outChannels], 'float32');
  const acc = new Float64Array(g.filterHeight * g.filterWidth * g.inChannels * g.outChannels);
  const xData = asFloat32(KERNEL, io.view(x), 'x');
  const dyData = asFloat32(KERNEL, io.view(dy), 'dy');
  if (g.channelsLast) {
    accumulateFilterGradient(g, xData, dyData, acc);
  } else {
    const nhwc: ConvGeometry = {
      ...g,
      x: { batch: g.inHeight * g.inWidth * g.inChannels, row: g.inWidth * g.inChannels, col: g.inChannels, channel: 1 },
      y: { batch: g.outHeight * g.outWidth * g.outChannels, row: g.outWidth * g.outChannels, col: g.outChannels, channel: 1 },
      channelsLast: true,
    };
    const xLast = channelsLastCopy(xData, g.batch, g.inHeight, g.inWidth, g.inChannels);
    const dyLast = channelsLastCopy(dyData, g.batch, g.outHeight, g.outWidth, g.outChannels);
    accumulateFilterGradient(nhwc, xLast, dyLast, acc);
  }
  io.view(out).set(acc);
  return out;
}

/** Bounds the im2col scratch to ~4 MB (plus as much again inside XNNPACK's packed copy). */
const IM2COL_CHUNK_FLOATS = 1 << 20;

/**
 * Fills rows [m0, m0 + rows) of the patch matrix P (rows × K, K = fh·fw·ci, column order = filter
 * layout) and of dyᵀ (co × rows). Then dyᵀ·P = dWᵀ for that slice of pixels, a plain matMul.
 */
function fillChunk(
  g: ConvGeometry,
  x: Float32Array,
  dy: Float32Array,
  m0: number,
  rows: number,
  patches: Float32Array,
  dyT: Float32Array,
): void {
  const { inChannels: ci, outChannels: co, filterHeight: fh, filterWidth: fw } = g;
  const k = fh * fw * ci;
  const pixelsPerImage = g.outHeight * g.outWidth;
  const contiguous = g.x.channel === 1;
  for (let row = 0; row < rows; row++) {
    const m = m0 + row;
    const b = Math.floor(m / pixelsPerImage);
    const rest = m - b * pixelsPerImage;
    const yr = Math.floor(rest / g.outWidth);
    const yc = rest - yr * g.outWidth;
    const dyBase = b * g.y.batch + yr * g.y.row + yc * g.y.col;
    for (let o = 0; o < co; o++) dyT[o * rows + row] = dy[dyBase + o * g.y.channel] as number;
    let dst = row * k;
    for (let r = 0; r < fh; r++) {
      const xr = yr * g.strideHeight + r * g.dilationHeight - g.padTop;
      for (let c = 0; c < fw; c++, dst += ci) {
        const xc = yc * g.strideWidth + c * g.dilationWidth - g.padLeft;
        if (xr < 0 || xr >= g.inHeight || xc < 0 || xc >= g.inWidth) {
          patches.fill(0, dst, dst + ci);
          continue;
        }
        const src = b * g.x.batch + xr * g.x.row + xc * g.x.col;
        if (contiguous && ci >= 16) {
          patches.set(x.subarray(src, src + ci), dst);
        } else {
          for (let i = 0; i < ci; i++) patches[dst + i] = x[src + i * g.x.channel] as number;
        }
      }
    }
  }
}

function filterGradIm2colMatMul(io: KernelIO, args: FilterGradArgs, chunkFloats: number): TensorInfo {
  const { x, dy, geometry: g } = readFilterGradientArgs(args);
  const matMul = getKernel(BatchMatMul, io.backendName);
  if (!matMul) throw new UnsupportedKernelInputError(KERNEL, `backend '${io.backendName}' has no ${BatchMatMul} kernel`);
  const { outChannels: co } = g;
  const k = g.filterHeight * g.filterWidth * g.inChannels;
  const m = g.batch * g.outHeight * g.outWidth;
  const out = io.allocate([g.filterHeight, g.filterWidth, g.inChannels, co], 'float32');
  const acc = new Float64Array(co * k);
  const chunk = Math.max(1, Math.min(m, Math.floor(chunkFloats / k)));
  for (let m0 = 0; m0 < m; m0 += chunk) {
    const rows = Math.min(chunk, m - m0);
    // Fresh tensors each chunk: the wasm matMul caches XNNPACK's packed copy of its second operand
    // by tensor id, so refilling one tensor would silently reuse stale packed data.
    const dyT = io.allocate([1, co, rows], 'float32');
    const patches = io.allocate([1, rows, k], 'float32');
    fillChunk(
      g,
      asFloat32(KERNEL, io.view(x), 'x'),
      asFloat32(KERNEL, io.view(dy), 'dy'),
      m0,
      rows,
      io.view(patches) as Float32Array,
      io.view(dyT) as Float32Array,
    );
    const product = matMul.kernelFunc({
      inputs: { a: dyT, b: patches },
      backend: io.backend,
      attrs: { transposeA: false, transposeB: false },
    }) as TensorInfo;
    const p = io.view(product);
    for (let i = 0; i < p.length; i++) acc[i] += p[i] as number;
    io.release(product);
    io.release(patches);
    io.release(dyT);
  }
  const dw = io.view(out);
  for (let o = 0; o < co; o++) {
    for (let j = 0; j < k; j++) dw[j * co + o] = acc[o * k + j] as number;
  }
  return out;
}

export type FilterGradStrategy = 'direct' | 'im2col-matmul';

export interface FilterGradOptions {
  /** Size of the im2col scratch in floats; tests shrink it to exercise the chunked accumulation. */
  chunkFloats?: number;
}

export function conv2dBackpropFilterKernel(
  backendName: SupportedBackendName,
  strategy: FilterGradStrategy,
  options: FilterGradOptions = {},
): KernelFunc {
  const chunkFloats = options.chunkFloats ?? IM2COL_CHUNK_FLOATS;
  return (args) => {
    const io = kernelIO(backendName, args.backend);
    return strategy === 'direct' ? filterGradDirect(io, args) : filterGradIm2colMatMul(io, args, chunkFloats);
  };
}
