// The sequence taggers of E18 (docs/study.md §3): token ids → embedding (frozen when pretrained vectors
// are given, as in the study) → L × bidirectional recurrent layer with dropout → per-token softmax.
// The recurrent layer is a vanilla RNN whose nonlinearity is the activation under test, or the gate
// experiment's LSTM with its two activations. Padding (id 0) is masked from the embedding on, so
// the backward direction starts at each sentence's last real token, not in its padding.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Variant } from '../activation/registry.js';
import { ActivationLSTM, type ActivationLSTMCell } from './lstm-cell.js';
import { maskedCrossEntropy } from './masked-metrics.js';
import { KernelInitializers, applyLayer, canonicalActivation, checkDropout, checkPositiveInteger } from './mlp.js';
import { type Initializer, assertElementwise } from './tagger-cell-common.js';
import { type ActivationRNNCell, ActivationSimpleRNN } from './tagger-rnn-cell.js';

export type TaggerCell = 'simple-rnn' | 'lstm';

export interface TaggerOptions {
  /** Rows of the embedding, PAD (0) and OOV (1) included. */
  vocabSize: number;
  embeddingDim: number;
  /** Pretrained vectors, row-major [vocabSize × embeddingDim]; given, the embedding is initialised from them and frozen. */
  embeddings?: Float32Array;
  numTags: number;
  /** Tokens per padded sentence. */
  maxLength: number;
  cell: TaggerCell;
  /** Units of each direction; a layer outputs 2·units (the directions concatenated). */
  units: number;
  /** Bidirectional recurrent layers (E18: 1–3 (?)). */
  layers: number;
  /** Dropout rate after each recurrent layer. */
  dropout: number;
  /** simple-rnn: the RNN's nonlinearity, a registry name of an elementwise activation. */
  activation?: string;
  /** lstm: candidate and output nonlinearity; default 'tanh'. See lstmVariant(). */
  cellActivation?: string;
  /** lstm: the three gates' activation; default 'sigmoid'. */
  gateActivation?: string;
  /** Input kernels and the output layer; tfjs or Keras spelling; default 'glorotUniform'. */
  kernelInitializer?: string;
  /** Recurrent kernels: 'identity' or any kernel initializer name; default 'orthogonal'. */
  recurrentInitializer?: string;
  /** Forces one implementation of the activations (benchmarks); by default the registry's choice. */
  variant?: Variant;
  /** Makes the initial weights reproducible; dropout masks stay unseeded (tfjs draws them globally). */
  seed?: number;
}

/** Draws recurrent-kernel initializers; 'identity' has no randomness and no seed. */
class RecurrentInitializers {
  readonly #identity: boolean;
  readonly #random: KernelInitializers | undefined;

  constructor(name: string, seed: number | undefined) {
    this.#identity = name.toLowerCase() === 'identity';
    // A seed stream apart from the kernels', so kernel and recurrent kernel never share a seed.
    this.#random = this.#identity ? undefined : new KernelInitializers(name, seed === undefined ? undefined : seed + 500);
  }

  next(): Initializer {
    return this.#random ? this.#random.next() : (tfl.initializers.identity({ gain: 1 }) as Initializer);
  }
}

type TaggerRecurrentLayer = ActivationSimpleRNN | ActivationLSTM;

function makeRecurrentLayer(
  options: TaggerOptions,
  kernelInitializer: Initializer,
  recurrentInitializer: Initializer,
  name: string,
): TaggerRecurrentLayer {
  const common = {
    units: options.units,
    kernelInitializer,
    recurrentInitializer,
    returnSequences: true,
    name,
    ...(options.variant !== undefined ? { variant: options.variant } : {}),
  };
  if (options.cell === 'simple-rnn') return new ActivationSimpleRNN({ ...common, activation: options.activation! });
  return new ActivationLSTM({
    ...common,
    cellActivation: options.cellActivation ?? 'tanh',
    gateActivation: options.gateActivation ?? 'sigmoid',
  });
}

