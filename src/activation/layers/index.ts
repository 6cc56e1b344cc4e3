// The layer-shaped activations and the layer wrapper for elementwise ones; importing this module
// registers every class here for tfjs-layers serialisation.
export {
  ActivationLayer,
  type ActivationLayerConfig,
  type ActivationLayerOptions,
  activationLayer,
  replacesDense,
} from './activation-layer.js';
export { type InitializerIdentifier, resolveInitializer, serializeInitializer } from './common.js';
export { Maxout, type MaxoutArgs } from './maxout.js';
export { PReLU, type PReLUArgs } from './prelu.js';
export { SwishBeta, type SwishBetaArgs } from './swish-beta.js';
