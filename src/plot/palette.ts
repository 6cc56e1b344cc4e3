// Okabe & Ito (2008) colour-blind-safe palette, reordered so that the first colours contrast most
// with each other and with a white background; yellow comes last because it is faint on white.
export const PALETTE: readonly string[] = [
  '#0072B2', // blue
  '#D55E00', // vermillion
  '#009E73', // bluish green
  '#CC79A7', // reddish purple
  '#E69F00', // orange
  '#56B4E9', // sky blue
  '#000000', // black
  '#F0E442', // yellow
];

/** Dash patterns cycled alongside colours so series stay distinguishable in greyscale print. */
export const DASHES: readonly (string | undefined)[] = [undefined, '6 4', '2 3', '8 3 2 3'];

export function seriesColor(i: number): string {
  return PALETTE[i % PALETTE.length] ?? '#000000';
}

export function seriesDash(i: number): string | undefined {
  // Only after the colours run out: solid lines read best, and colour already separates them.
  return DASHES[Math.floor(i / PALETTE.length) % DASHES.length];
}

export const INK = '#222222';
export const MUTED = '#555555';
export const GRID = '#e4e4e4';
export const ZERO_LINE = '#9a9a9a';
