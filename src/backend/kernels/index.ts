// Registers the kernels that training the study's models needs and that a backend lacks
// (or has only in an unusably slow form). Idempotent.
//
// 'wasm' (tfjs 4.22) has no Conv2DBackpropFilter, UnsortedSegmentSum or depthwise backprops, so any
// conv or embedding layer fails to train there. 'cpu' has them all, but its Conv2DBackpropFilter,
// UnsortedSegmentSum and depthwise filter gradient are 40–70 000× slower than a plain loop.
// Choices and timings: docs/kernels.md. Then the faster paths (FAST_KERNELS) go in front of
// kernels both backends have; docs/performance.md has their measurements.
import { getKernel, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import type { KernelFunc } from '@tensorflow/tfjs-core';
import { OPTIMIZER_UPDATE, optimizerUpdateKernel } from './optimizer-update.js';
import { gatherKernel, reverseKernel, sharedIdentityKernel, sharedSameDtypeCastKernel } from './block-copy.js';
import { columnSumKernel } from './column-sum.js';
import { maxPoolGradKernel } from './max-pool-grad.js';
import { equalMaskKernel } from './equal-mask.js';
import { winogradConv2dBackpropFilterKernel, winogradConv2dKernel, winogradFusedConv2dKernel } from './conv2d-winograd.js';
import { simdBatchMatMulKernel } from './batch-matmul-simd.js';
import { transposedBatchMatMulKernel } from './batch-matmul-transposed.js';
import { conv2dBackpropFilterKernel } from './conv2d-backprop-filter.js';
import { simdConv2dBackpropFilterKernel } from './conv2d-backprop-filter-simd.js';
import { conv2dBackpropInputKernel } from './conv2d-backprop-input.js';
import { depthwiseBackpropFilterKernel, depthwiseBackpropInputKernel } from './depthwise-backprop.js';
import { unsortedSegmentSumKernel } from './unsorted-segment-sum.js';
import type { SupportedBackendName } from './tensor-io.js';
import { trainingKernelsAvailable } from './training-simd.js';

/** 'fill-gap': only where the backend has no kernel (a later tfjs may ship its own). 'replace': always ours. */
type Policy = 'fill-gap' | 'replace';

interface Replacement {
  kernelName: string;
  backendName: SupportedBackendName;
  policy: Policy;
  kernelFunc: KernelFunc;
}

/**
 * A faster kernel in front of the one registered before it (tfjs's, or one of TRAINING_KERNELS
 * above), which keeps the cases the faster one does not handle: `wrap` gets that kernel function,
 * and its setup function (tfjs-wasm binds its C functions there, on every backend switch) stays
 * registered with ours.
 */
interface FastKernel {
  kernelName: string;
  backendName: SupportedBackendName;
  wrap: (previous: KernelFunc) => KernelFunc;
}

/**
 * The faster training paths, each tested against the stock kernels and measured faster in training
 * (docs/performance.md). ACTBENCH_NO_FAST_KERNELS=1 leaves them out, for before/after measurements;
 * the kernels training cannot do without stay.
 */
export const FAST_KERNELS: readonly FastKernel[] = [
  // Products in WASM SIMD, transposed ones included (the backward pass of every dense and recurrent
  // layer); where the SIMD module does not load, transposed products as transpose + XNNPACK.
  {
    kernelName: 'BatchMatMul',
    backendName: 'wasm',
    wrap: (previous) => simdBatchMatMulKernel('wasm', transposedBatchMatMulKernel(previous)),
  },
  { kernelName: 'BatchMatMul', backendName: 'cpu', wrap: (previous) => simdBatchMatMulKernel('cpu', previous) },
  // Sums over the leading axes (every layer's bias gradient) without tfjs's transpose.
  { kernelName: 'Sum', backendName: 'wasm', wrap: (previous) => columnSumKernel('wasm', previous) },
  { kernelName: 'Sum', backendName: 'cpu', wrap: (previous) => columnSumKernel('cpu', previous) },
  // Stride-1 3×3 convolutions (and through Conv2DBackpropInput below, their input gradients) as
  // Winograd F(2×2, 3×3).
  { kernelName: 'Conv2D', backendName: 'wasm', wrap: (previous) => winogradConv2dKernel('wasm', previous) },
  { kernelName: 'Conv2D', backendName: 'cpu', wrap: (previous) => winogradConv2dKernel('cpu', previous) },
  { kernelName: 'FusedConv2D', backendName: 'wasm', wrap: (previous) => winogradFusedConv2dKernel('wasm', previous) },
  { kernelName: 'FusedConv2D', backendName: 'cpu', wrap: (previous) => winogradFusedConv2dKernel('cpu', previous) },
  // Equality masks (the gradient of every max reduction) in one SIMD pass, broadcasts expanded first.
  { kernelName: 'Equal', backendName: 'wasm', wrap: equalMaskKernel },
  // Max-pool gradients finding each window's maximum once, four channels at a time (on wasm always: CORRECTED_KERNELS).
  { kernelName: 'MaxPoolGrad', backendName: 'cpu', wrap: (previous) => maxPoolGradKernel('cpu', previous) },
  // Identity (the engine's clone of every tensor kept for the backward pass) without a copy.
  { kernelName: 'Identity', backendName: 'wasm', wrap: sharedIdentityKernel },
  // Cast to the dtype a tensor already has (ReLU's gradient, every step) without a copy.
  { kernelName: 'Cast', backendName: 'wasm', wrap: sharedSameDtypeCastKernel },
  // Reverse (bidirectional layers) and GatherV2 (embeddings) as block copies, on both CPU backends.
  { kernelName: 'Reverse', backendName: 'wasm', wrap: (previous) => reverseKernel('wasm', previous) },
  { kernelName: 'Reverse', backendName: 'cpu', wrap: (previous) => reverseKernel('cpu', previous) },
  { kernelName: 'GatherV2', backendName: 'wasm', wrap: (previous) => gatherKernel('wasm', previous) },
  { kernelName: 'GatherV2', backendName: 'cpu', wrap: (previous) => gatherKernel('cpu', previous) },
  // Stride-1 conv input gradients as an XNNPACK forward conv of dy with the turned filter.
  { kernelName: 'Conv2DBackpropInput', backendName: 'wasm', wrap: conv2dBackpropInputKernel },
  // Conv filter gradients (NHWC) in WASM SIMD, on both CPU backends.
  { kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', wrap: (previous) => simdConv2dBackpropFilterKernel('wasm', previous) },
  { kernelName: 'Conv2DBackpropFilter', backendName: 'cpu', wrap: (previous) => simdConv2dBackpropFilterKernel('cpu', previous) },
  // In front of those, stride-1 3×3 filter gradients as Winograd F(2×2, 3×3).
  { kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', wrap: (previous) => winogradConv2dBackpropFilterKernel('wasm', previous) },
  { kernelName: 'Conv2DBackpropFilter', backendName: 'cpu', wrap: (previous) => winogradConv2dBackpropFilterKernel('cpu', previous) },
];

/**
 * Kernels in front of stock ones that compute a wrong result, registered whatever
 * ACTBENCH_NO_FAST_KERNELS says: tfjs-wasm 4.22's MaxPoolGrad passes no gradient through a window
 * whose inputs are all negative (max-pool-grad.test.ts shows where).
 */
export const CORRECTED_KERNELS: readonly FastKernel[] = [
  { kernelName: 'MaxPoolGrad', backendName: 'wasm', wrap: (previous) => maxPoolGradKernel('wasm', previous) },
];

/**
 * Ops of actbench's own (no tfjs kernel to replace), registered where the SIMD module loads and
 * used where registered: the optimizers' updates.
 */
export const FUSED_KERNELS: readonly { kernelName: string; backendName: SupportedBackendName; kernelFunc: KernelFunc }[] = [
  { kernelName: OPTIMIZER_UPDATE, backendName: 'wasm', kernelFunc: optimizerUpdateKernel('wasm') },
  { kernelName: OPTIMIZER_UPDATE, backendName: 'cpu', kernelFunc: optimizerUpdateKernel('cpu') },
];

export const TRAINING_KERNELS: readonly Replacement[] = [
  {
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    policy: 'fill-gap',
    kernelFunc: conv2dBackpropFilterKernel('wasm', 'im2col-matmul'),
  },
  { kernelName: 'UnsortedSegmentSum', backendName: 'wasm', policy: 'fill-gap', kernelFunc: unsortedSegmentSumKernel('wasm') },
  {
    kernelName: 'DepthwiseConv2dNativeBackpropFilter',
    backendName: 'wasm',
    policy: 'fill-gap',
    kernelFunc: depthwiseBackpropFilterKernel('wasm'),
  },
  {
    kernelName: 'DepthwiseConv2dNativeBackpropInput',
    backendName: 'wasm',
    policy: 'fill-gap',
    kernelFunc: depthwiseBackpropInputKernel('wasm'),
  },
  { kernelName: 'Conv2DBackpropFilter', backendName: 'cpu', policy: 'replace', kernelFunc: conv2dBackpropFilterKernel('cpu', 'direct') },
  { kernelName: 'UnsortedSegmentSum', backendName: 'cpu', policy: 'replace', kernelFunc: unsortedSegmentSumKernel('cpu') },
  // The stock cpu depthwise backprops are 38× (filter) and 1.6× (input) slower, and ignore dilations.
  {
    kernelName: 'DepthwiseConv2dNativeBackpropFilter',
    backendName: 'cpu',
    policy: 'replace',
    kernelFunc: depthwiseBackpropFilterKernel('cpu'),
  },
  {
    kernelName: 'DepthwiseConv2dNativeBackpropInput',
    backendName: 'cpu',
    policy: 'replace',
    kernelFunc: depthwiseBackpropInputKernel('cpu'),
  },
];

/** false under ACTBENCH_NO_FAST_KERNELS=1: FAST_KERNELS, FUSED_KERNELS and the fused LSTM stay out (before/after measurements). */
export function fastKernelsEnabled(): boolean {
  return process.env['ACTBENCH_NO_FAST_KERNELS'] !== '1';
}

let registered = false;

/** Safe to call before or after the backends initialise: kernels are looked up when an op runs. */
export function registerTrainingKernels(): void {
  if (registered) return;
  registered = true;
  for (const k of TRAINING_KERNELS) {
    const existing = getKernel(k.kernelName, k.backendName);
    if (existing) {
      if (k.policy === 'fill-gap') continue;
      // registerKernel only warns and keeps the old kernel when one exists, so remove it first.
      unregisterKernel(k.kernelName, k.backendName);
    }
    registerKernel({ kernelName: k.kernelName, backendName: k.backendName, kernelFunc: k.kernelFunc });
  }
  wrapKernels(CORRECTED_KERNELS);
  if (!fastKernelsEnabled()) return;
  if (trainingKernelsAvailable()) {
    for (const k of FUSED_KERNELS) {
      if (!getKernel(k.kernelName, k.backendName)) registerKernel(k);
    }
  }
  wrapKernels(FAST_KERNELS);
}

/** Puts each kernel in front of the one registered now, which keeps what it does not take. */
function wrapKernels(kernels: readonly FastKernel[]): void {
  for (const fast of kernels) {
    const previous = getKernel(fast.kernelName, fast.backendName);
    // Nothing to wrap (a tfjs without this kernel): leave the gap as it is.
    if (!previous) continue;
    unregisterKernel(fast.kernelName, fast.backendName);
    registerKernel({ ...previous, kernelFunc: fast.wrap(previous.kernelFunc) });
  }
}
