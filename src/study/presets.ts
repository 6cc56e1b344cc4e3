// Named studies: `smoke` for tests, `quick` for the README's main command, `gate` (a part of
// quick) for the release gate, `paper` for E18's scale; `vision-quick` (the small CNN on MNIST, minutes on two cores),
// `vision-resnet` (R17's depth question with small pre-activation ResNets on MNIST, under half an hour on two cores), `cifar10-resnet18`
// (the common ResNet-18 CIFAR recipe, for a machine with a native or GPU backend); `r17-*`, R17's
// three networks with their own papers' recipes (a GPU backend's work). They are raw
// specs, validated like a user's file, so a preset can never drift into something a spec file
// could not say.
import { validateStudySpec, type RawStudySpec } from './spec.js';
import type { StudySpec } from './types.js';

export const PRESET_NAMES = [
  'smoke',
  'quick',
  'gate',
  'replication',
  'paper',
  'vision-quick',
  'vision-resnet',
  'cifar10-resnet18',
  'r17-resnet164',
  'r17-wrn-28-10',
  'r17-densenet100-12',
  'r17-densenet-bc100-12',
] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** The smoke test's MLP: Adam at the lr factor the task tests use, 32 units, one layer. */
const SMALL_OPTIMIZATION = { optimizer: 'adam', lrFactor: 1.6 } as const;
const SMALL_MLP = { ...SMALL_OPTIMIZATION, units: 32, layers: 1 } as const;

/**
 * quick's narrowed search spaces: every hyperparameter is still sampled, from the part of the
 * task's space where a small model learns within the few epochs quick allows. Left out: SGD,
 * Adagrad and (except for the taggers) Adadelta, which barely move in a few epochs at these rates;
 * lr factors below 1; the random-normal/uniform initializers (weights of ±0.05: the CNN stayed at
 * the majority baseline with them); for the taggers also He (its configurations were the worst
 * ones in trial runs) and, untried, identity recurrent kernels. Taggers keep one layer.
 */
const QUICK_INITIALIZERS = {
  values: ['glorotUniform', 'glorotNormal', 'heUniform', 'heNormal', 'leCunUniform', 'orthogonal', 'varianceScaling'],
};
const QUICK_MLP_SPACE = {
  optimizer: { values: ['adam', 'nadam', 'rmsprop', 'adamax'] },
  lrFactor: { min: 1, max: 1.6 },
  initializer: QUICK_INITIALIZERS,
  units: { min: 30, max: 100 },
  layers: { min: 1, max: 2 },
  dropout: { min: 0.1, max: 0.3 },
};
const QUICK_CNN_SPACE = {
  optimizer: { values: ['adam', 'nadam'] },
  lrFactor: { min: 1.2, max: 1.6 },
  initializer: QUICK_INITIALIZERS,
  convLayers: { min: 1, max: 1 },
  filters: { min: 40, max: 44 },
  filterSize: { min: 2, max: 3 },
  denseUnits: { min: 30, max: 50 },
  dropout: { min: 0.1, max: 0.3 },
};
/**
 * Adadelta learned the small taggers fastest of E18's optimizers here (Nadam, next, stayed 1–2
 * points lower after 16–20 epochs; Adam, RMSprop and Adamax lower still), so it is the only one.
 */
const QUICK_TAGGER_SPACE = {
  optimizer: { values: ['adadelta'] },
  lrFactor: { min: 1.4, max: 1.6 },
  initializer: { values: ['glorotUniform', 'glorotNormal', 'leCunUniform', 'orthogonal', 'varianceScaling'] },
  recurrentInitializer: { values: ['orthogonal', 'glorotUniform', 'glorotNormal'] },
  units: { min: 32, max: 40 },
  layers: { min: 1, max: 1 },
  dropout: { min: 0.1, max: 0.2 },
};
/**
 * A narrow small CNN (8 and 16 channels, 64 dense units) with Adam: about 0.9 test accuracy on
 * 2,000 MNIST images in 3 epochs for most activations. The recipe's SGD at 0.1 is not used here:
 * maxout (its dense Maxout layer has no batch norm) diverges with it at this size.
 */
