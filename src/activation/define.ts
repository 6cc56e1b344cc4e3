// Helpers an activation plugin file calls to declare itself; they validate the declaration so a
// malformed plugin fails at discovery with its name in the message, not later inside a study.
//
// They also keep the tidy contract: an activation's composite leaves no tensor behind but its
// result, whoever calls it. A composite is written as plain tf ops whose intermediates nobody
// disposes (inside a model the activation layer's tf.tidy frees them), so called anywhere else
// (a plot, a benchmark, a test) it leaked one tensor per intermediate; wrapping it here keeps the
// plugin files free of disposal and every activation under the same contract. tf.tidy only tracks
// tensors, so the numbers are bit for bit what they were.
import * as tf from '@tensorflow/tfjs-core';
import type { ElementwiseActivation, LayerActivation } from './types.js';

const NAME_PATTERN = /^[a-z][a-z0-9.-]*$/;
// Aliases may also carry the underscores of other libraries' spellings (Keras' hard_sigmoid).
const ALIAS_PATTERN = /^[a-z][a-z0-9._-]*$/;

function checkNames(declared: { name: string; aliases: string[] }): void {
  if (!NAME_PATTERN.test(declared.name))
    throw new Error(`activation '${declared.name}': the name must be lowercase letters, digits, '.' or '-'`);
  for (const alias of declared.aliases) {
    if (!ALIAS_PATTERN.test(alias))
      throw new Error(`activation '${declared.name}': alias '${alias}' must be lowercase letters, digits, '.', '_' or '-'`);
  }
}

/** `composite` run under its own tf.tidy, so that only its result outlives the call. */
function tidied(composite: (x: tf.Tensor) => tf.Tensor): (x: tf.Tensor) => tf.Tensor {
  return (x) => tf.tidy(() => composite(x));
}

export function defineActivation(declared: Omit<ElementwiseActivation, 'kind'>): ElementwiseActivation {
  checkNames(declared);
  return { kind: 'elementwise', ...declared, composite: tidied(declared.composite) };
}

export function defineLayerActivation(declared: Omit<LayerActivation, 'kind'>): LayerActivation {
  checkNames(declared);
  const atInit = declared.atInit && { ...declared.atInit, composite: tidied(declared.atInit.composite) };
  return { kind: 'layer', ...declared, ...(atInit && { atInit }) };
}
