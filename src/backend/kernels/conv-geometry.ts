// The geometry every conv backprop kernel here needs, derived from tfjs's own shape rules so that
// output sizes and padding match the forward op exactly.
import { backend_util } from '@tensorflow/tfjs-core';

/** tfjs-core does not export its ExplicitPadding type; this is the same structure. */
export type ExplicitPadding = [[number, number], [number, number], [number, number], [number, number]];
export type Padding = 'valid' | 'same' | number | ExplicitPadding;
export type RoundingMode = 'floor' | 'round' | 'ceil';
export type Shape4D = [number, number, number, number];

/** Element strides of a rank-4 activation tensor, by role rather than by axis position. */
export interface ActivationStrides {
  batch: number;
  row: number;
  col: number;
  channel: number;
}

export interface ConvGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  padTop: number;
  padLeft: number;
  /** Strides of x (or dx): NHWC or NCHW. */
  x: ActivationStrides;
  /** Strides of dy. */
  y: ActivationStrides;
  channelsLast: boolean;
}

function activationStrides(h: number, w: number, c: number, channelsLast: boolean): ActivationStrides {
  return channelsLast ? { batch: h * w * c, row: w * c, col: c, channel: 1 } : { batch: c * h * w, row: w, col: 1, channel: h * w };
}

export interface ConvGeometryRequest {
  inShape: Shape4D;
  filterShape: Shape4D;
  strides: number | [number, number];
  dilations: number | [number, number];
  pad: Padding;
  dimRoundingMode?: RoundingMode;
  depthwise: boolean;
  dataFormat?: 'NHWC' | 'NCHW';
}

export function convGeometry(req: ConvGeometryRequest): ConvGeometry {
  const format = backend_util.convertConv2DDataFormat(req.dataFormat ?? 'NHWC');
  const info = backend_util.computeConv2DInfo(
    req.inShape,
    req.filterShape,
    req.strides,
    req.dilations,
    req.pad,
    req.dimRoundingMode,
    req.depthwise,
    format,
  );
  const channelsLast = info.dataFormat === 'channelsLast';
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    outChannels: info.outChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    dilationHeight: info.dilationHeight,
    dilationWidth: info.dilationWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
    x: activationStrides(info.inHeight, info.inWidth, info.inChannels, channelsLast),
    y: activationStrides(info.outHeight, info.outWidth, info.outChannels, channelsLast),
    channelsLast,
  };
}

export function asShape4D(kernelName: string, role: string, shape: readonly number[]): Shape4D {
  if (shape.length !== 4) throw new Error(`actbench kernel ${kernelName}: '${role}' must be rank 4, got shape [${shape.join(', ')}]`);
  return [shape[0] ?? 0, shape[1] ?? 0, shape[2] ?? 0, shape[3] ?? 0];
}

/** Guards the loops against reading past a tensor whose shape disagrees with the conv attributes. */
export function assertShape(kernelName: string, role: string, actual: readonly number[], expected: readonly number[]): void {
  if (actual.length !== expected.length || actual.some((d, i) => d !== expected[i])) {
    throw new Error(
      `actbench kernel ${kernelName}: '${role}' has shape [${actual.join(', ')}], expected [${expected.join(', ')}] from the conv attributes`,
    );
  }
}

/** The shape of dy (the forward output) in the tensor's own layout. */
export function outputShape(g: ConvGeometry): Shape4D {
  return g.channelsLast ? [g.batch, g.outHeight, g.outWidth, g.outChannels] : [g.batch, g.outChannels, g.outHeight, g.outWidth];
}
