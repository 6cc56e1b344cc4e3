// Claims against hand-built summaries whose answers are known: a clear leader supports a
// frequency claim and a clear laggard contradicts it, two indistinguishable activations leave it
// inconclusive; a reversed ordering makes the rankings differ; differences of fixed size land
// where their arithmetic says. Also the claims file's validation, and E18's own file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { packageRoot } from '../../util/package-root.js';
import { seededRandom } from '../../util/random.js';
import type { ReportSummary } from '../types.js';
import type { ClaimsFile } from './claim-types.js';
import { evaluateClaims } from './evaluate-claims.js';
import { readClaimsFile, validateClaimsFile } from './read-claims.js';

interface MiniDef {
  id: string;
  task: string;
  settings?: Record<string, string | number>;
  /** activation → per-configuration (dev, test); dev = test when given as a number. */
  scores: Record<string, (number | { dev: number; test: number })[]>;
}

/** The parts of a summary the claims read: mini-experiments, cells' per-configuration scores, the spec's settings. */
function summaryOf(minis: MiniDef[]): ReportSummary {
  return {
    study: {
      name: 'hand',
      specHash: 'x',
      spec: { miniExperiments: minis.map((mini) => ({ id: mini.id, task: mini.task, settings: mini.settings ?? {} })) },
    },
    miniExperiments: minis.map((mini) => ({ id: mini.id, task: mini.task })),
    cells: minis.flatMap((mini) =>
      Object.entries(mini.scores).map(([activation, list]) => ({
        miniExperiment: mini.id,
        activation,
        scores: list.map((score, configIndex) => ({
          configIndex,
          ...(typeof score === 'number' ? { dev: score, test: score } : score),
          repeats: 1,
        })),
      })),
    ),
  } as unknown as ReportSummary;
}

const file = (claims: ClaimsFile['claims']): ClaimsFile => ({ title: 'hand', confidence: 0.95, claims });

/** `n` scores around `center` with seeded noise of ±`spread`. */
function noisy(center: number, spread: number, n: number, seed: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => center + spread * (2 * random() - 1));
}

/** Six mini-experiments: 'lead' far ahead, 'lag' far behind, 'twin1'/'twin2' drawn from the same distribution, 'mid' between. */
const ranked = summaryOf(
  Array.from({ length: 6 }, (_, m) => ({
    id: `sentence/${m}`,
    task: 'sentence-classification',
    scores: {
      lead: noisy(0.9, 0.01, 12, 100 + m),
      mid: noisy(0.7, 0.01, 12, 200 + m),
      twin1: noisy(0.8, 0.05, 12, 300 + m),
      twin2: noisy(0.8, 0.05, 12, 400 + m),
      lag: noisy(0.3, 0.01, 12, 500 + m),
    },
  })),
);

test('frequency claims: a clear leader is supported, a clear laggard contradicted, one of two twins inconclusive', () => {
  const result = evaluateClaims(
    file([
      { id: 'lead', text: 'lead wins', kind: 'top3-frequency', measure: 'mean', activations: ['lead'], within: 1 },
      { id: 'lag', text: 'lag wins', kind: 'top3-frequency', measure: 'mean', activations: ['lag'], within: 1 },
      // Top-3 counts: lead and both twins finish top 3 everywhere (6 each); mid and lag never.
      {
        id: 'twin',
        text: 'twin1 is the second best on average rank',
        kind: 'rank-position',
        measure: 'mean',
        activation: 'twin1',
        position: 'top',
        within: 2,
      },
    ]),
    'hand.yaml',
    ranked,
    500,
  );
  const verdicts = Object.fromEntries(result.results.map((r) => [r.id, r.verdict]));
  assert.deepEqual(verdicts, { lead: 'supported', lag: 'contradicted', twin: 'inconclusive' });
  const lead = result.results[0]!;
  assert.equal(lead.probability, 1);
  assert.match(lead.statistic, /lead 6 .*holds here, holds in 100\.0% of resamples/);
  const twin = result.results[2]!;
  assert.ok(twin.probability! > 0.05 && twin.probability! < 0.95, `twin probability ${twin.probability}`);
});

