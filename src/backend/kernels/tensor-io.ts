// One way for a kernel written in TypeScript to reach tensor memory on both the 'wasm' and the
// 'cpu' backend, so that each kernel's arithmetic is written once.
import { util } from '@tensorflow/tfjs-core';
import type { DataType, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';

export type NumericArray = Float32Array | Int32Array;
export type NumericDType = 'float32' | 'int32';
export type SupportedBackendName = 'wasm' | 'cpu';

export interface KernelIO {
  readonly backendName: SupportedBackendName;
  /**
   * Allocates a tensor the kernel fills (contents undefined). On 'wasm' this can grow the heap,
   * which detaches every view taken before: allocate first, then call view().
   */
  allocate(shape: number[], dtype: NumericDType): TensorInfo;
  /** The tensor's elements, writable in place. */
  view(t: TensorInfo): NumericArray;
  /** Frees an intermediate allocated by this kernel (never an input, never the returned output). */
  release(t: TensorInfo): void;
  /** The backend object tfjs passes to kernel functions, for calling other kernels. */
  readonly backend: object;
}

export class UnsupportedKernelInputError extends Error {
  override name = 'UnsupportedKernelInputError';
  constructor(kernelName: string, detail: string) {
    super(`actbench kernel ${kernelName}: ${detail}`);
  }
}

export function requireNumeric(kernelName: string, role: string, dtype: DataType): NumericDType {
  if (dtype === 'float32' || dtype === 'int32') return dtype;
  throw new UnsupportedKernelInputError(kernelName, `input '${role}' has dtype ${dtype}; only float32 and int32 are supported`);
}

function wasmIO(backend: BackendWasm): KernelIO {
  return {
    backendName: 'wasm',
    backend,
    allocate: (shape, dtype) => backend.makeOutput(shape, dtype),
    view: (t) => backend.typedArrayFromHeap(t) as NumericArray,
    release: (t) => {
      backend.disposeData(t.dataId);
    },
  };
}

function cpuIO(backend: MathBackendCPU): KernelIO {
  return {
    backendName: 'cpu',
    backend,
    // The CPU backend keeps the array it is given (no copy), so filling it afterwards fills the tensor.
    allocate: (shape, dtype) =>
      backend.makeTensorInfo(
        shape,
        dtype,
        dtype === 'int32' ? new Int32Array(util.sizeFromShape(shape)) : new Float32Array(util.sizeFromShape(shape)),
      ),
    view: (t) => {
      const values = backend.data.get(t.dataId)?.values;
      if (!(values instanceof Float32Array || values instanceof Int32Array)) {
        throw new Error(`actbench kernels: tensor of dtype ${t.dtype} has no float32/int32 data on the cpu backend`);
      }
      return values;
    },
    release: (t) => backend.disposeIntermediateTensorInfo(t),
  };
}

export function kernelIO(backendName: SupportedBackendName, backend: object): KernelIO {
  return backendName === 'wasm' ? wasmIO(backend as BackendWasm) : cpuIO(backend as MathBackendCPU);
}

export function asFloat32(kernelName: string, array: NumericArray, role: string): Float32Array {
  if (array instanceof Float32Array) return array;
  throw new UnsupportedKernelInputError(kernelName, `input '${role}' must be float32`);
}
