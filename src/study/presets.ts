// Named studies: `smoke` for tests, `quick` for the README's main command, `paper` for E18's
// scale. They are raw specs, validated like a user's file, so a preset can never drift into
// something a spec file could not say.
import { validateStudySpec, type RawStudySpec } from './spec.js';
import type { StudySpec } from './types.js';

export const PRESET_NAMES = ['smoke', 'quick', 'paper'] as const;
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
