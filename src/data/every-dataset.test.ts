// Every dataset plugin, discovered, loads: from a small fixture written in its original layout
// (the files the real download holds, where they lie) when it reads --data-dir, or from its
// installed npm package when it is offline. Each load has three non-empty splits whose examples
// carry labels (or a tag per token), and the split is a function of the seed. FIXTURES must name
// exactly the discovered datasets, so a new dataset file fails here until it has a fixture. The
// readers' own tests (src/data/readers/*.test.ts, src/data/offline/*.test.ts) pin the details.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { writeCifar10, writeCifar100 } from './readers/cifar-test-support.js';
import {
  amConll,
  assertDeterministic,
  posConll,
  removeTempDirs,
  sentenceLines,
  tempDir,
  trecLines,
  tsvLines,
  writeFashionMnist,
  writeLatin1,
  writeNewsgroups,
  writeUtf8,
} from './readers/format-test-support.js';
import { loadDatasets } from './registry.js';
import type { Dataset, ImageSet, TaggedSentence, TextExample } from './types.js';

type Settings = Record<string, string | number | boolean>;

/** How a dataset is loaded here: `write` puts its original files into an empty data folder; offline ones read their package. */
type Fixture = { write: (dataDir: string) => void; settings?: Settings } | { offline: true; settings?: Settings };

const OFFLINE = { offline: true } as const;

const FIXTURES: Record<string, Fixture> = {
  mr: {
    write: (dir) => {
      writeLatin1(path.join(dir, 'rt-polaritydata', 'rt-polarity.pos'), sentenceLines('good', 20));
      writeLatin1(path.join(dir, 'rt-polaritydata', 'rt-polarity.neg'), sentenceLines('bad', 20));
    },
  },
  subj: {
    write: (dir) => {
      writeLatin1(path.join(dir, 'subj', 'quote.tok.gt9.5000'), sentenceLines('i felt', 20));
      writeLatin1(path.join(dir, 'subj', 'plot.tok.gt9.5000'), sentenceLines('the plot', 20));
    },
  },
  trec: {
    write: (dir) => {
      writeLatin1(path.join(dir, 'train_5500.label'), trecLines(60, 'train'));
      writeLatin1(path.join(dir, 'TREC_10.label'), trecLines(12, 'test'));
    },
  },
  r8: {
    write: (dir) => {
      writeUtf8(path.join(dir, 'r8-train-all-terms.txt'), tsvLines(['earn', 'acq', 'crude'], 10, 'train'));
      writeUtf8(path.join(dir, 'r8-test-all-terms.txt'), tsvLines(['earn', 'acq', 'crude'], 3, 'test'));
    },
  },
  r52: {
    write: (dir) => {
      writeUtf8(path.join(dir, 'r52-train-all-terms.txt'), tsvLines(['earn', 'cocoa'], 10, 'train'));
      writeUtf8(path.join(dir, 'r52-test-all-terms.txt'), tsvLines(['earn', 'cocoa'], 3, 'test'));
    },
  },
  'newsgroups-20': {
    write: (dir) => {
      const groups = ['alt.atheism', 'comp.graphics', 'sci.space'];
      writeNewsgroups(path.join(dir, '20news-bydate'), 'train', groups, 10);
      writeNewsgroups(path.join(dir, '20news-bydate'), 'test', groups, 4);
    },
  },
  // No dev file: the dev split is carved from train by the seed.
  'wsj-pos': {
    write: (dir) => {
      writeUtf8(path.join(dir, 'wsj-pos', 'train.txt'), posConll(20, 'Train'));
      writeUtf8(path.join(dir, 'wsj-pos', 'test.txt'), posConll(4, 'Test'));
    },
  },
  'tl-am': {
    write: (dir) => {
      writeUtf8(path.join(dir, 'data', 'conll', 'Essay_Level', 'train.dat'), amConll(10, 'Train'));
      writeUtf8(path.join(dir, 'data', 'conll', 'Essay_Level', 'test.dat'), amConll(3, 'Test'));
    },
  },
  cifar10: { write: (dir) => void writeCifar10(dir, 20, 20) },
  cifar100: { write: (dir) => void writeCifar100(dir, 100, 20) },
  // A --data-dir comes before the system package (Debian's dataset-fashion-mnist), which may be absent.
  'fashion-mnist': { write: (dir) => void writeFashionMnist(dir, 40) },
  mnist: OFFLINE,
  'brown-pos': OFFLINE,
  'brown-genre-documents': OFFLINE,
  'brown-genre-sentences': OFFLINE,
  imdb: { offline: true, settings: { limit: 1000 } },
  'spam-assassin': OFFLINE,
  'uci-sentiment': OFFLINE,
};

const datasets = (await loadDatasets()).all;

/** The train, dev and test sizes, after checking that every example is labelled (a tag per token). */
function labelledSizes(dataset: Dataset, splits: Awaited<ReturnType<Dataset['load']>>): number[] {
  const parts = [splits.train, splits.dev, splits.test];
  if (dataset.kind === 'image-classification') {
    const { classNames } = splits as { classNames: string[] };
    return (parts as ImageSet[]).map((set) => {
      assert.equal(set.labels.length, set.count);
      assert.ok(
        set.labels.every((label) => label >= 0 && label < classNames.length),
        `${dataset.name}: a label outside its ${classNames.length} class names`,
      );
      return set.count;
    });
  }
  if (dataset.kind === 'tagging') {
    return (parts as TaggedSentence[][]).map((sentences) => {
      for (const s of sentences)
        assert.ok(
          s.tokens.length > 0 && s.tags.length === s.tokens.length && s.tags.every((tag) => tag.length > 0),
          `${dataset.name}: ${JSON.stringify(s)}`,
        );
      return sentences.length;
    });
  }
  return (parts as TextExample[][]).map((examples) => {
    for (const e of examples) assert.ok(e.text.length > 0 && e.label.length > 0, `${dataset.name}: ${JSON.stringify(e).slice(0, 200)}`);
    return examples.length;
  });
}

describe('every dataset loads (a fixture in its original layout, or its npm package)', () => {
  after(removeTempDirs);

  it('FIXTURES names exactly the discovered datasets', () => {
    const discovered = datasets.map((d) => d.name);
    const missing = discovered.filter((name) => !(name in FIXTURES));
    assert.deepEqual(
      missing,
      [],
      missing
        .map(
          (name) =>
            `dataset '${name}' has no fixture: add FIXTURES['${name}'] to src/data/every-dataset.test.ts, either { write: (dataDir) => … } writing a few files in its original layout (helpers in src/data/readers/format-test-support.ts and cifar-test-support.ts), or OFFLINE when it loads from an installed npm package`,
        )
        .join('; '),
    );
    assert.deepEqual(
      Object.keys(FIXTURES).filter((name) => !discovered.includes(name)),
      [],
      'FIXTURES names a dataset that no file in datasets/ declares',
    );
  });

  for (const dataset of datasets) {
    const fixture = FIXTURES[dataset.name];
    it(dataset.name, { skip: fixture === undefined && 'no fixture (see the test above)' }, async () => {
      let dataDir: string | undefined;
      if (fixture && 'write' in fixture) {
        dataDir = tempDir();
        fixture.write(dataDir);
      } else assert.equal(dataset.offline, true, `${dataset.name} is not offline: give it a fixture that writes its files`);
      const splits = await assertDeterministic(dataset, dataDir, fixture?.settings);
      const sizes = labelledSizes(dataset, splits);
      assert.ok(
        sizes.every((size) => size > 0),
        `${dataset.name}: train, dev and test sizes ${sizes.join(', ')}`,
      );
    });
  }
});