test('rank position at the bottom: the laggard is the worst, the leader is not among the worst two', () => {
  const result = evaluateClaims(
    file([
      { id: 'lag', text: 'lag is worst', kind: 'rank-position', measure: 'best', activation: 'lag', position: 'bottom', within: 1 },
      {
        id: 'lead',
        text: 'lead is among the worst',
        kind: 'rank-position',
        measure: 'best',
        activation: 'lead',
        position: 'bottom',
        within: 2,
      },
    ]),
    'hand.yaml',
    ranked,
    300,
  );
  assert.deepEqual(
    result.results.map((r) => r.verdict),
    ['supported', 'contradicted'],
  );
  assert.match(result.results[0]!.statistic, /lag 5\.00, 1st worst of 5/);
});

test("Spearman's ρ: scipy's documented example spearmanr([1,2,3,4,5], [5,6,7,8,7]) = 0.8207826816681233", async () => {
  const { spearmanCorrelation } = await import('../stats/correlation.js');
  // By hand: ranks (1,2,3,4,5) and (1,2,3.5,5,3.5); Σdxdy = 8, Σdx² = 10, Σdy² = 9.5; 8/√95.
  assert.ok(Math.abs(spearmanCorrelation([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]) - 8 / Math.sqrt(95)) < 1e-15);
  assert.ok(Math.abs(spearmanCorrelation([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]) - 0.8207826816681233) < 1e-15);
  assert.ok(Number.isNaN(spearmanCorrelation([1, 2, 3], [4, 4, 4])));
});

test('rankings differ when best and mean order the activations oppositely, and not when they agree', () => {
  // Per mini-experiment: 'gamble' has four excellent configurations (best dev and test; a resample
  // misses all four with probability 0.6¹⁰ < 1%) and poor others; 'steady' is uniformly good. On best: gamble > steady > plain > weak; on mean: steady >
  // plain > weak > gamble.
  const minis = (n: number): MiniDef[] =>
    Array.from({ length: n }, (_, m) => ({
      id: `doc/${m}`,
      task: 'document-classification',
      scores: {
        gamble: [0.95, 0.95, 0.95, 0.95, ...noisy(0.1, 0.01, 6, 10 + m)],
        steady: noisy(0.8, 0.01, 10, 20 + m),
        plain: noisy(0.7, 0.01, 10, 30 + m),
        weak: noisy(0.6, 0.01, 10, 40 + m),
      },
    }));
  const opposite = evaluateClaims(
    file([{ id: 'differ', text: 'differ', kind: 'rankings-differ', below: 0.8 }]),
    'hand.yaml',
    summaryOf(minis(5)),
    300,
  ).results[0]!;
  // Ranks on best (gamble 1, steady 2, plain 3, weak 4) against mean (4, 1, 2, 3): by hand ρ = 1 − 6·(9+1+1+1)/(4·15) = −0.2.
  assert.ok(Math.abs(opposite.estimate! - -0.2) < 1e-12, `ρ ${opposite.estimate}`);
  assert.equal(opposite.verdict, 'supported');
  const agreeing = summaryOf(minis(5).map((mini) => ({ ...mini, scores: { ...mini.scores, gamble: noisy(0.5, 0.01, 10, 7) } })));
  const same = evaluateClaims(file([{ id: 'differ', text: 'differ', kind: 'rankings-differ', below: 0.8 }]), 'hand.yaml', agreeing, 300)
    .results[0]!;
  assert.equal(same.estimate, 1);
  assert.equal(same.verdict, 'contradicted');
});

