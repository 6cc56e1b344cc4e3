// The two gradients of DepthwiseConv2dNative (filter [fh, fw, inChannels, multiplier], output
// channel i·multiplier + m reads only input channel i). Direct loops over the output pixels: the work
// is small (no sum over input channels), so there is no matMul to hand it to.
import type {
  DepthwiseConv2dNativeBackpropFilterAttrs,
  DepthwiseConv2dNativeBackpropInputAttrs,
  KernelFunc,
  NamedAttrMap,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import { asShape4D, assertShape, convGeometry, outputShape, type ConvGeometry } from './conv-geometry.js';
import { asFloat32, kernelIO, UnsupportedKernelInputError, type SupportedBackendName } from './tensor-io.js';

const FILTER_KERNEL = 'DepthwiseConv2dNativeBackpropFilter';
const INPUT_KERNEL = 'DepthwiseConv2dNativeBackpropInput';

interface KernelArgs {
  inputs: Record<string, TensorInfo | undefined>;
  backend: object;
  attrs?: NamedAttrMap;
}

function input(kernel: string, args: KernelArgs, name: string): TensorInfo {
  const t = args.inputs[name];
  if (!t) throw new UnsupportedKernelInputError(kernel, `needs input ${name}`);
  if (t.dtype !== 'float32') throw new UnsupportedKernelInputError(kernel, `input '${name}' must be float32, got ${t.dtype}`);
  return t;
}

/** Calls visit(xBase, dyBase, tap) for every (output pixel, filter tap) pair that reads inside the input. */
function forEachValidTap(g: ConvGeometry, visit: (xBase: number, dyBase: number, tap: number) => void): void {
  for (let b = 0; b < g.batch; b++) {
    for (let yr = 0; yr < g.outHeight; yr++) {
      for (let yc = 0; yc < g.outWidth; yc++) {
        const dyBase = b * g.y.batch + yr * g.y.row + yc * g.y.col;
        for (let r = 0; r < g.filterHeight; r++) {
          const xr = yr * g.strideHeight + r * g.dilationHeight - g.padTop;
          if (xr < 0 || xr >= g.inHeight) continue;
          for (let c = 0; c < g.filterWidth; c++) {
            const xc = yc * g.strideWidth + c * g.dilationWidth - g.padLeft;
            if (xc < 0 || xc >= g.inWidth) continue;
            visit(b * g.x.batch + xr * g.x.row + xc * g.x.col, dyBase, r * g.filterWidth + c);
          }
        }
      }
    }
  }
}

export function depthwiseFilterGradient(g: ConvGeometry, x: Float32Array, dy: Float32Array, dw: Float32Array): void {
  const ci = g.inChannels;
  const mult = g.outChannels / ci;
  const acc = new Float64Array(dw.length);
  forEachValidTap(g, (xBase, dyBase, tap) => {
    const accBase = tap * ci * mult;
    for (let i = 0; i < ci; i++) {
      const xv = x[xBase + i] as number;
      if (xv === 0) continue;
      for (let m = 0; m < mult; m++) acc[accBase + i * mult + m] += xv * (dy[dyBase + i * mult + m] as number);
    }
  });
  dw.set(acc);
}

export function depthwiseInputGradient(g: ConvGeometry, dy: Float32Array, w: Float32Array, dx: Float32Array): void {
  const ci = g.inChannels;
  const mult = g.outChannels / ci;
  dx.fill(0);
  forEachValidTap(g, (xBase, dyBase, tap) => {
    const wBase = tap * ci * mult;
    for (let i = 0; i < ci; i++) {
      let s = 0;
      for (let m = 0; m < mult; m++) s += (dy[dyBase + i * mult + m] as number) * (w[wBase + i * mult + m] as number);
      dx[xBase + i] += s;
    }
  });
}

export function depthwiseBackpropFilterKernel(backendName: SupportedBackendName): KernelFunc {
  return (rawArgs) => {
    const args = rawArgs as KernelArgs;
    const x = input(FILTER_KERNEL, args, 'x');
    const dy = input(FILTER_KERNEL, args, 'dy');
    const attrs = args.attrs as unknown as DepthwiseConv2dNativeBackpropFilterAttrs;
    const g = convGeometry({
      inShape: asShape4D(FILTER_KERNEL, 'x', x.shape),
      filterShape: attrs.filterShape,
      strides: attrs.strides,
      dilations: attrs.dilations,
      pad: attrs.pad,
      dimRoundingMode: attrs.dimRoundingMode,
      depthwise: true,
    });
    assertShape(FILTER_KERNEL, 'dy', dy.shape, outputShape(g));
    const io = kernelIO(backendName, args.backend);
    const out = io.allocate([...attrs.filterShape], 'float32');
    depthwiseFilterGradient(
      g,
      asFloat32(FILTER_KERNEL, io.view(x), 'x'),
      asFloat32(FILTER_KERNEL, io.view(dy), 'dy'),
      io.view(out) as Float32Array,
    );
    return out;
  };
}

export function depthwiseBackpropInputKernel(backendName: SupportedBackendName): KernelFunc {
  return (rawArgs) => {
    const args = rawArgs as KernelArgs;
    const dy = input(INPUT_KERNEL, args, 'dy');
    const filter = input(INPUT_KERNEL, args, 'filter');
    const attrs = args.attrs as unknown as DepthwiseConv2dNativeBackpropInputAttrs;
    const g = convGeometry({
      inShape: attrs.inputShape,
      filterShape: asShape4D(INPUT_KERNEL, 'filter', filter.shape),
      strides: attrs.strides,
      dilations: attrs.dilations,
      pad: attrs.pad,
      dimRoundingMode: attrs.dimRoundingMode,
      depthwise: true,
    });
    assertShape(INPUT_KERNEL, 'dy', dy.shape, outputShape(g));
    const io = kernelIO(backendName, args.backend);
    const out = io.allocate([...attrs.inputShape], 'float32');
    depthwiseInputGradient(
      g,
      asFloat32(INPUT_KERNEL, io.view(dy), 'dy'),
      asFloat32(INPUT_KERNEL, io.view(filter), 'filter'),
      io.view(out) as Float32Array,
    );
    return out;
  };
}
