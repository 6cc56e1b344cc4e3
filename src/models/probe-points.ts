// Where a model applies its activation, found by walking the layers of a built functional model:
// the points a diagnostics probe reads (src/engine/diagnostics.ts). The models themselves are not
// touched: the probe evaluates the symbolic tensors named here with model.execute, in inference
// mode, so the training forward pass is exactly what it was.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { ActivationSimpleRNN } from './tagger-rnn-cell.js';

/**
 * φ′ at a point's pre-activations, from what the probe read there: the layer's input and output
 * and, for sequences, the padding mask [examples, tokens]. Same shape as the output.
 */
export type PointDerivative = (input: tf.Tensor, output: tf.Tensor, mask: tf.Tensor | undefined) => tf.Tensor;

export interface ProbePoint {
  /** The layer's name, e.g. 'hidden1_act', 'conv1_maxout', 'birnn1'. */
  name: string;
  /** Symbolic tensor names for model.execute: what the layer receives and what it returns. */
  inputName: string;
  outputName: string;
  /** Null where φ′ cannot be had: maxout mixes units, and the LSTM's φ acts on a cell state that is not an output. */
  derivative: PointDerivative | null;
}

const ELEMENTWISE_LAYERS = new Set(['ActbenchActivation', 'ActbenchPReLU', 'ActbenchSwishBeta']);
const MIXING_LAYERS = new Set(['ActbenchMaxout']);
/** Recurrent layers whose cell applies the activation (their outputs are φ of the cell state or pre-activation). */
const RECURRENT_LAYERS = new Set(['ActbenchSimpleRNN', 'ActbenchLSTM']);

/** Bidirectional keeps its two directions in private fields that tfjs-layers does not type. */
function directions(layer: tfl.layers.Layer): { forward: tfl.layers.Layer; backward: tfl.layers.Layer } | null {
  const wrapper = layer as unknown as { forwardLayer?: tfl.layers.Layer; backwardLayer?: tfl.layers.Layer };
  return wrapper.forwardLayer && wrapper.backwardLayer ? { forward: wrapper.forwardLayer, backward: wrapper.backwardLayer } : null;
}

function recurrentInside(layer: tfl.layers.Layer): boolean {
  const wrapped = directions(layer);
  return RECURRENT_LAYERS.has(layer.getClassName()) || (wrapped !== null && RECURRENT_LAYERS.has(wrapped.forward.getClassName()));
}

/**
 * For y = φ(x) unit by unit, the gradient of y seeded with ones is φ′(x) entry by entry, through
 * the very layer (kernel) training uses. (Seeding with ones gives what the gradient of Σy gives,
 * 1 · φ′(x), without the sum and its gradient: two kernel calls fewer per probe point.)
 */
function elementwiseDerivative(layer: tfl.layers.Layer): PointDerivative {
  return (input) => tf.tidy(() => tf.grad((x: tf.Tensor) => layer.apply(x, { training: false }) as tf.Tensor)(input));
}

/**
 * The bidirectional vanilla RNN's pre-activations are not model outputs, but they follow from its
 * input and output without running the recurrence again: z_t = x_t·W + h_prev·U + b, where h_prev
 * is the forward direction's output one token earlier (zero at the first token) and the backward
 * direction's one token later (zero after a sentence's last token, since padding, at the end, is
 * masked and leaves the state at zero). φ′(z) then comes from the cell's activation.
 */
