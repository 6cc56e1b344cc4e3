// Where the committed WASM SIMD modules lie. Both are built from the C in simd/ (activations.c by
// scripts/build-simd.sh, training-kernels.c by scripts/build-training-kernels.sh), which share the
// activation formulas of simd/activation-formulas.h, so the C, the header and the modules have one
// home behind src/backend; the activation registry asks here for its module instead of knowing
// the folder. The .wasm files are kept in the repository so that a fresh install needs no C
// toolchain, and a test rebuilds them when clang is present.
import path from 'node:path';
import { packageRoot } from '../../util/package-root.js';

/** The folder of the C sources and the modules built from them. */
export function kernelSourceDir(): string {
  return path.join(packageRoot(), 'src', 'backend', 'kernels', 'simd');
}

/** The elementwise activations' forward and backward kernels (activations.c). */
export function activationKernelsPath(): string {
  return path.join(kernelSourceDir(), 'activations.wasm');
}

/**
 * An activation's kernel pair in activations.wasm, and its id in the training kernels' recurrent
 * formulas. Declared here, beside the modules, so that the backend needs nothing from
 * src/activation: activations name their kernels with it (the `simd` field), the recurrent ops
 * take it.
 */
export interface SimdKernelRef {
  /** Exports `${kernel}_forward` and `${kernel}_backward`. */
  kernel: string;
  /** The kernel's constant, where it has one (a leaky slope, an α). */
  param?: number;
}

/** The training kernels: the fused recurrences, small products, optimizer updates (training-kernels.c). */
export function trainingKernelsPath(): string {
  return path.join(kernelSourceDir(), 'training-kernels.wasm');
}
