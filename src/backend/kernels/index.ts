// Registers the kernels that training the study's models needs and that a backend lacks
// (or has only in an unusably slow form). Idempotent.
//
// 'wasm' (tfjs 4.22) has no Conv2DBackpropFilter, UnsortedSegmentSum or depthwise backprops, so any
// conv or embedding layer fails to train there. 'cpu' has them all, but its Conv2DBackpropFilter,
// UnsortedSegmentSum and depthwise filter gradient are 40–70 000× slower than a plain loop.
// Choices and timings: docs/kernels.md.
import { getKernel, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import type { KernelFunc } from '@tensorflow/tfjs-core';
import { conv2dBackpropFilterKernel } from './conv2d-backprop-filter.js';
import { depthwiseBackpropFilterKernel, depthwiseBackpropInputKernel } from './depthwise-backprop.js';
import { unsortedSegmentSumKernel } from './unsorted-segment-sum.js';
import type { SupportedBackendName } from './tensor-io.js';

/** 'fill-gap': only where the backend has no kernel (a later tfjs may ship its own). 'replace': always ours. */
type Policy = 'fill-gap' | 'replace';

interface Replacement {
  kernelName: string;
  backendName: SupportedBackendName;
  policy: Policy;
  kernelFunc: KernelFunc;
}

export const TRAINING_KERNELS: readonly Replacement[] = [
  { kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', policy: 'fill-gap', kernelFunc: conv2dBackpropFilterKernel('wasm', 'im2col-matmul') },
  { kernelName: 'UnsortedSegmentSum', backendName: 'wasm', policy: 'fill-gap', kernelFunc: unsortedSegmentSumKernel('wasm') },
  { kernelName: 'DepthwiseConv2dNativeBackpropFilter', backendName: 'wasm', policy: 'fill-gap', kernelFunc: depthwiseBackpropFilterKernel('wasm') },
  { kernelName: 'DepthwiseConv2dNativeBackpropInput', backendName: 'wasm', policy: 'fill-gap', kernelFunc: depthwiseBackpropInputKernel('wasm') },
  { kernelName: 'Conv2DBackpropFilter', backendName: 'cpu', policy: 'replace', kernelFunc: conv2dBackpropFilterKernel('cpu', 'direct') },
  { kernelName: 'UnsortedSegmentSum', backendName: 'cpu', policy: 'replace', kernelFunc: unsortedSegmentSumKernel('cpu') },
  // The stock cpu depthwise backprops are 38× (filter) and 1.6× (input) slower, and ignore dilations.
  { kernelName: 'DepthwiseConv2dNativeBackpropFilter', backendName: 'cpu', policy: 'replace', kernelFunc: depthwiseBackpropFilterKernel('cpu') },
  { kernelName: 'DepthwiseConv2dNativeBackpropInput', backendName: 'cpu', policy: 'replace', kernelFunc: depthwiseBackpropInputKernel('cpu') },
];

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
}