function simpleRnnDerivative(forward: ActivationSimpleRNN, backward: ActivationSimpleRNN): PointDerivative {
  return (input, output, mask) =>
    tf.tidy(() => {
      if (mask === undefined) throw new Error(`probe of '${forward.name}': the bidirectional RNN's pre-activations need the padding mask`);
      const [examples, tokens, width] = output.shape as [number, number, number];
      const units = width / 2;
      const inputs2d = tf.reshape(input, [examples * tokens, input.shape[2]!]);
      const preActivation = (direction: ActivationSimpleRNN, previous: tf.Tensor): tf.Tensor => {
        const [kernel, recurrentKernel, bias] = direction.getWeights() as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
        const z = tf.add(
          tf.add(tf.matMul(inputs2d, kernel), tf.matMul(tf.reshape(previous, [examples * tokens, units]), recurrentKernel)),
          bias,
        );
        return tf.reshape(z, [examples, tokens, units]);
      };
      const zeroStep = tf.zeros([examples, 1, units]);
      const forwardOutputs = tf.slice(output, [0, 0, 0], [examples, tokens, units]);
      const backwardOutputs = tf.slice(output, [0, 0, units], [examples, tokens, units]);
      const forwardPrevious = tf.concat([zeroStep, tf.slice(forwardOutputs, [0, 0, 0], [examples, tokens - 1, units])], 1);
      const nextIsToken = tf.expandDims(tf.concat([tf.slice(mask, [0, 1], [examples, tokens - 1]), tf.zeros([examples, 1])], 1), 2);
      const backwardPrevious = tf.mul(
        tf.concat([tf.slice(backwardOutputs, [0, 1, 0], [examples, tokens - 1, units]), zeroStep], 1),
        nextIsToken,
      );
      const derivative = (direction: ActivationSimpleRNN, z: tf.Tensor): tf.Tensor =>
        tf.grad((x: tf.Tensor) => direction.rnnCell.activation.apply(x))(z);
      return tf.concat(
        [derivative(forward, preActivation(forward, forwardPrevious)), derivative(backward, preActivation(backward, backwardPrevious))],
        2,
      );
    });
}

function derivativeOf(layer: tfl.layers.Layer): PointDerivative | null {
  if (ELEMENTWISE_LAYERS.has(layer.getClassName())) return elementwiseDerivative(layer);
  const wrapped = directions(layer);
  if (wrapped && wrapped.forward instanceof ActivationSimpleRNN && wrapped.backward instanceof ActivationSimpleRNN)
    return simpleRnnDerivative(wrapped.forward, wrapped.backward);
  return null;
}

function singleName(tensor: tfl.SymbolicTensor | tfl.SymbolicTensor[], layer: string): string {
  if (Array.isArray(tensor)) {
    if (tensor.length !== 1) throw new Error(`probe point '${layer}': expected one tensor, got ${tensor.length}`);
    return tensor[0]!.name;
  }
  return tensor.name;
}

/**
 * The model's activation applications in forward order; empty for a model with none. A layer
 * applied more than once (shared) has no single input and output tensor to read, so it is left out.
 */
export function probePoints(model: tfl.LayersModel): ProbePoint[] {
  return model.layers
    .filter((layer) => layer.inboundNodes.length === 1)
    .filter((layer) => ELEMENTWISE_LAYERS.has(layer.getClassName()) || MIXING_LAYERS.has(layer.getClassName()) || recurrentInside(layer))
    .map((layer) => ({
      name: layer.name,
      inputName: singleName(layer.input, layer.name),
      outputName: singleName(layer.output, layer.name),
      derivative: derivativeOf(layer),
    }));
}

/**
 * The model's layers that hold trainable weights, in forward order, with their variables: the
 * "layers" of the gradient norms. An elementwise activation's own parameters (prelu's slopes,
 * swish-beta's β) count with the layer before it, so that layer k is the k-th affine map whatever
 * the activation, and models with and without such parameters line up layer by layer.
 */
export function trainableLayers(model: tfl.LayersModel): { name: string; variableNames: string[] }[] {
  const groups: { name: string; variableNames: string[] }[] = [];
  for (const layer of model.layers) {
    if (!layer.trainable || layer.trainableWeights.length === 0) continue;
    const variableNames = layer.trainableWeights.map((weight) => (weight.read() as tf.Variable).name);
    const previous = groups.at(-1);
    if (ELEMENTWISE_LAYERS.has(layer.getClassName()) && previous) previous.variableNames.push(...variableNames);
    else groups.push({ name: layer.name, variableNames });
  }
  return groups;
}
