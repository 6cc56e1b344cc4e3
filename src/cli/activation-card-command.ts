// `actbench activations card NAME`: the mean-field card of an activation, as text or JSON, and the
// cards section of the activation report (cards.md beside the plots, one edge-of-chaos SVG each).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { activationCard, type ActivationCard, type CardOptions } from '../activation/activation-card.js';
import { loadActivations, type ActivationRegistry } from '../activation/registry.js';
import { DEFAULT_SIGMA_B2_GRID } from '../activation/mean-field.js';
import { lineChartSvg } from '../plot/line-chart.js';
import { renderMarkdown, type Column } from '../output/table.js';
import { UsageError } from './usage-error.js';
import type { Output } from './activation-commands.js';
import { command, parseNumber, positiveInteger } from './flags.js';

function num(value: number | null, digits = 4): string {
  if (value === null) return 'n/a';
  if (value === Infinity) return '∞';
  if (value === 0) return '0';
  return Number(value.toPrecision(digits)).toString();
}

/** ξ_c, saying why it is infinite. */
function xiCText(card: ActivationCard): string {
  const mf = card.meanField;
  if (!mf || mf.xiC === null) return 'n/a';
  if (mf.xiC !== Infinity) return num(mf.xiC);
  if (mf.phase === 'edge of chaos') return '∞ (edge of chaos)';
  if (mf.cStar === null) return '∞ (correlations kept)';
  return '∞ (χ_c = 1: polynomial approach)';
}

function xiQText(card: ActivationCard): string {
  const mf = card.meanField;
  if (!mf || mf.xiQ === null) return 'n/a';
  return mf.xiQ === Infinity ? '∞ (χ_q = 1)' : num(mf.xiQ);
}

function qStarText(card: ActivationCard): string {
  const mf = card.meanField;
  if (!mf) return 'n/a';
  if (mf.varianceStatus === 'diverges') return 'no finite fixed point (q grows without bound)';
  if (mf.varianceStatus === 'zero') return '0 (the signal dies out)';
  return num(mf.qStar, 6);
}

function edgeSummary(card: ActivationCard): string {
  const edge = card.edgeOfChaos;
  if (!edge) return 'n/a';
  if (edge.points.length === 0) return `none for σ_b² in [${Math.min(...DEFAULT_SIGMA_B2_GRID)}, ${Math.max(...DEFAULT_SIGMA_B2_GRID)}]`;
  if (edge.points.length === 1) {
    const p = edge.points[0]!;
    return `single point σ_w² = ${num(p.sigmaW2, 6)} at σ_b² = ${num(p.sigmaB2)}`;
  }
  const first = edge.points[0]!;
  const last = edge.points[edge.points.length - 1]!;
  return `curve σ_w² ${num(first.sigmaW2)} … ${num(last.sigmaW2)} for σ_b² ${num(first.sigmaB2)} … ${num(last.sigmaB2)}`;
}