function cellOf(layer: TaggerRecurrentLayer): ActivationRNNCell | ActivationLSTMCell {
  return layer instanceof ActivationSimpleRNN ? layer.rnnCell : layer.lstmCell;
}

function checkActivations(options: TaggerOptions): void {
  const named: [string, string | undefined][] =
    options.cell === 'simple-rnn'
      ? [['activation', options.activation]]
      : [
          ['cellActivation', options.cellActivation],
          ['gateActivation', options.gateActivation],
        ];
  if (options.cell === 'simple-rnn' && options.activation === undefined)
    throw new Error(`buildTagger: cell 'simple-rnn' needs options.activation`);
  if (options.cell === 'lstm' && options.activation !== undefined) {
    // Ambiguous for the gate experiment (which slot?), so refuse rather than guess.
    throw new Error(
      `buildTagger: cell 'lstm' takes cellActivation and gateActivation, not activation; lstmVariant(variant, '${options.activation}') gives the pair`,
    );
  }
  for (const [slot, name] of named) {
    if (name === undefined) continue;
    canonicalActivation(name);
    assertElementwise(name, `buildTagger: ${slot}`);
  }
}

function checkOptions(options: TaggerOptions): void {
  checkPositiveInteger(options.vocabSize, 'buildTagger: vocabSize');
  checkPositiveInteger(options.embeddingDim, 'buildTagger: embeddingDim');
  checkPositiveInteger(options.numTags, 'buildTagger: numTags');
  checkPositiveInteger(options.maxLength, 'buildTagger: maxLength');
  checkPositiveInteger(options.units, 'buildTagger: units');
  checkPositiveInteger(options.layers, 'buildTagger: layers');
  checkDropout(options.dropout, 'buildTagger: dropout');
  if (options.cell !== 'simple-rnn' && options.cell !== 'lstm')
    throw new Error(`buildTagger: cell must be 'simple-rnn' or 'lstm', got '${String(options.cell)}'`);
  const expected = options.vocabSize * options.embeddingDim;
  if (options.embeddings && options.embeddings.length !== expected) {
    throw new Error(`buildTagger: embeddings has ${options.embeddings.length} values, expected vocabSize × embeddingDim = ${expected}`);
  }
  checkActivations(options);
}

/**
 * The E18 tagger: int32 ids [batch, maxLength] (0 = padding) → tag probabilities
 * [batch, maxLength, numTags]. Uncompiled: train it with maskedCrossEntropy over
 * trainableVariables(model) (taggerTrainStep does both). Needs the registry loaded (await loadActivations()).
 */