const SMALL_IMAGE_CNN = {
  ...SMALL_OPTIMIZATION,
  schedule: 'constant',
  weightDecay: 0,
  initializer: 'heNormal',
  blocks: 2,
  filters: 8,
  denseUnits: 64,
  dropout: 0.1,
} as const;
/**
 * vision-resnet's space around small pre-activation ResNets on 500 MNIST images: Nadam or Adamax
 * at the top of their lr factors (2.4–3.2e-3; Adam's 1.6e-3 and SGD with momentum at 0.05–0.1
 * learned too slowly in 2–4 epochs in trial runs: test accuracy 0.38–0.57 where Nadam reached
 * 0.72), constant or cosine rate, small or no weight decay, the He and Glorot initializers.
 */
const VISION_RESNET_SPACE = {
  optimizer: { values: ['nadam', 'adamax'] },
  lrFactor: { min: 1.2, max: 1.6 },
  schedule: { values: ['constant', 'cosine'] },
  weightDecay: { values: [0, 1e-5, 1e-4] },
  initializer: { values: ['heNormal', 'heUniform', 'glorotNormal', 'glorotUniform'] },
};

/** The ResNet-18 CIFAR recipe (docs/study.md §7): SGD, momentum 0.9, lr 0.1, weight decay 5e-4, ×0.1 at epochs 100 and 150 of 200. */
const RESNET18_RECIPE = { optimizer: 'sgd-momentum', lrFactor: 1, schedule: 'step', weightDecay: 5e-4, initializer: 'heNormal' } as const;

/**
 * R17's networks, each with the recipe of the paper that introduced it (R17 kept the original
 * hyperparameters). All three: SGD with momentum 0.9 from lr 0.1, He-normal initialisation,
 * crop-and-flip augmentation (the CIFAR tasks' default), weight decay on the kernels (actbench
 * decays kernels only; the originals' Torch code decayed every weight, batch norm included).
 *   ResNet-164, He et al. 2016b: wd 1e-4, batch 128, ÷10 at 32k and 48k of 64k iterations, plain
 *     (not Nesterov) momentum. The paper counts iterations; on actbench's 45,000 training images
 *     (5,000 are held out as dev) an epoch is ⌈45000/128⌉ = 352 steps, so 64k iterations are 182
 *     epochs (164 epochs, the figure of the Torch port, is 64k on all 50,000) and the milestones
 *     are at half and three quarters of them. Not reproduced: the 400 iterations at lr 0.01 that
 *     He et al. used to warm up their deepest CIFAR networks (actbench schedules by epoch).
 *   WRN-28-10, Zagoruyko & Komodakis 2016: wd 5e-4, batch 128, 200 epochs, ×0.2 at epochs 60, 120
 *     and 160 (fractions 0.3, 0.6, 0.8), Nesterov momentum without dampening; dropout 0.3 is in
 *     the network (src/models/wide-resnet.ts).
 *   DenseNet, Huang et al. 2017: wd 1e-4, batch 64, 300 epochs, ÷10 at 50% and 75% of them,
 *     Nesterov momentum without dampening; no dropout, as in the paper's runs with augmentation.
 */
const R17_COMMON = { optimizer: 'sgd-momentum', lrFactor: 1, initializer: 'heNormal', schedule: 'step' } as const;
const RESNET164_RECIPE = {
  ...R17_COMMON,
  weightDecay: 1e-4,
  batchSize: 128,
  epochs: 182,
  milestones: '0.5,0.75',
  lrDecay: 0.1,
  nesterov: false,
} as const;
const WRN_RECIPE = {
  ...R17_COMMON,
  weightDecay: 5e-4,
  batchSize: 128,
  epochs: 200,
  milestones: '0.3,0.6,0.8',
  lrDecay: 0.2,
  nesterov: true,
} as const;
const DENSENET_RECIPE = {
  ...R17_COMMON,
  weightDecay: 1e-4,
  batchSize: 64,
  epochs: 300,
  milestones: '0.5,0.75',
  lrDecay: 0.1,
  nesterov: true,
} as const;