/** The card as aligned text. */
export function formatCard(card: ActivationCard): string {
  const lines: string[] = [`${card.activation}: ${card.formula}`];
  if (card.unavailable) return `${lines[0]}\nno mean-field card: ${card.unavailable}\n`;
  if (card.assumption) lines.push(`note: ${card.assumption}`);
  const { initialisation: init } = card;
  lines.push(`initialisation: ${init.derivation}`, `σ_w² = ${num(init.sigmaW2, 6)}, σ_b² = ${num(init.sigmaB2, 6)}`, '');
  const mf = card.meanField!;
  const rows: [string, string][] = [
    ['q* (fixed point of the variance map)', qStarText(card)],
    ['χ_q (slope of the variance map at q*)', num(mf.chiQ)],
    ['ξ_q = −1/ln χ_q', xiQText(card)],
    ['χ₁ = σ_w² E[φ′(√q* z)²]', num(mf.chi1, 6)],
    ['phase', mf.phase ?? 'n/a'],
    [
      'c* (stable fixed point of the correlation map)',
      mf.cStar === null ? (mf.chiC === null ? 'n/a' : 'none (every c is kept)') : num(mf.cStar, 6),
    ],
    ['χ_c (slope of the correlation map at c*)', num(mf.chiC)],
    ['ξ_c = −1/ln χ_c', xiCText(card)],
    ['edge of chaos (χ₁ = 1)', edgeSummary(card)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) lines.push(`${label.padEnd(width)}  ${value}`);
  const edge = card.edgeOfChaos;
  if (edge && edge.points.length > 1) {
    lines.push('', 'edge of chaos points (σ_b², σ_w²; σ_b, σ_w):');
    for (const p of edge.points)
      lines.push(`  ${num(p.sigmaB2)}  ${num(p.sigmaW2, 6)};  ${num(Math.sqrt(p.sigmaB2))}  ${num(Math.sqrt(p.sigmaW2), 6)}`);
  }
  if (mf.notes.length > 0) lines.push('', ...mf.notes.map((n) => `note: ${n}`));
  lines.push(
    '',
    `Mean field of a wide fully connected net (Poole et al. 2016; Schoenholz et al. 2017), q iterated from q0 = ${mf.q0}; expectations by Gauss–Legendre quadrature cut at the kinks.`,
  );
  return `${lines.join('\n')}\n`;
}

/** JSON has no Infinity: it is written as the string "Infinity", as `activations eval --json` does. */
export function cardJson(card: ActivationCard): string {
  return JSON.stringify(card, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value), 2);
}

export interface CardCommandOptions extends CardOptions {
  name: string;
  json: boolean;
}

export async function cardCommand(options: CardCommandOptions, io: Output): Promise<ActivationCard> {
  const registry = await loadActivations();
  const activation = registry.get(options.name);
  for (const [flag, value] of [
    ['--weight-variance', options.weightVariance],
    ['--bias-variance', options.biasVariance],
  ] as const) {
    if (value !== undefined && !(value >= 0 && Number.isFinite(value)))
      throw new UsageError(`${flag}: expected a finite number ≥ 0, got ${value}`);
  }
  if (options.width !== undefined && !(Number.isInteger(options.width) && options.width > 0))
    throw new UsageError(`--width: expected a positive integer, got ${options.width}`);
  let card: ActivationCard;
  try {
    card = activationCard(activation, options);
  } catch (error) {
    if (error instanceof RangeError && /initializer/.test(error.message)) throw new UsageError(`--initializer: ${error.message}`);
    throw error;
  }
  io.out(options.json ? `${cardJson(card)}\n` : formatCard(card));
  return card;
}

/** Initialisations the report shows a card for: the two most used (He normal for rectifiers, Glorot uniform, the MLP default). */
export const REPORT_INITIALIZERS = ['heNormal', 'glorotUniform'] as const;

interface ReportRow {
  card: ActivationCard;
  initializer: string;
}

const REPORT_COLUMNS: Column<ReportRow>[] = [
  { header: 'initializer', value: (r) => r.initializer },
  { header: 'σ_w²', value: (r) => num(r.card.initialisation.sigmaW2), numeric: true },
  { header: 'q*', value: (r) => qStarText(r.card) },
  { header: 'χ₁', value: (r) => num(r.card.meanField?.chi1 ?? null), numeric: true },
  { header: 'phase', value: (r) => r.card.meanField?.phase ?? 'n/a' },
  {
    header: 'c*',
    value: (r) =>
      r.card.meanField?.cStar === null ? (r.card.meanField?.chiC === null ? 'n/a' : 'none') : num(r.card.meanField?.cStar ?? null),
    numeric: true,
  },
  { header: 'ξ_q', value: (r) => xiQText(r.card) },
  { header: 'ξ_c', value: (r) => xiCText(r.card) },
];

function edgeSvg(card: ActivationCard): string | null {
  const points = card.edgeOfChaos?.points ?? [];
  if (points.length < 2) return null;
  return lineChartSvg({
    title: `${card.activation}: edge of chaos`,
    subtitle: 'σ_w² with χ₁ = 1 against σ_b²: ordered below the line, chaotic above',
    xs: points.map((p) => p.sigmaB2),
    series: [{ name: 'χ₁ = 1', ys: points.map((p) => p.sigmaW2) }],
    xLabel: 'σ_b²',
    yLabel: 'σ_w²',
    legend: false,
    width: 420,
    height: 300,
  });
}

