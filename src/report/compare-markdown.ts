// A comparison as Markdown for a pull-request comment: the verdict first, then the regressions,
// the drops the test could not confirm and the improvements, with every cell folded away below.
import { renderMarkdown, type Column } from '../output/table.js';
import type { CellChange, Comparison, PooledChange } from './compare.js';
import { formatDelta, formatP, formatScore } from './format.js';

/** After a mini-experiment's name in the tables: not informative (below the trivial baseline) in either study. */
const NOT_INFORMATIVE_MARK = '⚠';

const COLUMNS: Column<CellChange>[] = [
  { header: 'mini-experiment', value: (c) => (c.notInformative ? `${c.miniExperiment} ${NOT_INFORMATIVE_MARK}` : c.miniExperiment) },
  { header: 'activation', value: (c) => c.activation },
  { header: 'old best', value: (c) => formatScore(c.oldBest), numeric: true },
  { header: 'new best', value: (c) => formatScore(c.newBest), numeric: true },
  { header: 'Δ best', value: (c) => formatDelta(c.deltaBest), numeric: true },
  { header: 'old mean', value: (c) => formatScore(c.oldMean), numeric: true },
  { header: 'new mean', value: (c) => formatScore(c.newMean), numeric: true },
  { header: 'Δ mean', value: (c) => formatDelta(c.deltaMean), numeric: true },
  { header: 'pairs', value: (c) => c.pairs, numeric: true },
  { header: 'p Holm', value: (c) => formatP(c.pHolm), numeric: true },
  { header: 'verdict', value: (c) => c.verdict },
  { header: 'note', value: (c) => c.note ?? '' },
];

const POOLED_COLUMNS: Column<PooledChange>[] = [
  { header: 'activation', value: (c) => c.activation },
  { header: 'mini-experiments', value: (c) => c.miniExperiments, numeric: true },
  { header: 'changed in', value: (c) => c.changedMiniExperiments, numeric: true },
  { header: 'pairs', value: (c) => c.pairs, numeric: true },
  { header: 'differing', value: (c) => c.n, numeric: true },
  { header: 'mean Δ', value: (c) => formatDelta(c.meanDifference), numeric: true },
  { header: 'median Δ', value: (c) => formatDelta(c.medianDifference), numeric: true },
  { header: 'p', value: (c) => formatP(c.pValue), numeric: true },
  { header: 'p Holm', value: (c) => formatP(c.pHolm), numeric: true },
  { header: 'verdict', value: (c) => c.verdict },
  { header: 'note', value: (c) => c.note ?? '' },
];

/** The pooled rows worth a reader's eye first: every one not unchanged, or all when every one is. */
function pooledBlock(comparison: Comparison): string {
  const { pooled, alpha, threshold } = comparison;
  const title = '### Pooled over all mini-experiments, per activation';
  if (pooled.length === 0) return `${title}\n\nNo activation in either study.\n`;
  const explanation = `Each activation’s configurations paired in every mini-experiment, tested together (stratified Wilcoxon signed-rank test of new − old, |Δ| ranked within each mini-experiment), Holm over the ${pooled.filter((row) => row.pHolm !== null).length} activations tested; a *regression* here is a significant drop (Holm p < ${alpha}) whose mean Δ over all the activation’s pairs is below −${threshold}, and it fails like a per-cell one. It catches a change that touches every activation a little, which no single cell can show after Holm over every cell.`;
  const changed = pooled.filter((row) => row.verdict !== 'unchanged');
  const shown = changed.length > 0 ? changed : pooled;
  const hidden = pooled.length - shown.length;
  return `${title}\n\n${explanation}\n\n${renderMarkdown(POOLED_COLUMNS, shown)}${hidden > 0 ? `\n${hidden} unchanged activation${hidden === 1 ? '' : 's'} (every pair identical) not shown.\n` : ''}`;
}

function block(title: string, rows: CellChange[], empty: string): string {
  return `### ${title}\n\n${rows.length === 0 ? `${empty}\n` : renderMarkdown(COLUMNS, rows)}`;
}

export function comparisonMarkdown(comparison: Comparison): string {
  const { regressions, pooledRegressions, unconfirmedDrops, improvements, dropsWithinThreshold, notInformative, threshold, alpha } =
    comparison;
  const rule = `a mean drop of more than ${threshold} with a Holm-adjusted paired Wilcoxon p < ${alpha}`;
  const pooledText =
    pooledRegressions.length > 0
      ? `${pooledRegressions.length} pooled regression${pooledRegressions.length === 1 ? '' : 's'} over all mini-experiments: ${
          pooledRegressions.length <= 4
            ? pooledRegressions
                .map((row) => `${row.activation} (mean Δ ${formatDelta(row.meanDifference)}, p_holm ${formatP(row.pHolm)})`)
                .join(', ')
            : pooledRegressions.map((row) => row.activation).join(', ')
        }`
      : 'no pooled regression over all mini-experiments';
  const headline =
    regressions.length > 0
      ? `**❌ ${regressions.length} significant regression${regressions.length === 1 ? '' : 's'}** (${rule}); ${pooledText}.`
      : pooledRegressions.length > 0
        ? `**❌ ${pooledText}** (${rule}, per activation over all its paired configurations); no single cell regresses significantly.`
        : `**✅ No significant regression** (${rule}), per cell or pooled per activation over all mini-experiments.`;
  const testable = comparison.cells.filter((c) => c.pHolm !== null).length;
  const lines = [
    `## actbench compare: ${comparison.old.name} → ${comparison.new.name}`,
    '',
    `Old: \`${comparison.old.source}\` (spec ${comparison.old.specHash}); new: \`${comparison.new.source}\` (spec ${comparison.new.specHash}).`,
    '',
    headline,
    '',
    ...(notInformative.length > 0
      ? [
          `> **${NOT_INFORMATIVE_MARK} Not informative: ${notInformative.length} mini-experiment${notInformative.length === 1 ? '' : 's'} where most activations’ median configurations do not beat the trivial baseline; changes there say little about the activations.**`,
          ...notInformative.map((mini) => `> - ${mini.miniExperiment} (${mini.detail})`),
          '',
        ]
      : []),
    `${comparison.cells.length} activation × mini-experiment cells, ${testable} tested (the others unchanged, or with too few paired configurations that differ); Δ = new − old.`,
    '',
    `Verdicts: *regression* = a significant drop (Holm p < ${alpha}) with the mean down by more than ${threshold}, the only one that fails; *significant drop within threshold* = significant, the mean down by no more than ${threshold}; *improvement* = a significant rise; *no significant change* = tested, Holm p ≥ ${alpha}; *not testable* = too few paired configurations that differ for p < ${alpha} to be possible.`,
    '',
    ...comparison.notes.map((note) => `- ${note}`),
    ...(comparison.notes.length > 0 ? [''] : []),
    block('Regressions', regressions, 'None.'),
    pooledBlock(comparison),
    block(`Significant drops within the threshold ${threshold} (not regressions)`, dropsWithinThreshold, 'None.'),
    block(`Drops beyond ${threshold} not confirmed by the test`, unconfirmedDrops, 'None.'),
    block('Significant improvements', improvements, 'None.'),
    `<details><summary>All ${comparison.cells.length} cells</summary>\n\n${renderMarkdown(COLUMNS, comparison.cells)}\n</details>`,
    '',
  ];
  return lines.join('\n');
}