export function buildTagger(options: TaggerOptions): tfl.LayersModel {
  checkOptions(options);
  const kernels = new KernelInitializers(options.kernelInitializer ?? 'glorotUniform', options.seed);
  const recurrents = new RecurrentInitializers(options.recurrentInitializer ?? 'orthogonal', options.seed);
  const prefix = options.cell === 'lstm' ? 'bilstm' : 'birnn';

  const input = tfl.input({ shape: [options.maxLength], dtype: 'int32', name: 'token_ids' });
  const pretrained = options.embeddings ? tf.tensor2d(options.embeddings, [options.vocabSize, options.embeddingDim]) : undefined;
  const embedding = tfl.layers.embedding({
    inputDim: options.vocabSize,
    outputDim: options.embeddingDim,
    maskZero: true,
    name: 'embedding',
    ...(pretrained
      ? { weights: [pretrained] }
      : { embeddingsInitializer: tfl.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: kernels.nextSeed() }) }),
  });
  let x = applyLayer(embedding, input);
  // Set after the layer is built: tfjs-layers creates every weight's variable trainable and only
  // hides it from layer.trainableWeights, so a bare optimizer.minimize() would still move it.
  if (pretrained) {
    embedding.trainable = false;
    pretrained.dispose();
  }

  const reseed: { layer: tfl.layers.Layer; cell: ActivationRNNCell | ActivationLSTMCell; inputDim: number }[] = [];
  let inputDim = options.embeddingDim;
  for (let l = 1; l <= options.layers; l++) {
    const rnn = makeRecurrentLayer(options, kernels.next(), recurrents.next(), `${prefix}${l}_rnn`);
    const bidirectional = tfl.layers.bidirectional({ layer: rnn, mergeMode: 'concat', name: `${prefix}${l}` });
    x = applyLayer(bidirectional, x);
    reseed.push({ layer: bidirectional, cell: cellOf(rnn), inputDim });
    inputDim = 2 * options.units;
    if (options.dropout > 0) x = applyLayer(tfl.layers.dropout({ rate: options.dropout, name: `${prefix}${l}_dropout` }), x);
  }
  const output = applyLayer(
    tfl.layers.dense({ units: options.numTags, activation: 'softmax', kernelInitializer: kernels.next(), name: 'tags' }),
    x,
  );
  const model = tfl.model({ inputs: input, outputs: output, name: options.cell === 'lstm' ? 'bilstm_tagger' : 'birnn_tagger' });

  if (options.seed !== undefined) {
    // Bidirectional builds both directions from one config, so with seeded initializers they would
    // start as copies of each other; give each direction its own draw.
    for (const { layer, cell, inputDim: dim } of reseed) {
      const values = [
        ...cell.drawInitialWeights(dim, kernels.next(), recurrents.next()),
        ...cell.drawInitialWeights(dim, kernels.next(), recurrents.next()),
      ];
      layer.setWeights(values);
      tf.dispose(values);
    }
  }
  return model;
}

/**
 * The variables training may change: those of trainable layers only. Pass them to
 * optimizer.minimize as varList; its default (every trainable variable in the engine) would also
 * reach a frozen embedding of a reloaded model and any other live model's weights.
 */
export function trainableVariables(model: tfl.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((weight) => weight.read() as tf.Variable);
}

export interface TaggerBatch {
  /** int32 [batch, maxLength]. */
  ids: tf.Tensor2D;
  /** int32 [batch, maxLength]; any value on padding. */
  labels: tf.Tensor2D;
  /** [batch, maxLength], 1 on tokens. */
  mask: tf.Tensor2D;
}

export interface TaggerStepOptions {
  /**
   * Rescales all gradients together when their global L2 norm exceeds this (E18: 1; Keras 2.0–2.2's
   * clipnorm used the global norm too).
   */
  clipNorm?: number;
}

/** One optimisation step on the masked loss, in training mode (dropout on); returns the batch loss. */
export function taggerTrainStep(
  model: tfl.LayersModel,
  optimizer: tf.Optimizer,
  batch: TaggerBatch,
  options: TaggerStepOptions = {},
): number {
  const varList = trainableVariables(model);
  const loss = (): tf.Scalar => maskedCrossEntropy(batch.labels, model.apply(batch.ids, { training: true }) as tf.Tensor, batch.mask);
  const clipNorm = options.clipNorm;
  if (clipNorm === undefined) {
    const value = optimizer.minimize(loss, true, varList)!;
    const result = value.dataSync()[0]!;
    value.dispose();
    return result;
  }
  if (!(clipNorm > 0)) throw new RangeError(`taggerTrainStep: clipNorm must be positive, got ${clipNorm}`);
  const { value, grads } = optimizer.computeGradients(loss, varList);
  const clipped = tf.tidy(() => {
    const names = Object.keys(grads);
    const squares = names.map((name) => tf.sum(tf.square(grads[name]!)));
    const norm = tf.sqrt(tf.addN(squares));
    const scale = tf.div(clipNorm, tf.maximum(norm, clipNorm));
    return Object.fromEntries(names.map((name) => [name, tf.mul(grads[name]!, scale)])) as tf.NamedTensorMap;
  });
  optimizer.applyGradients(clipped);
  const result = value.dataSync()[0]!;
  tf.dispose([value, grads, clipped]);
  return result;
}
