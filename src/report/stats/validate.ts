// Input checks shared by the statistics functions: a NaN or infinite score reaching a rank or a
// test would give a meaningless answer without any sign, so they fail loudly instead.

/** Throws a RangeError naming the function and the index when a value is NaN. */
export function requireNoNaN(values: readonly number[], what: string): void {
  for (let index = 0; index < values.length; index++) {
    if (Number.isNaN(values[index])) throw new RangeError(`${what}: value at index ${index} is NaN`);
  }
}

/** Throws a RangeError naming the function and the index when a value is NaN or ±Infinity. */
export function requireFinite(values: readonly number[], what: string): void {
  for (let index = 0; index < values.length; index++) {
    if (!Number.isFinite(values[index])) {
      throw new RangeError(`${what}: value at index ${index} is ${values[index]}, expected a finite number`);
    }
  }
}
