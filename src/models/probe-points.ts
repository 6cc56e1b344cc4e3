// Where a model applies its activation, found by walking the layers of a built functional model:
// the points a diagnostics probe reads (src/engine/diagnostics.ts). The models themselves are not
// touched: the probe evaluates the symbolic tensors named here with model.execute, in inference
// mode, so the training forward pass is exactly what it was.
import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/**
 * How the activation's derivative at this point can be had:
 * - 'elementwise': the layer is y = φ(x) unit by unit (the activation layer, prelu, swish-beta),
 *   so d Σy / dx is φ′(x) itself;
 * - 'none': the layer mixes units (maxout) or hides φ inside a recurrent cell, whose
 *   pre-activations are not symbolic tensors of the model; only its outputs are read.
 */
export type ProbeDerivative = 'elementwise' | 'none';

export interface ProbePoint {
  /** The layer's name, e.g. 'hidden1_act', 'conv1_maxout', 'birnn1'. */
  name: string;
  /** Symbolic tensor names for model.execute: what the layer receives and what it returns. */
  inputName: string;
  outputName: string;
  derivative: ProbeDerivative;
  /** The layer, for evaluating φ′ on the probe's pre-activations ('elementwise' points). */
  layer: tfl.layers.Layer;
}

const ELEMENTWISE_LAYERS = new Set(['ActbenchActivation', 'ActbenchPReLU', 'ActbenchSwishBeta']);
const MIXING_LAYERS = new Set(['ActbenchMaxout']);
/** Recurrent layers whose cell applies the activation (their outputs are φ of the cell state or pre-activation). */
const RECURRENT_LAYERS = new Set(['ActbenchSimpleRNN', 'ActbenchLSTM']);

function recurrentInside(layer: tfl.layers.Layer): boolean {
  if (RECURRENT_LAYERS.has(layer.getClassName())) return true;
  // Bidirectional keeps the wrapped layer as forwardLayer; tfjs-layers does not export its type.
  const wrapped = (layer as unknown as { forwardLayer?: tfl.layers.Layer }).forwardLayer;
  return wrapped !== undefined && RECURRENT_LAYERS.has(wrapped.getClassName());
}

function singleName(tensor: tfl.SymbolicTensor | tfl.SymbolicTensor[], layer: string): string {
  if (Array.isArray(tensor)) {
    if (tensor.length !== 1) throw new Error(`probe point '${layer}': expected one tensor, got ${tensor.length}`);
    return tensor[0]!.name;
  }
  return tensor.name;
}

/** The model's activation applications in forward order; empty for a model with none. */
export function probePoints(model: tfl.LayersModel): ProbePoint[] {
  const points: ProbePoint[] = [];
  for (const layer of model.layers) {
    const className = layer.getClassName();
    const derivative: ProbeDerivative | null = ELEMENTWISE_LAYERS.has(className) ? 'elementwise' : MIXING_LAYERS.has(className) || recurrentInside(layer) ? 'none' : null;
    if (derivative === null) continue;
    points.push({ name: layer.name, inputName: singleName(layer.input, layer.name), outputName: singleName(layer.output, layer.name), derivative, layer });
  }
  return points;
}

/** The model's layers that hold trainable weights, in forward order, with their variables: the "layers" of the gradient norms. */
export function trainableLayers(model: tfl.LayersModel): { name: string; variableNames: string[] }[] {
  return model.layers
    .filter((layer) => layer.trainable && layer.trainableWeights.length > 0)
    .map((layer) => ({ name: layer.name, variableNames: layer.trainableWeights.map((weight) => (weight.read() as tf.Variable).name) }));
}