test('difference claims: direction and size against hand-computed bests; missing sides are not evaluable', () => {
  const lstm = (variant: string, scores: Record<string, number[]>): MiniDef => ({
    id: `lstm/${variant}`,
    task: 'lstm-gates',
    settings: { variant, maxLength: 25 },
    scores,
  });
  // Constant configurations make every resample's best equal the observed one: the interval is a point.
  const summary = summaryOf([
    lstm('both', { 'penalized-tanh': [0.83, 0.83, 0.83], tanh: [0.5, 0.5, 0.5] }),
    lstm('cell', { tanh: [0.81, 0.81, 0.81], 'penalized-tanh': [0.9, 0.9, 0.9] }),
  ]);
  const claim = (expected: number | undefined, a = 'penalized-tanh', variantA = 'both') =>
    evaluateClaims(
      file([
        {
          id: 'd',
          text: 'd',
          kind: 'difference',
          measure: 'best',
          a: { activation: a, task: 'lstm-gates', settings: { variant: variantA } },
          b: { activation: 'tanh', task: 'lstm-gates', settings: { variant: 'cell' } },
          ...(expected !== undefined ? { expected, tolerance: 0.01 } : {}),
        },
      ]),
      'hand.yaml',
      summary,
      200,
    ).results[0]!;
  const about2 = claim(0.02);
  assert.ok(Math.abs(about2.estimate! - 0.02) < 1e-12);
  assert.equal(about2.verdict, 'supported');
  assert.match(
    about2.statistic,
    /best of penalized-tanh in lstm-gates \(variant=both\) minus tanh in lstm-gates \(variant=cell\): \+2\.00 points, 95\.0% interval \[\+2\.00, \+2\.00\]; claimed \+2\.00 ± 1\.00 points, within the interval/,
  );
  // +2 points observed against a claimed +5: the right direction, the wrong size.
  assert.equal(claim(0.05).verdict, 'contradicted');
  // tanh in variant both (0.5) against tanh in cell (0.81): the other direction.
  assert.equal(claim(undefined, 'tanh').verdict, 'contradicted');
  assert.equal(claim(undefined, 'tanh', 'gates').verdict, 'not evaluable');
  assert.match(claim(undefined, 'tanh', 'gates').statistic, /no mini-experiment matches/);
  assert.equal(claim(undefined, 'swish').verdict, 'not evaluable');
});

test('a difference with overlapping noise is inconclusive', () => {
  const summary = summaryOf([
    { id: 's/0', task: 'sentence-classification', scores: { a: noisy(0.8, 0.1, 20, 1), b: noisy(0.8, 0.1, 20, 2) } },
  ]);
  const result = evaluateClaims(
    file([
      {
        id: 'd',
        text: 'a beats b',
        kind: 'difference',
        measure: 'mean',
        a: { activation: 'a', task: 'sentence-classification' },
        b: { activation: 'b', task: 'sentence-classification' },
      },
    ]),
    'hand.yaml',
    summary,
    500,
  ).results[0]!;
  assert.equal(result.verdict, 'inconclusive');
  assert.ok(result.interval!.low < 0 && result.interval!.high > 0);
});

test('claims on activations or tasks the study lacks are not evaluable, with the reason', () => {
  const result = evaluateClaims(
    file([
      { id: 'x', text: 'x', kind: 'top3-frequency', measure: 'best', activations: ['swish'], within: 3 },
      {
        id: 'y',
        text: 'y',
        kind: 'rank-position',
        measure: 'mean',
        activation: 'lead',
        position: 'top',
        within: 1,
        scope: { tasks: ['sequence-tagging'] },
      },
    ]),
    'hand.yaml',
    ranked,
    100,
  );
  assert.deepEqual(
    result.results.map((r) => [r.verdict, r.statistic]),
    [
      ['not evaluable', 'not in the study: swish'],
      ['not evaluable', 'no scored mini-experiment of sequence-tagging'],
    ],
  );
});

