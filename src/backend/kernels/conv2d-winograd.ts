// Stride-1 3×3 convolutions over NHWC data as Winograd's F(2×2, 3×3) in WASM SIMD
// (simd/training-kernels.c), on both CPU backends: Conv2D (winograd_conv3x3) and its filter
// gradient (winograd_filter_grad3x3, the same transforms run backwards), with 2.25× fewer
// multiplications than the direct convolutions of tfjs-wasm's XNNPACK, tfjs-cpu, or
// conv2d-backprop-filter-simd.ts. Every 3×3 convolution of the vision models is of this kind, and
// so is each one's input gradient, which conv2d-backprop-input.ts turns into a forward Conv2D.
// Results differ from the direct sums by rounding only (the transforms add and subtract before the
// products; tested against tfjs-cpu). Other filters, strides, dilations, NCHW, channel counts that
// are not multiples of four (a first layer's 3 colour channels) and non-float32 go to the kernel
// each one wraps.
import { backend_util } from '@tensorflow/tfjs-core';
import type { Conv2DAttrs, Conv2DBackpropFilterAttrs, FusedConv2DAttrs, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { SupportedBackendName } from './tensor-io.js';
import { runOnBackend, trainingKernelsAvailable, trainingKernelsExports } from './training-simd.js';

type Shape4 = [number, number, number, number];

/** The convolution's geometry when Winograd F(2×2, 3×3) applies, else null. */
export function winogradGeometry(
  xShape: readonly number[],
  filterShape: readonly number[],
  attrs: Pick<Conv2DAttrs, 'strides' | 'pad' | 'dataFormat' | 'dimRoundingMode'> & { dilations?: Conv2DAttrs['dilations'] },
): backend_util.Conv2DInfo | null {
  if (xShape.length !== 4 || filterShape.length !== 4 || attrs.dataFormat === 'NCHW') return null;
  const info = backend_util.computeConv2DInfo(
    xShape as Shape4,
    filterShape as Shape4,
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  const ok =
    info.filterHeight === 3 &&
    info.filterWidth === 3 &&
    info.strideHeight === 1 &&
    info.strideWidth === 1 &&
    info.dilationHeight === 1 &&
    info.dilationWidth === 1 &&
    info.inChannels % 4 === 0 &&
    info.outChannels % 4 === 0 &&
    info.padInfo.top >= 0 &&
    info.padInfo.left >= 0 &&
    info.outHeight > 0 &&
    info.outWidth > 0;
  return ok ? info : null;
}

type WinogradKernel = 'winograd_conv3x3' | 'winograd_filter_grad3x3';

/** Runs one of the two kernels on (first, second) = (x, filter) or (x, dy) into a tensor of outShape. */
function runWinograd(
  backendName: SupportedBackendName,
  backend: object,
  kernel: WinogradKernel,
  info: backend_util.Conv2DInfo,
  first: TensorInfo,
  second: TensorInfo,
  outShape: number[],
): TensorInfo {
  const exports = trainingKernelsExports();
  const scratch =
    kernel === 'winograd_conv3x3'
      ? exports.winograd_scratch(info.inChannels, info.outChannels)
      : exports.winograd_filter_grad_scratch(info.inChannels, info.outChannels);
  const [out] = runOnBackend(backendName, backend, [first, second], [outShape], [scratch], (kernels, at, outAt, scratchAt) =>
    kernels[kernel](
      info.batchSize,
      info.inHeight,
      info.inWidth,
      info.inChannels,
      info.outHeight,
      info.outWidth,
      info.outChannels,
      info.padInfo.top,
      info.padInfo.left,
      at[0]!,
      at[1]!,
      outAt[0]!,
      scratchAt[0]!,
    ),
  );
  return out!;
}

const float32 = (...tensors: TensorInfo[]) => tensors.every((t) => t.dtype === 'float32');

export function winogradConv2dKernel(backendName: SupportedBackendName, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo };
    const info = float32(x, filter) ? winogradGeometry(x.shape, filter.shape, args.attrs as unknown as Conv2DAttrs) : null;
    if (!info || !trainingKernelsAvailable()) return fallback(args);
    return runWinograd(backendName, args.backend, 'winograd_conv3x3', info, x, filter, info.outShape);
  };
}

/**
 * FusedConv2D without bias and with the linear activation is a plain Conv2D: what tfjs-layers runs
 * for a convolution without bias (the ResNets' convolutions, followed by batch normalisation).
 */
export function winogradFusedConv2dKernel(backendName: SupportedBackendName, fallback: KernelFunc): KernelFunc {
  const plain = winogradConv2dKernel(backendName, fallback);
  return (args) => {
    const { bias, preluActivationWeights } = args.inputs as { bias?: TensorInfo; preluActivationWeights?: TensorInfo };
    const { activation } = args.attrs as unknown as FusedConv2DAttrs;
    if (bias || preluActivationWeights || (activation !== undefined && activation !== 'linear')) return fallback(args);
    return plain(args);
  };
}

export function winogradConv2dBackpropFilterKernel(backendName: SupportedBackendName, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
    const attrs = args.attrs as unknown as Conv2DBackpropFilterAttrs;
    const info = float32(x, dy) ? winogradGeometry(x.shape, attrs.filterShape, attrs) : null;
    if (!info || !trainingKernelsAvailable() || info.outHeight !== dy.shape[1] || info.outWidth !== dy.shape[2]) return fallback(args);
    return runWinograd(backendName, args.backend, 'winograd_filter_grad3x3', info, x, dy, [...attrs.filterShape]);
  };
}
