// The "beside PyTorch" table of `actbench bench`: per activation the picked variant's
// forward+backward ns/element, PyTorch's, their ratio, and the copy floors of both as the first row.
import { renderMarkdown, renderText, type Column } from '../output/table.js';
import type { TorchComparison, TorchComparisonRow } from './activation-torch.js';

type Measured = Extract<TorchComparison, { state: 'measured' }>;

function fixed(value: number | undefined, digits: number): string {
  return value !== undefined && Number.isFinite(value) ? value.toFixed(digits) : '—';
}

const COLUMNS: Column<TorchComparisonRow>[] = [
  { header: 'activation', value: (r) => r.activation },
  { header: 'variant', value: (r) => r.variant },
  { header: 'actbench f+b', value: (r) => fixed(r.ours.nsPerElement, 2), numeric: true },
  { header: 'PyTorch f+b', value: (r) => fixed(r.torch?.forwardBackward.nsPerElement, 2), numeric: true },
  { header: '× PyTorch', value: (r) => fixed(r.ratio, 2), numeric: true },
  { header: 'median ×', value: (r) => fixed(r.medianRatio, 2), numeric: true },
  { header: 'PyTorch expression', value: (r) => r.torch?.expression ?? `— (${r.unsupported})` },
];

/** The copy floors as a row of the same table, so both floors sit beside the activations. */
function copyRow(comparison: Measured): TorchComparisonRow {
  const { ours, torch, ratio } = comparison.copy;
  return {
    activation: 'copy',
    variant: 'floor',
    ours,
    torch: { expression: 'copy of x forward, of dy backward (clone in a custom autograd Function)', forwardBackward: torch },
    ratio,
    medianRatio: ours.medianNsPerElement / torch.medianNsPerElement,
  };
}

function heading(comparison: TorchComparison): string {
  if (comparison.state !== 'measured') return `PyTorch: not measured (${comparison.reason})`;
  return [
    `beside PyTorch ${comparison.version} (${comparison.threads} thread${comparison.threads === 1 ? '' : 's'}, Python ${comparison.python}), same size, in this run:`,
    'forward+backward ns/elem of the picked variant and of PyTorch, fastest calls on both sides; × = actbench ÷ PyTorch (below 1: actbench is faster)',
  ].join('\n');
}

export function renderTorchComparisonText(comparison: TorchComparison): string {
  if (comparison.state !== 'measured') return `${heading(comparison)}\n`;
  return `${heading(comparison)}\n\n${renderText(COLUMNS, [copyRow(comparison), ...comparison.rows])}`;
}

export function renderTorchComparisonMarkdown(comparison: TorchComparison): string {
  if (comparison.state !== 'measured') return `${heading(comparison)}\n`;
  return `${heading(comparison).replaceAll('\n', '  \n')}\n\n${renderMarkdown(COLUMNS, [copyRow(comparison), ...comparison.rows])}`;
}
