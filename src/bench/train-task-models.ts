// The study's own task models in the training benchmark: each NLP task's model built with the
// project's builders at the task's default hyperparameters and settings, trained at the task's
// batch size with its optimizer and clip-norm, on synthetic inputs of the real shapes (100-d
// GloVe-sized vectors, frozen embeddings, Brown's 12 universal tags, binary classes). Data
// loading is left out: it happens once per run, not per step.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { makeOptimizer } from '../engine/optimizers.js';
import { buildDocumentCnn } from '../models/document-cnn.js';
import { lstmVariant, type LstmVariantName } from '../models/lstm-cell.js';
import { buildMlp } from '../models/mlp.js';
import { buildTagger, taggerTrainStep, type TaggerBatch, type TaggerOptions } from '../models/tagger.js';
import { loadTasks, resolveTaskSettings } from '../task/registry.js';
import type { HParams } from '../task/search-space.js';
import { taggerHyperparameters } from '../task/tagging-problem.js';
import type { TaskPlugin } from '../task/types.js';
import { crossEntropy } from '../task/text-classification-problem.js';
import { seededRandom } from '../util/random.js';
import { countParameters, DISTINCT_BATCHES, minimizeWorkload, type TrainingWorkload, type WorkloadSpec } from './train-workload.js';

/** The activation every task model uses here: the study's headline function. */
export const TASK_BENCH_ACTIVATION = 'penalized-tanh';
const WORD_VECTOR_DIM = 100;
/** Rows of the frozen embedding tables (only gathered from, so the size barely matters). */
const VOCABULARY = 20_000;
const CLASSES = 2;
const TAGS = 12;

function randomEmbeddings(rows: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: rows * WORD_VECTOR_DIM }, () => random() - 0.5);
}

interface ClassificationBatch {
  inputs: tf.Tensor;
  labels: tf.Tensor1D;
}

function classificationWorkload(
  task: TaskPlugin,
  model: tfl.LayersModel,
  makeInputs: (batchSize: number, seed: number) => tf.Tensor,
): TrainingWorkload {
  const { batchSize } = task.training;
  const batches: ClassificationBatch[] = Array.from({ length: DISTINCT_BATCHES }, (_, i) => ({
    inputs: makeInputs(batchSize, 100 + i),
    labels: tf.randomUniformInt([batchSize], 0, CLASSES, 200 + i) as tf.Tensor1D,
  }));
  const { optimizer } = makeOptimizer(String(task.defaults['optimizer']), Number(task.defaults['lrFactor']));
  return minimizeWorkload(
    model,
    optimizer,
    batches,
    (batch) => crossEntropy(model.apply(batch.inputs, { training: true }) as tf.Tensor, batch.labels, CLASSES),
    (batch) => tf.dispose([batch.inputs, batch.labels]),
  );
}

function taggerWorkload(
  task: TaskPlugin,
  cell: Pick<TaggerOptions, 'cell' | 'activation' | 'cellActivation' | 'gateActivation'>,
): TrainingWorkload {
  const hparams = task.defaults;
  const maxLength = Number(resolveTaskSettings(task)['maxLength']);
  const { batchSize, clipNorm } = task.training;
  const model = buildTagger({
    ...cell,
    vocabSize: VOCABULARY,
    embeddingDim: WORD_VECTOR_DIM,
    embeddings: randomEmbeddings(VOCABULARY, 3),
    numTags: TAGS,
    maxLength,
    ...taggerHyperparameters(hparams),
    seed: 1,
  });
  const random = seededRandom(4);
  // Sentences of varied length, padded (id 0) to maxLength and masked, as in the real data.
  const batches: TaggerBatch[] = Array.from({ length: DISTINCT_BATCHES }, () => {
    const ids = new Int32Array(batchSize * maxLength);
    const mask = new Float32Array(batchSize * maxLength);
    for (let row = 0; row < batchSize; row++) {
      const length = 5 + Math.floor(random() * (maxLength - 5));
      for (let t = 0; t < length; t++) {
        ids[row * maxLength + t] = 2 + Math.floor(random() * (VOCABULARY - 2));
        mask[row * maxLength + t] = 1;
      }
    }
    const labels = Int32Array.from({ length: batchSize * maxLength }, () => Math.floor(random() * TAGS));
    return {
      ids: tf.tensor2d(ids, [batchSize, maxLength], 'int32'),
      labels: tf.tensor2d(labels, [batchSize, maxLength], 'int32'),
      mask: tf.tensor2d(mask, [batchSize, maxLength]),
    };
  });
  const { optimizer } = makeOptimizer(String(hparams['optimizer']), Number(hparams['lrFactor']));
  let next = 0;
  return {
    parameters: countParameters(model),
    step: () => taggerTrainStep(model, optimizer, batches[next++ % batches.length]!, clipNorm === undefined ? {} : { clipNorm }),
    dispose: () => {
      for (const batch of batches) tf.dispose([batch.ids, batch.labels, batch.mask]);
      optimizer.dispose();
      model.dispose();
    },
  };
}

