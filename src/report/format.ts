// How report values read on a page (Markdown, HTML, compare comments). CSV keeps full precision;
// these are for people. A value that does not exist prints as an em dash, never as 0 or NaN.

export const MISSING = '—';

/** The kinds of value a report table holds; each has its own display precision. */
export type ValueKind = 'text' | 'score' | 'delta' | 'rank' | 'count' | 'p' | 'statistic';

export function isPresent(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Scores are fractions (accuracy, F1): four decimals resolve a hundredth of a percentage point. */
export function formatScore(value: number | null | undefined): string {
  return isPresent(value) ? value.toFixed(4) : MISSING;
}

/** A signed difference of scores. */
export function formatDelta(value: number | null | undefined): string {
  if (!isPresent(value)) return MISSING;
  const text = Math.abs(value).toFixed(4);
  // A difference that rounds to zero shows no sign, whichever side of zero it was.
  if (text === (0).toFixed(4)) return text;
  return value > 0 ? `+${text}` : `−${text}`;
}

export function formatRank(value: number | null | undefined): string {
  return isPresent(value) ? (Number.isInteger(value) ? String(value) : value.toFixed(2)) : MISSING;
}

export function formatP(value: number | null | undefined): string {
  if (!isPresent(value)) return MISSING;
  if (value < 0.001) return '<0.001';
  return value.toFixed(3);
}

/** Test statistics and regression coefficients: four significant digits. */
export function formatStatistic(value: number | null | undefined): string {
  if (!isPresent(value)) return MISSING;
  if (value === 0) return '0';
  const abs = Math.abs(value);
  const text =
    abs >= 1e5 || abs < 1e-3
      ? value.toExponential(3)
      : value
          .toPrecision(4)
          .replace(/(\.\d*?)0+$/, '$1')
          .replace(/\.$/, '');
  return text.replace(/^-/, '−');
}

export function formatValue(value: string | number | null | undefined, kind: ValueKind): string {
  if (typeof value === 'string') return value === '' ? MISSING : value;
  switch (kind) {
    case 'score':
      return formatScore(value);
    case 'delta':
      return formatDelta(value);
    case 'rank':
      return formatRank(value);
    case 'count':
      return isPresent(value) ? String(value) : MISSING;
    case 'p':
      return formatP(value);
    case 'statistic':
      return formatStatistic(value);
    case 'text':
      return value === null || value === undefined ? MISSING : String(value);
  }
}
