// Training throughput (images/s) of the vision models at batch 128, through the real training
// loop (trainConfiguration: batches built from uint8 images with crop+flip augmentation, forward,
// backward, weight decay, SGD with momentum). Not a test: run by hand,
//   node --import tsx scripts/bench-vision-training.ts [--backends wasm,cpu] [--models small-cnn,resnet20] [--repeats 3] [--md]
// Each measurement trains one warm-up epoch and then `repeats` timed epochs of a few batches on
// random images, and reports the median epoch (a one-image dev split keeps scoring negligible).
import { loadActivations } from '../src/activation/registry.js';
import { initBackend } from '../src/backend/backends.js';
import { createProgress } from '../src/cli/progress.js';
import type { ImageSet, ImageSplits } from '../src/data/types.js';
import { trainConfiguration } from '../src/engine/train-configuration.js';
import { buildImageModel, type ImageModel } from '../src/models/image-models.js';
import { renderMarkdown, renderText, type Column } from '../src/output/table.js';
import { median } from '../src/report/stats/descriptive.js';
import { AUGMENTATIONS, imageClassificationProblem } from '../src/task/image-classification-problem.js';
import { seededRandom } from '../src/util/random.js';

const BATCH = 128;

interface Case {
  model: ImageModel;
  shape: [number, number, number];
  /** Batches per timed epoch. */
  batches: number;
}

const CASES: Case[] = [
  { model: 'small-cnn', shape: [28, 28, 1], batches: 4 },
  { model: 'small-cnn', shape: [32, 32, 3], batches: 4 },
  { model: 'resnet20', shape: [32, 32, 3], batches: 2 },
];

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1]! : fallback;
}

function randomImages(count: number, [height, width, channels]: [number, number, number], seed: number): ImageSet {
  const random = seededRandom(seed);
  return {
    pixels: Uint8Array.from({ length: count * height * width * channels }, () => Math.floor(random() * 256)),
    labels: Int32Array.from({ length: count }, () => Math.floor(random() * 10)),
    count,
    height,
    width,
    channels,
  };
}

interface Measurement {
  backend: string;
  model: string;
  input: string;
  epochSeconds: number[];
  imagesPerSecond: number;
}

function measure(backend: string, testCase: Case, repeats: number): Measurement {
  const images = BATCH * testCase.batches;
  const splits: ImageSplits = {
    train: randomImages(images, testCase.shape, 1),
    dev: randomImages(1, testCase.shape, 2),
    test: randomImages(1, testCase.shape, 3),
    classNames: Array.from({ length: 10 }, (_, i) => String(i)),
  };
  const model = buildImageModel({ model: testCase.model, inputShape: testCase.shape, numClasses: 10, activation: 'relu', seed: 1 });
  const problem = imageClassificationProblem(model, splits, { augmentation: AUGMENTATIONS['crop-flip'], seed: 1 });
  const label = `${backend} ${testCase.model} ${testCase.shape.join('×')}`;
  const progress = createProgress(label);
  const epochs = 1 + repeats;
  progress.update(0, epochs, 'warm-up epoch');
  const result = trainConfiguration(problem, {
    training: { batchSize: BATCH, maxEpochs: epochs, patience: epochs },
    primaryMetric: 'accuracy',
    optimizer: 'sgd-momentum',
    lrFactor: 1,
    weightDecay: 5e-4,
    seed: 1,
    onEpoch: (record) => progress.update(record.epoch, epochs, `${record.seconds.toFixed(1)} s for ${images} images`),
  });
  progress.finish();
  problem.dispose();
  const epochSeconds = result.history.slice(1).map((record) => record.seconds);
  return { backend, model: testCase.model, input: testCase.shape.join('×'), epochSeconds, imagesPerSecond: images / median(epochSeconds) };
}

const backends = option('backends', 'wasm').split(',');
const repeats = Number(option('repeats', '3'));
const models = option('models', CASES.map((c) => c.model).join(',')).split(',');
const measurements: Measurement[] = [];
for (const backend of backends) {
  const active = await initBackend(backend);
  process.stderr.write(`backend: ${active.description}\n`);
  await loadActivations();
  for (const testCase of CASES.filter((c) => models.includes(c.model))) measurements.push(measure(backend, testCase, repeats));
}

const columns: Column<Measurement>[] = [
  { header: 'backend', value: (m) => m.backend },
  { header: 'model', value: (m) => m.model },
  { header: 'input', value: (m) => m.input },
  { header: 'batch', value: () => String(BATCH) },
  { header: 'epoch s (timed)', value: (m) => m.epochSeconds.map((s) => s.toFixed(1)).join(' ') },
  { header: 'images/s (median)', value: (m) => m.imagesPerSecond.toFixed(1) },
];
process.stdout.write(process.argv.includes('--md') ? renderMarkdown(columns, measurements) : renderText(columns, measurements));