function describeHparams(hparams: HParams, keys: string[]): string {
  return keys.map((key) => `${key} ${String(hparams[key])}`).join(', ');
}

/** One workload per NLP task of the study, at its declared batch size and defaults. */
export async function taskModels(): Promise<WorkloadSpec[]> {
  const tasks = await loadTasks();
  const sentence = tasks.get('sentence-classification');
  const document = tasks.get('document-classification');
  const tagging = tasks.get('sequence-tagging');
  const gates = tasks.get('lstm-gates');
  const gateVariant = String(resolveTaskSettings(gates)['variant']) as LstmVariantName;
  const documentLength = Number(resolveTaskSettings(document)['maxLength']);
  const taggerLength = Number(resolveTaskSettings(tagging)['maxLength']);
  const act = TASK_BENCH_ACTIVATION;
  return [
    {
      name: `task:${sentence.name}`,
      description: `sentence MLP, ${act}: input ${WORD_VECTOR_DIM}, ${describeHparams(sentence.defaults, ['layers', 'units', 'dropout', 'optimizer'])}`,
      kind: 'task',
      batchSize: sentence.training.batchSize,
      create: () => {
        const h = sentence.defaults;
        const model = buildMlp({
          inputDim: WORD_VECTOR_DIM,
          numClasses: CLASSES,
          layers: Number(h['layers']),
          units: Number(h['units']),
          dropout: Number(h['dropout']),
          activation: act,
          kernelInitializer: String(h['initializer']),
          seed: 1,
        });
        return classificationWorkload(sentence, model, (batchSize, seed) =>
          tf.randomNormal([batchSize, WORD_VECTOR_DIM], 0, 0.3, 'float32', seed),
        );
      },
    },
    {
      name: `task:${document.name}`,
      description: `document CNN, ${act}: length ${documentLength}, frozen 100-d embedding, ${describeHparams(document.defaults, ['convLayers', 'filters', 'filterSize', 'denseUnits', 'optimizer'])}`,
      kind: 'task',
      batchSize: document.training.batchSize,
      create: () => {
        const h = document.defaults;
        const model = buildDocumentCnn({
          vocabSize: VOCABULARY,
          embeddingDim: WORD_VECTOR_DIM,
          embeddings: randomEmbeddings(VOCABULARY, 2),
          maxLength: documentLength,
          numClasses: CLASSES,
          convLayers: Number(h['convLayers']),
          filters: Number(h['filters']),
          filterSize: Number(h['filterSize']),
          denseUnits: Number(h['denseUnits']),
          dropout: Number(h['dropout']),
          activation: act,
          kernelInitializer: String(h['initializer']),
          seed: 1,
        });
        return classificationWorkload(document, model, (batchSize, seed) =>
          tf.randomUniformInt([batchSize, documentLength], 1, VOCABULARY, seed),
        );
      },
    },
    {
      name: `task:${tagging.name}`,
      description: `BiRNN tagger, ${act}: length ${taggerLength}, frozen 100-d embedding, ${describeHparams(tagging.defaults, ['layers', 'units', 'dropout', 'optimizer'])}, clip-norm ${tagging.training.clipNorm ?? 'none'}`,
      kind: 'task',
      batchSize: tagging.training.batchSize,
      create: () => taggerWorkload(tagging, { cell: 'simple-rnn', activation: act }),
    },
    {
      name: `task:${gates.name}`,
      description: `BiLSTM tagger, ${act} as ${gateVariant}: length ${taggerLength}, frozen 100-d embedding, ${describeHparams(gates.defaults, ['layers', 'units', 'dropout', 'optimizer'])}`,
      kind: 'task',
      batchSize: gates.training.batchSize,
      create: () => taggerWorkload(gates, { cell: 'lstm', ...lstmVariant(gateVariant, act) }),
    },
  ];
}
