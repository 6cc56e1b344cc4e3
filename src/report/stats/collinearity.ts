// Finds design columns that are linear combinations of earlier ones, so that a regression can
// refuse (or a design can drop) them instead of returning a minimum-norm answer that looks like
// an estimate. Modified Gram–Schmidt, orthogonalised twice for numerical safety.

/** A residual below this fraction of the column's own length counts as "in the span of the earlier columns". */
const RELATIVE_TOLERANCE = 1e-9;

/**
 * Indexes (ascending) of the columns that lie in the span of the columns before them. Each
 * column is given as its values over the observations; a column of zeros is always dependent.
 */
export function dependentColumns(columns: readonly (readonly number[])[]): number[] {
  const basis: number[][] = [];
  const dependent: number[] = [];
  columns.forEach((column, index) => {
    const residual = [...column];
    const length = norm(residual);
    for (let pass = 0; pass < 2; pass++) {
      for (const unit of basis) {
        const projection = dot(residual, unit);
        for (let row = 0; row < residual.length; row++) residual[row]! -= projection * unit[row]!;
      }
    }
    const remaining = norm(residual);
    if (length === 0 || remaining <= RELATIVE_TOLERANCE * length) {
      dependent.push(index);
      return;
    }
    basis.push(residual.map((value) => value / remaining));
  });
  return dependent;
}

function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let index = 0; index < a.length; index++) sum += a[index]! * b[index]!;
  return sum;
}

function norm(values: readonly number[]): number {
  return Math.sqrt(dot(values, values));
}
