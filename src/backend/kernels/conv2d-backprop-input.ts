// Conv2DBackpropInput on 'wasm' for stride 1 (every conv of the study's models): the input
// gradient of a stride-1 convolution is itself a stride-1 convolution — of dy with the filter
// turned by 180° and its channel axes swapped — so it can run on tfjs-wasm's XNNPACK Conv2D
// instead of the stock kernel's scalar loop (~7× the forward conv's time). Other strides and
// NCHW go to the stock kernel.
//
//   forward: y[b, i, j, o] = Σ x[b, i + r − pt, j + s − pl, c] · W[r, s, c, o]
//   so:     dx[b, i, j, c] = Σ dy[b, i + r' − (fh − 1 − pt), j + s' − (fw − 1 − pl), o] · W'[r', s', o, c]
//   with W'[r', s', o, c] = W[fh − 1 − r', fw − 1 − s', c, o]; the bottom/right padding makes the
//   output exactly the input's size.
import { Conv2D, getKernel } from '@tensorflow/tfjs-core';
import type { Conv2DBackpropInputAttrs, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { asShape4D, convGeometry, type ExplicitPadding } from './conv-geometry.js';
import { asFloat32, kernelIO, UnsupportedKernelInputError } from './tensor-io.js';

const KERNEL = 'Conv2DBackpropInput';

/** W [fh, fw, ci, co] → W' [fh, fw, co, ci], turned by 180° in the spatial axes. */
export function flipFilter(w: Float32Array, fh: number, fw: number, ci: number, co: number, out: Float32Array): void {
  for (let r = 0; r < fh; r++) {
    for (let s = 0; s < fw; s++) {
      const src = ((fh - 1 - r) * fw + (fw - 1 - s)) * ci * co;
      const dst = (r * fw + s) * co * ci;
      for (let c = 0; c < ci; c++) {
        for (let o = 0; o < co; o++) out[dst + o * ci + c] = w[src + c * co + o] as number;
      }
    }
  }
}

/** Wraps the stock wasm Conv2DBackpropInput (taken before it is unregistered). */
export function conv2dBackpropInputKernel(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
    const attrs = args.attrs as unknown as Conv2DBackpropInputAttrs;
    const g = convGeometry({
      inShape: asShape4D(KERNEL, 'inputShape', attrs.inputShape),
      filterShape: asShape4D(KERNEL, 'filter', filter.shape),
      strides: attrs.strides,
      dilations: 1,
      pad: attrs.pad,
      dimRoundingMode: attrs.dimRoundingMode,
      depthwise: false,
      dataFormat: attrs.dataFormat,
    });
    const padTop = g.filterHeight - 1 - g.padTop;
    const padLeft = g.filterWidth - 1 - g.padLeft;
    const padBottom = g.inHeight - g.outHeight + g.filterHeight - 1 - padTop;
    const padRight = g.inWidth - g.outWidth + g.filterWidth - 1 - padLeft;
    const rewritable =
      g.strideHeight === 1 &&
      g.strideWidth === 1 &&
      g.channelsLast &&
      dy.dtype === 'float32' &&
      filter.dtype === 'float32' &&
      Math.min(padTop, padLeft, padBottom, padRight) >= 0;
    if (!rewritable) return stock(args);
    const conv = getKernel(Conv2D, 'wasm');
    if (!conv) throw new UnsupportedKernelInputError(KERNEL, "the 'wasm' backend has no Conv2D kernel");
    const io = kernelIO('wasm', args.backend);
    const flipped = io.allocate([g.filterHeight, g.filterWidth, g.outChannels, g.inChannels], 'float32');
    flipFilter(
      asFloat32(KERNEL, io.view(filter), 'filter'),
      g.filterHeight,
      g.filterWidth,
      g.inChannels,
      g.outChannels,
      asFloat32(KERNEL, io.view(flipped), 'flipped'),
    );
    const pad: ExplicitPadding = [
      [0, 0],
      [padTop, padBottom],
      [padLeft, padRight],
      [0, 0],
    ];
    try {
      return conv.kernelFunc({
        inputs: { x: dy, filter: flipped },
        backend: args.backend,
        attrs: { strides: 1, pad, dilations: 1, dataFormat: 'NHWC' },
      }) as TensorInfo;
    } finally {
      io.release(flipped);
    }
  };
}