test('a claims file is validated field by field, with the file and field in one line', async () => {
  const bad = (content: unknown) => () => validateClaimsFile(content, 'c.yaml');
  assert.throws(
    bad({ title: 't', confidence: 0.95, claims: [] }),
    /^ClaimsFileError: c\.yaml: claims: expected a non-empty list, got \[\]$/,
  );
  assert.throws(
    bad({ title: 't', confidence: 1.5, claims: [{ id: 'a', text: 'a', kind: 'rankings-differ', below: 0.8 }] }),
    /c\.yaml: confidence: expected a probability between 0\.5 and 1, got 1\.5/,
  );
  assert.throws(
    bad({ title: 't', confidence: 0.95, claims: [{ id: 'a', text: 'a', kind: 'median-wins' }] }),
    /c\.yaml: claims\[0\]\.kind: 'median-wins' is not one of top3-frequency, rank-position, rankings-differ, difference, interaction/,
  );
  assert.throws(
    bad({
      title: 't',
      confidence: 0.95,
      claims: [{ id: 'a', text: 'a', kind: 'rank-position', measure: 'median', activation: 'x', position: 'top', within: 1 }],
    }),
    /claims\[0\]\.measure: 'median' is not one of best, mean/,
  );
  assert.throws(
    bad({ title: 't', confidence: 0.95, claims: [{ id: 'a', text: 'a', kind: 'rankings-differ', below: 0.8, code: 'rm -rf' }] }),
    /claims\[0\]\.code: unknown field; expected id, text, source, kind, scope, below/,
  );
  assert.throws(
    bad({
      title: 't',
      confidence: 0.95,
      claims: [{ id: 'a', text: 'a', kind: 'difference', measure: 'best', a: { activation: 'x', task: 't' }, b: { activation: 'y' } }],
    }),
    /claims\[0\]\.b\.task: expected text, got undefined/,
  );
  assert.throws(
    bad({
      title: 't',
      confidence: 0.95,
      claims: [
        { id: 'a', text: 'a', kind: 'rankings-differ', below: 0.8 },
        { id: 'a', text: 'b', kind: 'rankings-differ', below: 0.5 },
      ],
    }),
    /claims\[1\]\.id: 'a' is used twice/,
  );
  await assert.rejects(readClaimsFile('/nonexistent/claims.yaml'), /\/nonexistent\/claims\.yaml: cannot read the claims file \(ENOENT\)/);
});

test("E18's claims file reads, and its kinds cover the issue's headline claims", async () => {
  const e18 = await readClaimsFile(path.join(packageRoot(), 'reports', 'claims', 'e18.yaml'));
  assert.equal(e18.confidence, 0.95);
  assert.deepEqual(
    e18.claims.map((claim) => claim.id),
    ['ptanh-top3-mean', 'ptanh-top3-best', 'swish-top3-best', 'rankings-differ', 'cube-worst', 'sigmoid-worst-hidden', 'lstm-ptanh-both'],
  );
});

test("the study's scale beside the paper's: counts, datasets shared, optimizer rules read off the configurations", async () => {
  const { scaleBesidePaper } = await import('./evaluate-claims.js');
  const summary = {
    study: { spec: { configurations: 20, repeats: 2 } },
    activations: ['relu', 'tanh'],
    miniExperiments: [
      {
        id: 'a',
        dataset: 'uci-sentiment',
        configurations: [
          { configIndex: 0, hparams: { optimizer: 'keras2-adam' } },
          { configIndex: 1, hparams: { optimizer: 'keras2-nadam' } },
        ],
      },
      { id: 'b', dataset: 'trec', configurations: [{ configIndex: 0, hparams: { optimizer: 'keras2-adam' } }] },
    ],
    environment: {
      records: 80,
      backends: ['wasm'],
      trainingSeconds: 7200,
      firstFinishedAt: '2026-12-03T10:00:00Z',
      lastFinishedAt: '2026-12-03T11:30:00Z',
    },
  } as unknown as ReportSummary;
  const paper = {
    activations: 21,
    configurations: 200,
    repeats: 5,
    miniExperiments: 17,
    runs: 329000,
    backend: 'Keras 2',
    datasets: ['mr', 'trec'],
    optimizerRules: 'keras2' as const,
    substitutions: ['GloVe, not InferSent.'],
  };
  assert.deepEqual(scaleBesidePaper(paper, summary), [
    { aspect: 'activations', paper: '21', study: '2' },
    { aspect: 'configurations per mini-experiment', paper: '200', study: '20' },
    { aspect: 'repeats (seeds) per configuration', paper: '5', study: '2' },
    { aspect: 'mini-experiments', paper: '17', study: '2' },
    { aspect: 'training runs', paper: '329,000', study: '80' },
    {
      aspect: 'wall time',
      paper: 'not reported',
      study: "90 min from the first to the last run's end (pauses included), 2.0 h of run time summed over workers",
    },
    { aspect: 'backend', paper: 'Keras 2', study: 'wasm' },
    { aspect: 'datasets', paper: 'mr, trec', study: 'trec, uci-sentiment (1 of the paper’s 2)' },
    { aspect: 'optimizer rules', paper: 'keras2', study: 'keras2 (keras2-adam, keras2-nadam)' },
    { aspect: 'substitution', paper: '', study: 'GloVe, not InferSent.' },
  ]);
});

