// Helpers an activation plugin file calls to declare itself; they validate the declaration so a
// malformed plugin fails at discovery with its name in the message, not later inside a study.
import type { ElementwiseActivation, LayerActivation } from './types.js';

const NAME_PATTERN = /^[a-z][a-z0-9.-]*$/;
// Aliases may also carry the underscores of other libraries' spellings (Keras' hard_sigmoid).
const ALIAS_PATTERN = /^[a-z][a-z0-9._-]*$/;

function checkNames(declared: { name: string; aliases: string[] }): void {
  if (!NAME_PATTERN.test(declared.name)) throw new Error(`activation '${declared.name}': the name must be lowercase letters, digits, '.' or '-'`);
  for (const alias of declared.aliases) {
    if (!ALIAS_PATTERN.test(alias)) throw new Error(`activation '${declared.name}': alias '${alias}' must be lowercase letters, digits, '.', '_' or '-'`);
  }
}

export function defineActivation(declared: Omit<ElementwiseActivation, 'kind'>): ElementwiseActivation {
  checkNames(declared);
  return { kind: 'elementwise', ...declared };
}

export function defineLayerActivation(declared: Omit<LayerActivation, 'kind'>): LayerActivation {
  checkNames(declared);
  return { kind: 'layer', ...declared };
}
