// Conv2DBackpropFilter in WASM SIMD (simd/training-kernels.c, conv2d_filter_grad) for NHWC data:
// for every output row and filter tap the gradient is one small product of the input pixels the
// row reads (equally spaced, read in place) with the row of dy, at ~30–45 GFLOP/s on one core.
// It replaces im2col + XNNPACK on 'wasm' (3× faster: the im2col copies and the transposes around
// the product cost more than the product) and the direct JS loop on 'cpu' (tensors copied into
// the kernels' memory and back). NCHW goes to the kernel it replaces.
import type { KernelFunc } from '@tensorflow/tfjs-core';
import type { ConvGeometry } from './conv-geometry.js';
import { readFilterGradientArgs } from './conv2d-backprop-filter.js';
import type { SupportedBackendName } from './tensor-io.js';
import { runOnBackend, trainingKernelsAvailable, type TrainingKernelExports } from './training-simd.js';

function run(kernels: TrainingKernelExports, g: ConvGeometry, x: number, dy: number, out: number): void {
  kernels.conv2d_filter_grad(
    g.batch,
    g.inHeight,
    g.inWidth,
    g.inChannels,
    g.outHeight,
    g.outWidth,
    g.outChannels,
    g.filterHeight,
    g.filterWidth,
    g.strideHeight,
    g.strideWidth,
    g.dilationHeight,
    g.dilationWidth,
    g.padTop,
    g.padLeft,
    x,
    dy,
    out,
  );
}

/** `fallback` takes what this kernel does not: NCHW, and everything where the SIMD module does not load. */
export function simdConv2dBackpropFilterKernel(backendName: SupportedBackendName, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { x, dy, geometry: g } = readFilterGradientArgs(args);
    if (!g.channelsLast || !trainingKernelsAvailable()) return fallback(args);
    const filterShape = [g.filterHeight, g.filterWidth, g.inChannels, g.outChannels];
    const [out] = runOnBackend(backendName, args.backend, [x, dy], [filterShape], [], (kernels, at, outAt) =>
      run(kernels, g, at[0]!, at[1]!, outAt[0]!),
    );
    return out!;
  };
}