test('interaction claims: an advantage that grows from one mini-experiment to the other, worked by hand', () => {
  const resnet = (depth: number, scores: Record<string, number[]>): MiniDef => ({
    id: `resnet/${depth}`,
    task: 'image-resnet',
    settings: { depth, width: 8 },
    scores,
  });
  // Depth 8: swish 0.80, relu 0.79; depth 14: swish 0.85, relu 0.80. (0.85 − 0.80) − (0.80 − 0.79) = +0.04.
  const summary = summaryOf([
    resnet(8, { swish: [0.8, 0.8, 0.8], relu: [0.79, 0.79, 0.79] }),
    resnet(14, { swish: [0.85, 0.85, 0.85], relu: [0.8, 0.8, 0.8] }),
  ]);
  const side = (activation: string, depth: number) => ({ activation, task: 'image-resnet', settings: { depth } });
  const claim = (deep: number, shallow: number) =>
    evaluateClaims(
      file([
        {
          id: 'i',
          text: 'swish gains on relu with depth',
          kind: 'interaction',
          measure: 'mean',
          a: side('swish', deep),
          b: side('relu', deep),
          c: side('swish', shallow),
          d: side('relu', shallow),
        },
      ]),
      'hand.yaml',
      summary,
      200,
    ).results[0]!;
  const grows = claim(14, 8);
  assert.ok(Math.abs(grows.estimate! - 0.04) < 1e-12);
  assert.equal(grows.verdict, 'supported');
  assert.equal(grows.miniExperiments, 2);
  assert.match(
    grows.statistic,
    /^mean of \(swish in image-resnet \(depth=14\) minus relu in image-resnet \(depth=14\)\) minus \(swish in image-resnet \(depth=8\) minus relu in image-resnet \(depth=8\)\): \+4\.00 points/,
  );
  assert.equal(claim(8, 14).verdict, 'contradicted');
});

test("R17's claims file reads: the depth claim is an interaction over the vision-resnet depths", async () => {
  const r17 = await readClaimsFile(path.join(packageRoot(), 'reports', 'claims', 'r17.yaml'));
  assert.deepEqual(
    r17.claims.map((claim) => [claim.id, claim.kind]),
    [
      ['swish-beats-relu-deep', 'difference'],
      ['swish-gains-with-depth', 'interaction'],
    ],
  );
});

test('claims about places are not evaluable when there are no more activations than places', () => {
  const two = summaryOf([{ id: 's/0', task: 'sentence-classification', scores: { relu: [0.7, 0.8], 'penalized-tanh': [0.75, 0.7] } }]);
  const result = evaluateClaims(
    file([
      { id: 'top3', text: 't', kind: 'top3-frequency', measure: 'mean', activations: ['penalized-tanh'], within: 3 },
      { id: 'worst', text: 'w', kind: 'rank-position', measure: 'mean', activation: 'relu', position: 'bottom', within: 2 },
      { id: 'first', text: 'f', kind: 'rank-position', measure: 'mean', activation: 'relu', position: 'top', within: 1 },
    ]),
    'hand.yaml',
    two,
    100,
  );
  assert.deepEqual(
    result.results.map((r) => [r.verdict, r.statistic.split(';')[0]]),
    [
      ['not evaluable', 'only 2 activations in the study: every one is within 3 places'],
      ['not evaluable', 'only 2 activations in the study: every one is within 2 places'],
      // One place among two activations is a real question: relu's mean 0.75 against 0.725 here, but
      // a resample of configuration 0 twice puts penalized tanh first (0.75 against 0.7).
      ['inconclusive', 'average rank on mean over 1 mini-experiments: relu 1.00, 1st best of 2'],
    ],
  );
});
