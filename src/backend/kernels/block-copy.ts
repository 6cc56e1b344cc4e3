// Identity (and Cast to the same dtype) without a copy on 'wasm', and Reverse and GatherV2 as copies of contiguous blocks, on
// both CPU backends. tfjs's engine clones every tensor an op keeps for its backward pass through
// the Identity kernel; tfjs-cpu's shares the data (a reference count), tfjs-wasm's copies it, so
// training on wasm copied every saved activation once per step (8 MB per conv layer of the CNN).
// Sharing is safe for the reason tfjs-wasm's own Reshape already shares: tensors are immutable,
// and a variable's assign replaces its data instead of writing into it.
//
// Reverse and GatherV2: Both are pure data
// movement, yet tfjs-wasm's run at 30–60 ns per element (4 ms to reverse a 32×30×100 sequence,
// 2.7 ms to look up 960 embedding rows) and tfjs-cpu's Reverse at 700 ns (70 ms), because they
// compute every element's coordinates. A bidirectional recurrent layer reverses its sequence four
// times per step and every embedding gathers once; here each is one typed-array copy per block
// (a row of the innermost dimensions left in order).
import { util } from '@tensorflow/tfjs-core';
import type { CastAttrs, GatherV2Attrs, KernelFunc, ReverseAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import { kernelIO, type NumericDType, type SupportedBackendName } from './tensor-io.js';

function numeric(dtype: string): dtype is NumericDType {
  return dtype === 'float32' || dtype === 'int32';
}

/** Identity on 'wasm' as tfjs-cpu does it: the output shares the input's data. Strings go to `fallback`. */
export function sharedIdentityKernel(fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    if (x.dtype === 'string') return fallback(args);
    (args.backend as { incRef(dataId: object): void }).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape.slice(), dtype: x.dtype };
  };
}

/**
 * Cast on 'wasm' to the dtype the tensor already has, shared as Identity is: tfjs-wasm copies it
 * (tfjs-cpu shares it), and ReLU's gradient casts its float32 step mask to float32 in every
 * backward pass (8 MB a layer of the reference CNN). Other casts go to `fallback`.
 */
export function sharedSameDtypeCastKernel(fallback: KernelFunc): KernelFunc {
  const identity = sharedIdentityKernel(fallback);
  return (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    return (args.attrs as unknown as CastAttrs).dtype === x.dtype ? identity(args) : fallback(args);
  };
}

/**
 * Reverse along `dims`: every block of the trailing dimensions after the last reversed one is
 * copied whole. Other dtypes (bool, complex) go to `fallback`.
 */
export function reverseKernel(backendName: SupportedBackendName, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const { dims } = args.attrs as unknown as ReverseAttrs;
    const dtype = x.dtype;
    if (!numeric(dtype)) return fallback(args);
    const axes = new Set(util.parseAxisParam(dims, x.shape));
    const io = kernelIO(backendName, args.backend);
    const out = io.allocate(x.shape.slice(), dtype);
    const from = io.view(x);
    const to = io.view(out);
    const last = Math.max(-1, ...axes);
    const block = util.sizeFromShape(x.shape.slice(last + 1));
    const outer = x.shape.slice(0, last + 1);
    const strides = outer.map((_, d) => util.sizeFromShape(x.shape.slice(d + 1)));
    const index = new Array<number>(outer.length).fill(0);
    const blocks = util.sizeFromShape(outer);
    for (let b = 0; b < blocks; b++) {
      let source = 0;
      for (let d = 0; d < outer.length; d++) source += (axes.has(d) ? outer[d]! - 1 - index[d]! : index[d]!) * strides[d]!;
      to.set(from.subarray(source, source + block), b * block);
      for (let d = outer.length - 1; d >= 0; d--) {
        if (++index[d]! < outer[d]!) break;
        index[d] = 0;
      }
    }
    return out;
  };
}

/**
 * GatherV2 without batch dimensions: for each index along `axis`, the block of the trailing
 * dimensions is copied. Indices out of range are an error, as on tfjs-cpu (tfjs-wasm does not check).
 * Batched gathers (batchDims > 0) and other dtypes go to `fallback`.
 */
export function gatherKernel(backendName: SupportedBackendName, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { x, indices } = args.inputs as { x: TensorInfo; indices: TensorInfo };
    const { axis, batchDims } = args.attrs as unknown as GatherV2Attrs;
    const dtype = x.dtype;
    if ((batchDims ?? 0) !== 0 || indices.dtype !== 'int32' || !numeric(dtype)) return fallback(args);
    const io = kernelIO(backendName, args.backend);
    const gatherAxis = util.parseAxisParam(axis, x.shape)[0]!;
    const outShape = [...x.shape.slice(0, gatherAxis), ...indices.shape, ...x.shape.slice(gatherAxis + 1)];
    const out = io.allocate(outShape, dtype);
    const from = io.view(x);
    const picks = io.view(indices);
    const to = io.view(out);
    const axisSize = x.shape[gatherAxis]!;
    const block = util.sizeFromShape(x.shape.slice(gatherAxis + 1));
    const outer = util.sizeFromShape(x.shape.slice(0, gatherAxis));
    for (const index of picks) {
      if (!(index >= 0 && index < axisSize)) {
        io.release(out);
        throw new Error(`GatherV2: the index value ${index} is not in [0, ${axisSize - 1}]`);
      }
    }
    let at = 0;
    for (let o = 0; o < outer; o++) {
      const base = o * axisSize * block;
      if (block === 1) {
        for (let i = 0; i < picks.length; i++) to[at++] = from[base + picks[i]!]!;
        continue;
      }
      for (let i = 0; i < picks.length; i++) {
        const source = base + picks[i]! * block;
        to.set(from.subarray(source, source + block), at);
        at += block;
      }
    }
    return out;
  };
}
