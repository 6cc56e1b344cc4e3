// A Problem for image classification: the images stay uint8 in JS memory and each batch is built
// when it is needed (per-channel normalisation from the training split, optional seeded
// augmentation for training batches), so no float32 copy of a training set lives on the backend.
// Also the data preparation the vision task plugins share.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { channelStats, imageBatch, subsetImages, type Augmentation, type ChannelStats } from '../data/images.js';
import { loadDatasets } from '../data/registry.js';
import type { ImageSet, ImageSplits } from '../data/types.js';
import { classificationScores, majorityBaselineScores } from '../models/metrics.js';
import { seededRandom } from '../util/random.js';
import { crossEntropy } from './text-classification-problem.js';
import type { Problem, TaskContext } from './types.js';

/** Images per forward pass when scoring dev and test. */
const EVAL_BATCH = 256;

/** The augmentation settings the vision tasks offer, by name (pad-and-crop by 4 pixels as in the CIFAR recipes). */
export const AUGMENTATIONS: Record<string, Augmentation | undefined> = {
  none: undefined,
  crop: { padCrop: 4, flip: false },
  'crop-flip': { padCrop: 4, flip: true },
};

export interface ImageProblemOptions {
  /** Training augmentation; dev and test images are never augmented. */
  augmentation?: Augmentation;
  /** Seeds the augmentation's random crops and flips. */
  seed: number;
}

function shapeOf(set: ImageSet): [number, number, number] {
  return [set.height, set.width, set.channels];
}

/** Class predictions of `model` for every image of `set`, in batches. */
function predictImages(model: tfl.LayersModel, set: ImageSet, stats: ChannelStats): Int32Array {
  const predictions = new Int32Array(set.count);
  for (let start = 0; start < set.count; start += EVAL_BATCH) {
    const indices = Int32Array.from({ length: Math.min(EVAL_BATCH, set.count - start) }, (_, i) => start + i);
    const classes = tf.tidy(() => {
      const inputs = tf.tensor4d(imageBatch(set, indices, stats), [indices.length, ...shapeOf(set)]);
      return tf.argMax(model.apply(inputs, { training: false }) as tf.Tensor, -1);
    });
    predictions.set(classes.dataSync() as Int32Array, start);
    classes.dispose();
  }
  return predictions;
}

/**
 * Cross-entropy on the model's softmax over training batches built by imageBatch, accuracy and
 * macro-F1 on dev/test, the majority class of train as the baseline. Owns `model`.
 */
export function imageClassificationProblem(model: tfl.LayersModel, splits: ImageSplits, options: ImageProblemOptions): Problem {
  const numClasses = splits.classNames.length;
  const stats = channelStats(splits.train);
  const { augmentation } = options;
  const augment = augmentation ? { options: augmentation, random: seededRandom(options.seed ^ 0x2545f491) } : undefined;
  return {
    model,
    trainSize: splits.train.count,
    loss: (indices) =>
      tf.tidy(() => {
        const inputs = tf.tensor4d(imageBatch(splits.train, indices, stats, augment), [indices.length, ...shapeOf(splits.train)]);
        const labels = tf.tensor1d(
          Int32Array.from(indices, (index) => splits.train.labels[index]!),
          'int32',
        );
        return crossEntropy(model.apply(inputs, { training: true }) as tf.Tensor, labels, numClasses);
      }),
    // Unaugmented: the augmentation's generator belongs to the training batches.
    probe: (indices, tensorNames) => {
      const inputs = tf.tensor4d(imageBatch(splits.train, indices, stats), [indices.length, ...shapeOf(splits.train)]);
      const labels = tf.tensor1d(
        Int32Array.from(indices, (index) => splits.train.labels[index]!),
        'int32',
      );
      const outputs = model.execute(inputs, [...tensorNames, model.outputs[0]!.name]) as tf.Tensor[];
      const probabilities = outputs.pop()!;
      return { loss: crossEntropy(probabilities, labels, numClasses), tensors: outputs };
    },
    evaluate: (split) => classificationScores(splits[split].labels, predictImages(model, splits[split], stats), numClasses),
    baseline: () => majorityBaselineScores(splits.train.labels, splits.test.labels, numClasses),
    dispose: () => model.dispose(),
  };
}

/** The first `count` images of `set` (all when it has fewer). */
function firstImages(set: ImageSet, count: number): ImageSet {
  return count >= set.count
    ? set
    : subsetImages(
        set,
        Int32Array.from({ length: count }, (_, i) => i),
      );
}

/**
 * The image dataset of `context`, loaded: at most `context.limit` images per split, then the
 * training fraction of that (the first images of the already shuffled train split, at least one),
 * as the text tasks do (taskSplits).
 */
export async function loadImageSplits(context: TaskContext, taskName: string): Promise<ImageSplits> {
  const dataset = (await loadDatasets()).get(context.dataset);
  if (dataset.kind !== 'image-classification')
    throw new Error(`task '${taskName}' needs an image classification dataset, not '${dataset.name}'`);
  const splits = await dataset.load(context.load);
  const fraction = Number(context.settings['trainFraction'] ?? 1);
  const cap = context.limit ?? Infinity;
  return {
    train: firstImages(
      splits.train,
      fraction >= 1 ? Math.min(cap, splits.train.count) : Math.max(1, Math.round(Math.min(cap, splits.train.count) * fraction)),
    ),
    dev: firstImages(splits.dev, cap),
    test: firstImages(splits.test, cap),
    classNames: splits.classNames,
  };
}

/** [height, width, channels] of the images of `splits`. */
export function imageShape(splits: ImageSplits): [number, number, number] {
  return shapeOf(splits.train);
}

/** The augmentation named by a task's `augmentation` setting. */
export function augmentationSetting(value: unknown): Augmentation | undefined {
  const name = String(value ?? 'none');
  if (!(name in AUGMENTATIONS)) throw new Error(`augmentation '${name}' is not one of ${Object.keys(AUGMENTATIONS).join(', ')}`);
  return AUGMENTATIONS[name];
}