/**
 * One R17 network with its recipe on CIFAR-10 and CIFAR-100 (both of R17's tables), swish,
 * swish-beta, relu and every other study activation the network admits (the CIFAR tasks exclude
 * maxout, which the plan reports as skipped), one configuration, the median of 5 runs as R17
 * reported. Needs dataDir with the CIFAR binary files and a GPU backend: see the README for each
 * network's measured speed on wasm and `actbench run --preset … --dry-run` for the estimate on
 * the backend at hand. The time limit per run is generous: a run is hours on a GPU.
 */
function r17Preset(name: string, model: string, recipe: Record<string, string | number | boolean>): RawStudySpec {
  return {
    name,
    activations: ['study21', 'swish-beta'],
    miniExperiments: ['cifar10', 'cifar100'].map((task) => ({ task, dataset: task, settings: { model }, fixed: recipe })),
    configurations: 1,
    repeats: 5,
    seed: 1,
    timeLimitSeconds: 96 * 3600,
  };
}

/** quick's classification mini-experiments, shared with `gate` so the two can never differ. */
const QUICK_SENTENCE = { task: 'sentence-classification', dataset: 'uci-sentiment', limit: 500, maxEpochs: 5, space: QUICK_MLP_SPACE };
const QUICK_DOCUMENT = {
  task: 'document-classification',
  dataset: 'spam-assassin',
  limit: 200,
  maxEpochs: 3,
  settings: { maxLength: 100 },
  space: QUICK_CNN_SPACE,
};
/** quick's spec fields other than the mini-experiments, shared with `gate`: the same configurations, splits and seeds. */
const QUICK_DESIGN = { activations: ['study21'], configurations: 8, repeats: 1, seed: 1, timeLimitSeconds: 300 };

/**
 * The replication's spaces: quick's, with E18's optimizers under Keras 2's update rules (the ones E18
 * trained with) in place of tfjs's. The recurrent taggers sample Keras's Nadam only: in the first
 * full run (docs/replication.md) the LSTM with Keras's RMSprop passed the per-word baseline in 0 of
 * 320 runs and with Nadam in 89 of 320, still improving at its 24-epoch cap; with Nadam and up to 50
 * epochs, 10 of 12 trial runs passed it. Keras's Adadelta, whose first steps are tiny, stayed within
 * a point of the baseline after 24 epochs on 300 Brown sentences.
 */
