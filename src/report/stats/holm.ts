// Holm–Bonferroni step-down adjustment of a family of p-values (Holm 1979): controls the
// family-wise error rate, as the report's "each activation against the reference" tests need.

/** Holm–Bonferroni adjusted p-values, same order as given, capped at 1, monotone; NaN stays NaN and is not counted. */
export function holmAdjust(pValues: readonly number[]): number[] {
  const adjusted = pValues.map(() => NaN);
  const tested = pValues.map((p, index) => ({ p, index })).filter(({ p }) => !Number.isNaN(p));
  for (const { p, index } of tested) {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`holmAdjust: p-value at index ${index} is ${p}, not in [0, 1]`);
  }
  tested.sort((a, b) => a.p - b.p);
  const m = tested.length;
  let runningMax = 0;
  tested.forEach(({ p, index }, step) => {
    runningMax = Math.max(runningMax, Math.min(1, (m - step) * p));
    adjusted[index] = runningMax;
  });
  return adjusted;
}
