// Ledger records → the report's summary: cells, rankings, tests, sensitivity and environment, as
// one plain object (summary.json). Everything a table or chart shows is computed here, once.
import type { LedgerRecord } from '../study/types.js';
import { BASELINE_METHODS, baselineCheck, cellVsBaseline, miniBaseline } from './baseline.js';
import { BEST_OF_K_METHODS, bestOfKCrossings, bestOfKCurves } from './best-of-k.js';
import { buildCell, CELL_METHODS } from './cells.js';
import { COST_METHODS, costSummary } from './cost.js';
import { DIAGNOSTICS_METHODS, diagnosticsSummary, NO_DIAGNOSTICS_NOTE } from './diagnostics.js';
import { describeEnvironment } from './environment.js';
import { headlineSentences } from './headline.js';
import { VARIANCE_METHODS, varianceRows } from './variance.js';
import { PROFILE_METHODS, stabilityProfiles, winRates } from './profiles.js';
import { DEFAULT_EQUIVALENCE_PROBABILITY, DEFAULT_ROPE, equivalenceMethods, equivalenceSummary } from './equivalence.js';
import type { StudyData } from './load-study.js';
import { RANKING_METHODS, rankActivations, top3Counts } from './rankings.js';
import { RECOMMENDATION_METHODS, recommendations } from './recommendation.js';
import { chooseScoreMetric } from './score-metric.js';
import { depthComparisons, regressCell, SENSITIVITY_METHODS } from './sensitivity.js';
import { compareWithReference, friedmanOverMiniExperiments, pooledCompareWithReference, SIGNIFICANCE_METHODS } from './significance.js';
import { SUMMARY_FORMAT, SUMMARY_FORMAT_VERSION, type Cell, type MiniExperimentInfo, type ReportSummary } from './types.js';

export interface SummaryOptions {
  /** The activation every other one is tested against (default relu). */
  reference?: string;
  /** Significance level of the tests and of the critical difference (default 0.05). */
  alpha?: number;
  /** Half-width of the region of practical equivalence, in score units (default 0.005). */
  rope?: number;
}

export const DEFAULT_REFERENCE = 'relu';
export const DEFAULT_ALPHA = 0.05;

/** Values in first-seen order, after the ones `preferred` lists. */
function orderedNames(preferred: readonly string[], seen: Iterable<string>): string[] {
  const names = [...preferred];
  for (const name of seen) if (!names.includes(name)) names.push(name);
  return names;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const name = key(item);
    const group = groups.get(name);
    if (group) group.push(item);
    else groups.set(name, [item]);
  }
  return groups;
}

function miniExperimentInfo(id: string, records: readonly LedgerRecord[], study: StudyData, notes: string[]): MiniExperimentInfo {
  const fromSpec = study.spec?.miniExperiments.find((mini) => mini.id === id);
  const chosen = chooseScoreMetric(id, records);
  if (chosen?.note !== undefined) notes.push(chosen.note);
  if (chosen === null) notes.push(`${id}: no run has a test score, so nothing is scored`);
  const metric = chosen?.metric ?? 'accuracy';
  const baseline = miniBaseline(records, metric);
  if (records.length > 0 && baseline.value === null)
    notes.push(`${id}: no record carries a trivial baseline for '${metric}', so nothing is checked against one`);
  const hparams = new Map<number, LedgerRecord['hparams']>();
  for (const record of records) if (!hparams.has(record.configIndex)) hparams.set(record.configIndex, record.hparams ?? {});
  return {
    id,
    task: fromSpec?.task ?? records[0]?.task ?? '',
    dataset: fromSpec?.dataset ?? records[0]?.dataset ?? '',
    metric,
    metricSource: chosen?.source ?? 'fallback-accuracy',
    configurations: [...hparams.entries()].sort(([a], [b]) => a - b).map(([configIndex, values]) => ({ configIndex, hparams: values })),
    baseline,
    // Filled in once the cells exist.
    baselineCheck: null,
  };
}