const withOptimizers = <S extends object>(space: S, optimizers: string[]) => ({ ...space, optimizer: { values: optimizers } });
const REPLICATION_MLP_SPACE = withOptimizers(QUICK_MLP_SPACE, ['keras2-adam', 'keras2-nadam', 'keras2-rmsprop', 'keras2-adamax']);
const REPLICATION_CNN_SPACE = withOptimizers(QUICK_CNN_SPACE, ['keras2-adam', 'keras2-nadam']);
const REPLICATION_TAGGER_SPACE = { ...withOptimizers(QUICK_TAGGER_SPACE, ['keras2-nadam']), lrFactor: { min: 1.3, max: 1.6 } };
/** The taggers' slice of Brown: 400 sentences per split, cut at 25 tokens. */
const REPLICATION_TAGGING = { task: 'sequence-tagging', dataset: 'brown-pos', limit: 400, space: REPLICATION_TAGGER_SPACE };
const REPLICATION_LSTM = { task: 'lstm-gates', dataset: 'brown-pos', limit: 150, maxEpochs: 50, space: REPLICATION_TAGGER_SPACE };

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

  // Every NLP task group, every study activation, offline data: four mini-experiments, eight
  // configurations each sampled from a narrowed space (the same ones for every activation), one
  // seed: 608 runs. Measured with `npm start` on wasm, 2 workers on this otherwise idle 2-core
  // machine: 8m21s for run and report (16 min of CPU time), seconds per job (mean; the first job
  // of each worker and task pays ~1–3 s more for loading data and vectors):
  //   sentence uci-sentiment       500 ex., 5 ep.               0.26 s × 168 =  43 s
  //   document spam-assassin       200 docs, 3 ep.              1.14 s × 168 = 191 s  (maxout-k ~k×)
  //   tagging brown-pos (BiRNN)    300 sent., ≤24 ep., 25 tok.  2.61 s × 136 = 355 s
  //   lstm-gates brown-pos (cell)  150 sent., ≤24 ep., 25 tok.  2.92 s × 136 = 398 s
  // (the taggers exclude maxout-2/3/4 and prelu: 17 of the 21), 987 s of training. Median over
  // the 8 configurations of test score minus the trivial baseline (majority class; for the
  // taggers the most frequent tag of each word, 0.84 and 0.78 on these splits): sentence, all 21
  // activations +17 to +25 points; document, 19 of 21 by +3 to +13 (cube and sigmoid stay at
  // the majority class); tagging, 10 of 16 scored above it, 8 by more than a point (relu +4.5,
  // penalized tanh +3.8, swish +3.5), the rest up to 4.6 below; the LSTM, 9 of 16 above, 8 by more
  // than a point (minsin +3.5, sin +2.5, tanh +2.0). cube diverges in both taggers (8 of 8).
  // The taggers are the tight part: the per-word baseline is strong on a few hundred sentences,
  // and a small recurrent tagger needs many steps to pass it, so they use sentences cut at 25
  // tokens (half the recurrence steps of 50; the cut tails are not scored) and Adadelta, which
  // learned them fastest of E18's optimizers here. With 150 sentences and 16 epochs at 50 tokens
  // only 7 and 2 of 17 activations beat it; more epochs at the same data did not help (early
  // stopping ends most runs before 32).
  //
  // The LSTM mini-experiment is E18's variant (a): the activation replaces the cell/candidate
  // and output nonlinearity, the gates stay Keras 2's hard sigmoid, as in E18's Keras 2 LSTM
  // (lstmVariant). Replacing the gates (variants gates, both; still available, see paper) is
  // meaningful only for bounded, sigmoid-like functions: a gate multiplies by a value meant to
  // lie in [0, 1]; with relu, cube, linear and the like as gates (variant both, the earlier
  // quick) 13 of 17 runs diverged.
  quick: {
    name: 'quick',
    miniExperiments: [
      QUICK_SENTENCE,
      QUICK_DOCUMENT,
      { task: 'sequence-tagging', dataset: 'brown-pos', limit: 300, maxEpochs: 24, settings: { maxLength: 25 }, space: QUICK_TAGGER_SPACE },
      {
        task: 'lstm-gates',
        dataset: 'brown-pos',
        limit: 150,
        maxEpochs: 24,
        settings: { maxLength: 25, variant: 'cell' },
        space: QUICK_TAGGER_SPACE,
      },
    ],
    ...QUICK_DESIGN,
  },

  // The release gate (scripts/release-gate.sh, docs/release-gate.md): quick's two classification
  // mini-experiments, the same jobs as the reference report's, so unchanged code reproduces them
  // bit for bit; about 2–3 minutes on two cores (215 worker-seconds of training by quick's figures).
  // 8 configurations × 2 mini-experiments give each activation 16 pairs for the pooled test.
  gate: {
    name: 'gate',
    miniExperiments: [QUICK_SENTENCE, QUICK_DOCUMENT],
    ...QUICK_DESIGN,
  },

  // E18's design on offline data, sized for two cores (docs/replication.md): all 21 study
  // activations × 20 configurations × 2 seeds on 8 mini-experiments of all four groups: sentence
  // classification on two datasets, document classification on two, tagging at two training
  // fractions (E18 ran TL-AM at 5% and 30%; here 30% and all of a 400-sentence slice of Brown, the
  // smaller part small enough to be hard, the larger large enough to pass the per-word baseline),
  // and the LSTM with the activation in the cell (E18's variant a) and in cell and gates (c).
  // Keras 2's optimizer rules. 6,080 runs (taggers: 17 activations, maxout and PReLU excluded).
  replication: {
    name: 'replication',
    activations: ['study21'],
    miniExperiments: [
      { ...QUICK_SENTENCE, space: REPLICATION_MLP_SPACE },
      { task: 'sentence-classification', dataset: 'brown-genre-sentences', limit: 1000, maxEpochs: 5, space: REPLICATION_MLP_SPACE },
      { ...QUICK_DOCUMENT, space: REPLICATION_CNN_SPACE },
      {
        task: 'document-classification',
        dataset: 'brown-genre-documents',
        limit: 200,
        maxEpochs: 4,
        settings: { maxLength: 100 },
        space: REPLICATION_CNN_SPACE,
      },
      { ...REPLICATION_TAGGING, maxEpochs: 40, settings: { maxLength: 25, trainFraction: 0.3 } },
      // Explicit ids: the default id leaves out settings at their defaults (trainFraction 1, variant both).
      {
        ...REPLICATION_TAGGING,
        id: 'sequence-tagging/brown-pos/maxLength=25,trainFraction=1',
        maxEpochs: 24,
        settings: { maxLength: 25, trainFraction: 1 },
      },
      { ...REPLICATION_LSTM, settings: { maxLength: 25, variant: 'cell' } },
      { ...REPLICATION_LSTM, id: 'lstm-gates/brown-pos/maxLength=25,variant=both', settings: { maxLength: 25, variant: 'both' } },
    ],
    configurations: 20,
    repeats: 2,
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
      ...['spam-assassin', 'imdb', 'brown-genre-documents', 'newsgroups-20', 'r8'].map((dataset) => ({
        task: 'document-classification',
        dataset,
      })),
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
  // configuration and seed. On two idle cores, with the Winograd convolutions and the corrected
  // max-pool gradient (docs/performance.md), the whole study takes 1m24s on two workers (2m00s
  // before them): jobs 4–6 s, maxout-2/3/4 19/24/34 s; test accuracy 0.86–0.91 for most
  // activations, sigmoid 0.67, cosid 0.79, cube 0.16.
  'vision-quick': {
    name: 'vision-quick',
    activations: ['study21'],
    miniExperiments: [{ task: 'image-classification', dataset: 'mnist', limit: 2000, maxEpochs: 3, fixed: SMALL_IMAGE_CNN }],
    configurations: 1,
    repeats: 1,
    seed: 1,
    timeLimitSeconds: 300,
  },

  // R17's question, whether swish's gain grows with depth, at a size two CPU cores finish: small
  // pre-activation ResNets (width 8: 8/16/32 channels) of depth 8 and 14 on 500 offline MNIST
  // images (500 dev, 500 test), 4 epochs at batch 16, every study activation the networks admit
  // (the 18 of study21 without maxout), 8 configurations per depth sampled from VISION_RESNET_SPACE
  // and shared by its activations, one seed: 2 × 8 × 18 = 288 jobs. Time, from two
  // sample jobs per depth run niced on wasm on this 2-core machine while another study kept it
  // busy (swish, Nadam at factor 1.6): depth 8 7.5 s of CPU (8.1 s wall), depth 14 12.2 s (13.9 s),
  // so 144 × (7.5 + 12.2) s ≈ 2,840 worker-seconds ≈ 24 minutes on 2 workers on idle cores, about
  // 25 with the report; not run in full yet. Sample test accuracy 0.72 (depth 8) and 0.84 (14)
  // against a majority baseline of 0.10. `--dry-run` on the same busy machine (load average ~10)
  // said 17 s and 31 s per job, 58 minutes: its wall-clock calibration pays for the other study's
  // load and scales a first epoch that includes warm-up; on busy cores expect about an hour.
  'vision-resnet': {
    name: 'vision-resnet',
    activations: ['study21'],
    miniExperiments: [8, 14].map((depth) => ({
      task: 'image-resnet',
      dataset: 'mnist',
      settings: { depth, width: 8 },
      limit: 500,
      maxEpochs: 4,
      fixed: { batchSize: 16 },
      space: VISION_RESNET_SPACE,
    })),
    configurations: 8,
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

  // R17's three networks, each with its paper's recipe (R17_COMMON and the recipes above).
  'r17-resnet164': r17Preset('r17-resnet164', 'resnet164', RESNET164_RECIPE),
  'r17-wrn-28-10': r17Preset('r17-wrn-28-10', 'wrn-28-10', WRN_RECIPE),
  // R17 names "DenseNet 100-12": the plain DenseNet (L=100, k=12) in the DenseNet paper's
  // notation, which marks the other with -BC (docs/study.md §7); both are offered.
  'r17-densenet100-12': r17Preset('r17-densenet100-12', 'densenet100-12', DENSENET_RECIPE),
  'r17-densenet-bc100-12': r17Preset('r17-densenet-bc100-12', 'densenet-bc100-12', DENSENET_RECIPE),
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
