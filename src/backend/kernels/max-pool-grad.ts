// MaxPoolGrad in WASM SIMD (simd/training-kernels.c, max_pool_grad) on both CPU backends. tfjs-wasm's
// kernel took 71 ms of the reference CNN's ~520 ms step for its two 2×2 pools (23 ns per input
// element: it visits each input once per window that covers it and finds the window's maximum
// again each time); this one finds each window's maximum once, four channels at a time, and
// writes the window back with dy at the maximum and zeros elsewhere. The gradient goes to the same
// position as tfjs-cpu's (the first strictly largest in the window). Non-float32 inputs go to the
// kernel this one wraps.
import { backend_util } from '@tensorflow/tfjs-core';
import type { KernelFunc, MaxPoolGradAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import type { SupportedBackendName } from './tensor-io.js';
import { runOnBackend, trainingKernelsAvailable } from './training-simd.js';

export function maxPoolGradKernel(backendName: SupportedBackendName, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
    const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as MaxPoolGradAttrs;
    if (input.dtype !== 'float32' || dy.dtype !== 'float32' || !trainingKernelsAvailable()) return fallback(args);
    const info = backend_util.computePool2DInfo(
      input.shape as [number, number, number, number],
      filterSize,
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    const [out] = runOnBackend(backendName, args.backend, [input, dy], [input.shape], [], (kernels, at, outAt) =>
      kernels.max_pool_grad(
        info.batchSize,
        info.inHeight,
        info.inWidth,
        info.inChannels,
        info.outHeight,
        info.outWidth,
        info.filterHeight,
        info.filterWidth,
        info.strideHeight,
        info.strideWidth,
        info.dilationHeight,
        info.dilationWidth,
        info.padInfo.top,
        info.padInfo.left,
        at[0]!,
        at[1]!,
        outAt[0]!,
      ),
    );
    return out!;
  };
}