export function buildSummary(study: StudyData, options: SummaryOptions = {}): ReportSummary {
  const reference = options.reference ?? DEFAULT_REFERENCE;
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const rope = options.rope ?? DEFAULT_ROPE;
  const { spec, records } = study;
  const notes: string[] = [];
  if (spec === null) notes.push(`${study.dir} has no spec.json: mini-experiments and activations are taken from the ledger alone`);
  if (study.tornLines > 0) notes.push(`${study.tornLines} torn last line(s) in the ledger skipped (a run interrupted while writing)`);
  if (records.some((record) => (record.keyScheme ?? 1) === 1)) {
    notes.push(
      'ledger of key scheme 1 (actbench 0.2 and older): each job drew its own train/dev/test split from its seed, so "best" compares dev scores measured on different dev sets and the spread over configurations includes the split\'s',
    );
  }
  if (study.duplicates > 0) notes.push(`${study.duplicates} duplicate record(s) skipped (the first record of each job counts)`);

  const activations = orderedNames(
    spec?.activations ?? [],
    records.map((record) => record.activation),
  );
  const miniIds = orderedNames(
    spec?.miniExperiments.map((mini) => mini.id) ?? [],
    records.map((record) => record.miniExperiment),
  );
  const byMini = groupBy(records, (record) => record.miniExperiment);
  const miniExperiments = miniIds.map((id) => miniExperimentInfo(id, byMini.get(id) ?? [], study, notes));

  const cells: Cell[] = [];
  const notRun: string[] = [];
  const unscored: string[] = [];
  const incomplete: string[] = [];
  const plannedRuns = spec ? spec.configurations * spec.repeats * (spec.splits ?? 1) : null;
  for (const info of miniExperiments) {
    const byActivation = groupBy(byMini.get(info.id) ?? [], (record) => record.activation);
    for (const activation of activations) {
      const cellRecords = byActivation.get(activation);
      if (!cellRecords) {
        notRun.push(`${activation} on ${info.id}`);
        continue;
      }
      const cell = buildCell(info.id, activation, cellRecords, info.metric);
      cell.vsBaseline = cellVsBaseline(cell, info.baseline?.value ?? null);
      cells.push(cell);
      if (cell.scores.length === 0)
        unscored.push(
          `${activation} on ${info.id} (${cell.runs.total} runs: ${cell.runs.diverged} diverged, ${cell.runs.failed} failed, ${cell.runs.timeout} timed out)`,
        );
      if (plannedRuns !== null && cell.runs.total < plannedRuns)
        incomplete.push(`${activation} on ${info.id} (${cell.runs.total}/${plannedRuns})`);
    }
  }
  if (notRun.length > 0)
    notes.push(`no runs recorded (the task excludes the activation, or the study has not run it yet), shown as —: ${notRun.join('; ')}`);
  if (unscored.length > 0) notes.push(`runs recorded but none scored, shown as —: ${unscored.join('; ')}`);
  if (incomplete.length > 0) notes.push(`fewer runs than the spec plans (the study is incomplete): ${incomplete.join('; ')}`);
  for (const info of miniExperiments) info.baselineCheck = baselineCheck(cells.filter((cell) => cell.miniExperiment === info.id));
  if (!activations.includes(reference))
    notes.push(`the reference activation ${reference} is not in this study, so nothing is tested against it`);

  const rankings = {
    best: rankActivations(miniIds, activations, cells, 'best'),
    mean: rankActivations(miniIds, activations, cells, 'mean'),
  };
  const infoById = new Map(miniExperiments.map((info) => [info.id, info]));
  const regressions = cells.map((cell) => regressCell(cell, infoById.get(cell.miniExperiment)!));

  const bestOfK = bestOfKCurves(cells);
  const diagnostics = diagnosticsSummary(records, miniIds, activations, (id) => infoById.get(id)?.metric ?? 'accuracy');
  if (diagnostics === null) notes.push(NO_DIAGNOSTICS_NOTE);
  const summary: ReportSummary = {
    format: SUMMARY_FORMAT,
    formatVersion: SUMMARY_FORMAT_VERSION,
    study: { name: spec?.name ?? records[0]!.specHash, specHash: records[0]!.specHash, spec },
    headline: [],
    methods: [
      ...CELL_METHODS,
      ...BASELINE_METHODS,
      ...RANKING_METHODS,
      ...SIGNIFICANCE_METHODS,
      ...SENSITIVITY_METHODS,
      ...VARIANCE_METHODS,
      ...PROFILE_METHODS,
      ...BEST_OF_K_METHODS,
      ...equivalenceMethods(rope, DEFAULT_EQUIVALENCE_PROBABILITY),
      ...COST_METHODS,
      ...RECOMMENDATION_METHODS,
      ...(diagnostics ? DIAGNOSTICS_METHODS : []),
    ],
    notes,
    reference,
    alpha,
    activations,
    miniExperiments,
    cells,
    rankings,
    top3: top3Counts(miniIds, activations, cells, rankings),
    referenceComparisons: compareWithReference(cells, miniIds, reference, alpha),
    pooledReferenceComparisons: pooledCompareWithReference(cells, miniIds, activations, reference, alpha),
    friedman: {
      best: friedmanOverMiniExperiments(cells, miniIds, activations, 'best', alpha),
      mean: friedmanOverMiniExperiments(cells, miniIds, activations, 'mean', alpha),
    },
    sensitivity: { regressions, depth: depthComparisons(regressions, miniIds) },
    variance: varianceRows(miniExperiments, byMini),
    bestOfK,
    bestOfKCrossings: bestOfKCrossings(cells, bestOfK, miniIds, reference),
    equivalence: equivalenceSummary(cells, miniIds, activations, reference, rope),
    environment: describeEnvironment(records, study.tornLines, study.duplicates),
    profiles: stabilityProfiles(activations, miniExperiments, cells),
    winRates: winRates(activations, records, (id) => infoById.get(id)?.metric ?? 'accuracy'),
    cost: costSummary(miniExperiments, cells, byMini),
    ...(diagnostics ? { diagnostics } : {}),
  };
  // Last: the headline and the recommendation read everything above.
  summary.headline = headlineSentences(summary);
  summary.recommendation = recommendations(summary);
  return summary;
}
