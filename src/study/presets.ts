// Named studies: `smoke` for tests, `quick` for the README's main command, `paper` for E18's
// scale; `vision-quick` (the small CNN on MNIST, minutes on two cores) and `cifar10-resnet18`
// (the common ResNet-18 CIFAR recipe, for a machine with a native or GPU backend). They are raw
// specs, validated like a user's file, so a preset can never drift into something a spec file
// could not say.
import { validateStudySpec, type RawStudySpec } from './spec.js';
import type { StudySpec } from './types.js';

export const PRESET_NAMES = ['smoke', 'quick', 'paper', 'vision-quick', 'cifar10-resnet18'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/**
 * Small models that learn something within a few epochs (Adam at the lr factor the task tests
 * use). With one configuration, a sampled initializer or dropout can leave a whole task at the
 * majority baseline (random-uniform weights did, for the CNN), so quick fixes those too,
 * except in the MLP, which learns from any of them.
 */
const SMALL_OPTIMIZATION = { optimizer: 'adam', lrFactor: 1.6 } as const;
const SMALL_MLP = { ...SMALL_OPTIMIZATION, units: 32, layers: 1 } as const;
const SMALL_CNN = { ...SMALL_OPTIMIZATION, initializer: 'glorotUniform', convLayers: 1, filters: 40, filterSize: 3, denseUnits: 32, dropout: 0.5 } as const;
const SMALL_TAGGER = { ...SMALL_OPTIMIZATION, initializer: 'glorotUniform', recurrentInitializer: 'orthogonal', units: 32, layers: 1, dropout: 0.25 } as const;
/**
 * A narrow small CNN (8 and 16 channels, 64 dense units) with Adam: about 0.9 test accuracy on
 * 2,000 MNIST images in 3 epochs for most activations. The recipe's SGD at 0.1 is not used here:
 * maxout (its dense Maxout layer has no batch norm) diverges with it at this size.
 */
const SMALL_IMAGE_CNN = { ...SMALL_OPTIMIZATION, schedule: 'constant', weightDecay: 0, initializer: 'heNormal', blocks: 2, filters: 8, denseUnits: 64, dropout: 0.1 } as const;
/** The ResNet-18 CIFAR recipe (docs/study.md §7): SGD, momentum 0.9, lr 0.1, weight decay 5e-4, ×0.1 at epochs 100 and 150 of 200. */
const RESNET18_RECIPE = { optimizer: 'sgd-momentum', lrFactor: 1, schedule: 'step', weightDecay: 5e-4, initializer: 'heNormal' } as const;

export const PRESETS: Record<PresetName, RawStudySpec> = {
  // Two activations on the cheapest task with a tiny slice of data: seconds, for tests.
  smoke: {
    name: 'smoke',
    activations: ['relu', 'penalized-tanh'],
    miniExperiments: [{ task: 'sentence-classification', dataset: 'uci-sentiment', limit: 200, maxEpochs: 2, fixed: SMALL_MLP }],
    configurations: 1,
    repeats: 1,
    seed: 1,
    timeLimitSeconds: 120,
  },

  // Every NLP task group, every study activation, offline data, one configuration and seed.
  // Sized from runOne on wasm, one process on this 2-core machine, seconds per job (a later
  // activation; the first of each task pays ~1-3 s more for loading data and vectors):
  //   sentence uci-sentiment          1000 ex., 10 ep.   1.15 s × 21 =  24 s
  //   sentence brown-genre-sentences  1000 ex., 10 ep.   1.17 s × 21 =  25 s
  //   document spam-assassin          600 ex., 5 ep.     5.0 s  × 21 = 105 s
  //   tagging brown-pos (BiRNN)       300 sent., 3 ep.   9.9 s  × 17 = 168 s
  //   lstm-gates brown-pos (both)     300 sent., 3 ep.   11.6 s × 17 = 197 s
  // (the taggers exclude maxout-2/3/4 and prelu: 17 of the 21), total ≈ 520 s of training,
  // ≈ 260 s on two workers; with two processes sharing two cores (×1.3) and each worker's
  // start-up and data loading (~15 s), about 6 minutes, leaving room for slower machines and
  // the dry-run calibration within the 10 minutes promised for `npm start`.
  quick: {
    name: 'quick',
    activations: ['study21'],
    miniExperiments: [
      { task: 'sentence-classification', dataset: 'uci-sentiment', limit: 1000, maxEpochs: 10, fixed: SMALL_MLP },
      { task: 'sentence-classification', dataset: 'brown-genre-sentences', limit: 1000, maxEpochs: 10, fixed: SMALL_MLP },
      { task: 'document-classification', dataset: 'spam-assassin', limit: 600, maxEpochs: 5, settings: { maxLength: 100 }, fixed: SMALL_CNN },
      { task: 'sequence-tagging', dataset: 'brown-pos', limit: 300, maxEpochs: 3, settings: { maxLength: 50 }, fixed: SMALL_TAGGER },
      { task: 'lstm-gates', dataset: 'brown-pos', limit: 300, maxEpochs: 3, settings: { maxLength: 50, variant: 'both' }, fixed: SMALL_TAGGER },
    ],
    configurations: 1,
    repeats: 1,
    seed: 1,
    timeLimitSeconds: 300,
  },

  // E18's scale: 200 configurations × 5 seeds per mini-experiment with the tasks' own epochs and
  // early stopping, on every offline dataset and the study's original ones (which need dataDir).
  paper: {
    name: 'paper',
    activations: ['study21'],
    miniExperiments: [
      ...['uci-sentiment', 'brown-genre-sentences', 'mr', 'subj', 'trec'].map((dataset) => ({ task: 'sentence-classification', dataset })),
      ...['spam-assassin', 'imdb', 'brown-genre-documents', 'newsgroups-20', 'r8'].map((dataset) => ({ task: 'document-classification', dataset })),
      { task: 'sequence-tagging', dataset: 'brown-pos' },
      { task: 'sequence-tagging', dataset: 'wsj-pos' },
      { task: 'sequence-tagging', dataset: 'tl-am', settings: { trainFraction: 0.05 } },
      { task: 'sequence-tagging', dataset: 'tl-am', settings: { trainFraction: 0.3 } },
      // E18's gate experiment ran on TL-AM; the 30% setting, so the three variants differ by
      // more than the noise of a 5% training set.
      ...['cell', 'gates', 'both'].map((variant) => ({ task: 'lstm-gates', dataset: 'tl-am', settings: { trainFraction: 0.3, variant } })),
    ],
    configurations: 200,
    repeats: 5,
    seed: 1,
    // The largest sampled taggers (4 × 500 units) on a CPU backend need hours for 50 epochs.
    timeLimitSeconds: 6 * 3600,
  },

  // Every study activation in the small CNN on 2,000 MNIST images (offline), 3 epochs, one
  // configuration and seed. Alone on wasm a job takes ~8 s (maxout-2/3/4 ~20/35/51 s: k× the
  // channels), ~270 s of training in all; the whole study took 5m19s on two workers on a 2-core
  // machine that other work was also using (jobs 16–23 s, maxout 67–114 s; test accuracy 0.86–0.92
  // for most activations, sigmoid 0.71, cosid 0.79, cube 0.18).
  'vision-quick': {
    name: 'vision-quick',
    activations: ['study21'],
    miniExperiments: [{ task: 'image-classification', dataset: 'mnist', limit: 2000, maxEpochs: 3, fixed: SMALL_IMAGE_CNN }],
    configurations: 1,
    repeats: 1,
    seed: 1,
    timeLimitSeconds: 300,
  },

  // The common ResNet-18 CIFAR-10 recipe with each activation (maxout excluded by the task), the
  // median of 5 runs as in R17: 200 epochs with crop+flip, no early stopping. Needs dataDir with
  // the CIFAR-10 binary files. Each run is ~11M parameters × 200 epochs of 45,000 images: hours
  // on a GPU (node-gpu), far too long for the CPU backends (wasm trains ResNet-20, 25× less work
  // per image, at ~10–20 images/s on one core).
  'cifar10-resnet18': {
    name: 'cifar10-resnet18',
    activations: ['study21', 'swish-beta'],
    miniExperiments: [{ task: 'cifar10', dataset: 'cifar10', settings: { model: 'resnet18' }, fixed: RESNET18_RECIPE }],
    configurations: 1,
    repeats: 5,
    seed: 1,
    timeLimitSeconds: 48 * 3600,
  },
};

function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}

/**
 * A preset, validated; `overrides` replace top-level fields (the command line's --data-dir,
 * --backend), since `paper` cannot run without the folder of original data files.
 */
export async function presetSpec(name: string, overrides: Partial<RawStudySpec> = {}): Promise<StudySpec> {
  if (!isPresetName(name)) throw new Error(`unknown preset '${name}'; choose ${PRESET_NAMES.join(', ')}`);
  return validateStudySpec({ ...PRESETS[name], ...overrides }, `preset '${name}'`);
}
