// Synthetic study folders of a given shape (activations × mini-experiments × configurations ×
// repeats), for timing the report at the sizes real studies have: the quick preset's shape, and
// many configurations with repeats. Scores are plausible, not meaningful: a base per
// mini-experiment, an effect per activation and per hyperparameter, seeded noise, and a few
// diverged and failed runs.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { serializeRecord, writeSpecFile } from '../study/ledger.js';
import type { JobStatus, LedgerRecord, StudySpec } from '../study/types.js';
import { seededRandom } from '../util/random.js';

/** The 21 functions of E18, as the quick preset names them. */
export const STUDY21 = [
  'sigmoid',
  'swish',
  'maxsig',
  'cosid',
  'minsin',
  'arctid',
  'maxtanh',
  'tanh',
  'sin',
  'relu',
  'lrelu-0.01',
  'lrelu-0.30',
  'maxout-2',
  'maxout-3',
  'maxout-4',
  'prelu',
  'linear',
  'elu',
  'selu',
  'cube',
  'penalized-tanh',
];
const TAGGER_EXCLUDED = ['maxout-2', 'maxout-3', 'maxout-4', 'prelu'];
const OPTIMIZERS = ['adam', 'nadam', 'sgd', 'rmsprop'];

export interface SyntheticShape {
  miniExperiments: number;
  configurations: number;
  repeats: number;
  /** Taggers (every other mini-experiment) exclude maxout and prelu, as the real ones do. */
  withTaggers?: boolean;
  seed?: number;
}

export function writeSyntheticStudy(dir: string, shape: SyntheticShape): { records: number } {
  mkdirSync(dir, { recursive: true });
  const random = seededRandom(shape.seed ?? 7);
  const minis = Array.from({ length: shape.miniExperiments }, (_, i) => {
    const tagger = shape.withTaggers === true && i % 2 === 1;
    return {
      id: `${tagger ? 'sequence-tagging' : 'sentence-classification'}/synthetic-${i}`,
      task: tagger ? 'sequence-tagging' : 'sentence-classification',
      tagger,
    };
  });
  const spec: StudySpec = {
    name: `synthetic-${shape.miniExperiments}x${shape.configurations}x${shape.repeats}`,
    activations: STUDY21,
    miniExperiments: minis.map((m) => ({ id: m.id, task: m.task, dataset: 'synthetic', settings: {}, fixed: {} })),
    configurations: shape.configurations,
    repeats: shape.repeats,
    seed: 1,
    timeLimitSeconds: 300,
  };
  writeSpecFile(dir, spec);
  const lines: string[] = [];
  minis.forEach((mini, m) => {
    const metric = mini.tagger ? 'tokenAccuracy' : 'accuracy';
    const configurations = Array.from({ length: shape.configurations }, () => ({
      optimizer: OPTIMIZERS[Math.floor(random() * OPTIMIZERS.length)]!,
      layers: 1 + Math.floor(random() * 4),
      units: 30 + Math.floor(random() * 470),
      dropout: 0.1 + random() * 0.65,
      lrFactor: 0.46 + random() * 1.14,
    }));
    STUDY21.forEach((activation, a) => {
      if (mini.tagger && TAGGER_EXCLUDED.includes(activation)) return;
      configurations.forEach((hparams, configIndex) => {
        for (let repeat = 0; repeat < shape.repeats; repeat++) {
          const draw = random();
          const status: JobStatus = draw < 0.01 ? 'failed' : draw < 0.03 ? 'diverged' : 'ok';
          const score = Math.min(
            0.99,
            0.6 + 0.01 * m + 0.004 * a - 0.02 * hparams.layers + 0.01 * Math.log(hparams.units) + 0.05 * (random() - 0.5),
          );
          const scored = status === 'ok';
          const record: LedgerRecord = {
            key: `${mini.id}|${activation}|${configIndex}|${repeat}`,
            specHash: 'synthetic',
            miniExperiment: mini.id,
            task: mini.task,
            dataset: 'synthetic',
            activation,
            configIndex,
            repeat,
            seed: configIndex * 100 + repeat,
            hparams,
            status,
            dev: scored ? { [metric]: score + 0.01 * (random() - 0.5), macroF1: score - 0.1 } : {},
            test: scored ? { [metric]: score, macroF1: score - 0.1 } : {},
            baseline: {},
            history: [],
            epochs: 3,
            bestEpoch: scored ? 2 : 0,
            seconds: 1.5,
            backend: 'wasm',
            versions: { actbench: '0.1.0', tfjs: '4.22.0', node: process.version },
            primaryMetric: metric,
            machine: 'synthetic',
            finishedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, lines.length % 60)).toISOString(),
          };
          lines.push(serializeRecord(record));
        }
      });
    });
  });
  writeFileSync(path.join(dir, 'ledger.jsonl'), `${lines.join('\n')}\n`);
  return { records: lines.length };
}
