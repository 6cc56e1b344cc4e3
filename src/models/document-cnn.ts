// The document classifier of E18 (docs/study.md §3, §5): a Kim-style CNN over (frozen, pretrained) word
// vectors, with any registry activation after each convolution and in the dense layer.
//
// Maxout after a convolution: a maxout unit needs k affine maps of the window where Conv1D gives
// one, so each conv layer becomes Conv1D(filters, linear) → a maxout-k layer of `filters` units
// applied at every position (a 1×1 projection to filters·k channels, max over each group of k).
// This reuses the registry's own maxout layer, saves and loads like it, and keeps the channel
// count of the other activations; the price is filters²·k extra weights per conv layer, and the k
// pieces of a unit see the window only through the conv's `filters` linear features, and on WASM
// training runs ~3.6× slower than with relu (76 vs 275 samples/s at the benchmark size). In the
// dense layer maxout replaces Dense+activation as in the MLP.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { activationLayer, replacesDense } from '../activation/layers/index.js';
import { KernelInitializers } from './mlp-initializers.js';
import { applyLayer, canonicalActivation, checkDropout, checkPositiveInteger, denseWithActivation } from './mlp.js';

export interface DocumentCnnOptions {
  /** Rows of the embedding table, PAD (0) and OOV included. */
  vocabSize: number;
  embeddingDim: number;
  /**
   * Pretrained vectors, row-major [vocabSize, embeddingDim]; when given the embedding is frozen
   * (E18 keeps its word vectors fixed). Row 0 is what padding looks like to the convolutions,
   * so zeros there are sensible. Without it the embedding is learned from a seeded uniform start.
   */
  embeddings?: Float32Array;
  /** Token ids per document, padded with 0 (or cut) to this length. */
  maxLength: number;
  numClasses: number;
  /** Stacked convolutions, 1–3. */
  convLayers: number;
  /** Channels of each convolution (E18: 40–200). */
  filters: number;
  /** Window of each convolution in tokens (E18: 1–4); 'same' padding keeps the length. */
  filterSize: number;
  /** Width of the dense layer after pooling (E18: 30–500). */
  denseUnits: number;
  /** Dropout rate on the pooled features. */
  dropout: number;
  /** A registry activation name or alias, used after every convolution and in the dense layer. */
  activation: string;
  /** Kernel initializer of the conv and dense layers (tfjs or Keras spelling); default 'glorotUniform'. */
  kernelInitializer?: string;
  /** Makes the initial weights reproducible. Dropout masks and fit()'s shuffling stay unseeded. */
  seed?: number;
}

export const MAX_CONV_LAYERS = 3;

/**
 * input int32 ids [batch, maxLength] → Embedding(vocabSize, embeddingDim) → convLayers ×
 * [Conv1D(filters, filterSize, same) → activation] → global max-pool over time → Dropout →
 * Dense(denseUnits) → activation → Dense(numClasses, softmax). Uncompiled. Needs the activation
 * registry loaded (await loadActivations()).
 */
export function buildDocumentCnn(options: DocumentCnnOptions): tfl.LayersModel {
  const where = 'buildDocumentCnn';
  checkPositiveInteger(options.vocabSize, `${where}: vocabSize`);
  checkPositiveInteger(options.embeddingDim, `${where}: embeddingDim`);
  checkPositiveInteger(options.maxLength, `${where}: maxLength`);
  checkPositiveInteger(options.numClasses, `${where}: numClasses`);
  checkPositiveInteger(options.convLayers, `${where}: convLayers`);
  if (options.convLayers > MAX_CONV_LAYERS)
    throw new RangeError(`${where}: convLayers must be 1–${MAX_CONV_LAYERS}, got ${options.convLayers}`);
  checkPositiveInteger(options.filters, `${where}: filters`);
  checkPositiveInteger(options.filterSize, `${where}: filterSize`);
  checkPositiveInteger(options.denseUnits, `${where}: denseUnits`);
  checkDropout(options.dropout, `${where}: dropout`);
  const { embeddings } = options;
  if (embeddings !== undefined && embeddings.length !== options.vocabSize * options.embeddingDim) {
    throw new RangeError(
      `${where}: embeddings holds ${embeddings.length} values, expected vocabSize × embeddingDim = ${options.vocabSize} × ${options.embeddingDim} = ${options.vocabSize * options.embeddingDim}`,
    );
  }
  const activation = canonicalActivation(options.activation);
  const maxout = replacesDense(activation);
  const initializers = new KernelInitializers(options.kernelInitializer ?? 'glorotUniform', options.seed);

  // int32 so that ids up to vocabSize survive exactly; float32 would also work but says less.
  const input = tfl.input({ shape: [options.maxLength], dtype: 'int32', name: 'token_ids' });
  const embeddingSeed = initializers.nextSeed();
  const embedding = tfl.layers.embedding({
    inputDim: options.vocabSize,
    outputDim: options.embeddingDim,
    // Frozen pretrained vectors are set right after building, so drawing random ones first would be wasted work.
    embeddingsInitializer: embeddings ? 'zeros' : tfl.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: embeddingSeed }),
    trainable: embeddings === undefined,
    // Conv1D takes no mask in tfjs-layers; padding is just the PAD row's vector to the convolutions.
    maskZero: false,
    name: 'embedding',
  });
  let x = applyLayer(embedding, input);
  for (let layer = 1; layer <= options.convLayers; layer++) {
    const conv = tfl.layers.conv1d({
      filters: options.filters,
      kernelSize: options.filterSize,
      padding: 'same',
      kernelInitializer: initializers.next(),
      biasInitializer: 'zeros',
      name: `conv${layer}`,
    });
    x = applyLayer(conv, x);
    x = maxout
      ? applyLayer(
          activationLayer(activation, { units: options.filters, kernelInitializer: initializers.next(), name: `conv${layer}_maxout` }),
          x,
        )
      : applyLayer(activationLayer(activation, { name: `conv${layer}_act` }), x);
  }
  x = applyLayer(tfl.layers.globalMaxPooling1d({ name: 'max_over_time' }), x);
  if (options.dropout > 0) x = applyLayer(tfl.layers.dropout({ rate: options.dropout, name: 'pooled_dropout' }), x);
  x = denseWithActivation(x, { units: options.denseUnits, activation, initializers, prefix: 'hidden' });
  const output = applyLayer(
    tfl.layers.dense({ units: options.numClasses, activation: 'softmax', kernelInitializer: initializers.next(), name: 'output' }),
    x,
  );
  const model = tfl.model({ inputs: input, outputs: output, name: 'document_cnn' });

  if (embeddings !== undefined) {
    const table = tf.tensor2d(embeddings, [options.vocabSize, options.embeddingDim]);
    model.getLayer('embedding').setWeights([table]);
    table.dispose();
  }
  return model;
}