/**
 * cards.md: per activation its curve (plots/NAME.svg, written by `activations plot`) beside its
 * cards at He normal and Glorot uniform and its edge of chaos; edge-of-chaos curves as
 * plots/NAME-edge-of-chaos.svg. Returns the paths written.
 */
export function writeCardReport(registry: ActivationRegistry, outDir: string, plotsDir: string): string[] {
  mkdirSync(plotsDir, { recursive: true });
  const written: string[] = [];
  const sections: string[] = [
    '# Activation cards',
    '',
    'Mean-field quantities of a deep, wide fully connected network with each activation (Poole et al. 2016; Schoenholz et al. 2017; Hayou et al. 2019), ' +
      'at the tfjs-layers initializers He normal and Glorot uniform (σ_b² = 0: zero biases), from `actbench activations card NAME`. ' +
      'q* is the variance fixed point reached from q = 1, χ₁ the mean squared slope there (< 1 ordered, > 1 chaotic), c* the correlation fixed point, ξ_q and ξ_c the depth scales. ' +
      'tfjs-layers does not correct its truncated normal, so He normal has σ_w² ≈ 1.547, not 2.',
    '',
  ];
  const relative = path.relative(outDir, plotsDir) || '.';
  for (const activation of registry.all) {
    const cards = REPORT_INITIALIZERS.map((initializer, i) => ({
      initializer,
      card: activationCard(activation, { initializer, edge: i === 0 }),
    }));
    const first = cards[0]!.card;
    sections.push(`## ${activation.name}`, '', `\`${activation.formula}\``, '');
    if (first.unavailable) {
      sections.push(`No card: ${first.unavailable}.`, '');
      continue;
    }
    sections.push(`![${activation.name}](${relative}/${activation.name}.svg)`, '');
    if (first.assumption) sections.push(`Note: ${first.assumption}.`, '');
    sections.push(renderMarkdown(REPORT_COLUMNS, cards));
    sections.push(`Edge of chaos: ${edgeSummary(first)}.`, '');
    const svg = edgeSvg(first);
    if (svg) {
      const file = path.join(plotsDir, `${activation.name}-edge-of-chaos.svg`);
      writeFileSync(file, svg, 'utf8');
      written.push(file);
      sections.push(`![${activation.name} edge of chaos](${relative}/${activation.name}-edge-of-chaos.svg)`, '');
    }
  }
  const md = path.join(outDir, 'cards.md');
  writeFileSync(md, sections.join('\n'));
  written.push(md);
  return written;
}

/** `actbench activations card NAME`: a subcommand of `activations`, declared beside its handler. */
export function activationCardCommands(io: Output) {
  const card = command({
    command: 'card <name>',
    describe: 'mean-field card: q*, χ₁, c*, depth scales ξ_q, ξ_c and the edge of chaos of a deep net with this activation',
    builder: (c) =>
      c
        .positional('name', { type: 'string', demandOption: true })
        .option('initializer', { type: 'string', describe: 'kernel initializer giving σ_w² (default glorotUniform)' })
        .option('width', { type: 'string', describe: 'layer width for randomNormal/randomUniform (default 256)' })
        .option('weight-variance', { type: 'string', describe: 'σ_w² (overrides the initializer)' })
        .option('bias-variance', { type: 'string', describe: 'σ_b² (default 0: zero biases)' })
        .option('json', { type: 'boolean', default: false, describe: 'print the card as one JSON object' }),
    handler: async (args) => {
      await cardCommand(
        {
          name: args.name,
          json: args.json,
          initializer: args.initializer,
          width: args.width === undefined ? undefined : positiveInteger(args.width, '--width'),
          weightVariance: args.weightVariance === undefined ? undefined : parseNumber(args.weightVariance, '--weight-variance'),
          biasVariance: args.biasVariance === undefined ? undefined : parseNumber(args.biasVariance, '--bias-variance'),
        },
        io,
      );
    },
  });
  return { card };
}
