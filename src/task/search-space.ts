// Declarative hyperparameter search spaces and seeded sampling from them. A task declares its
// space as data; the runner samples configurations once per mini-experiment from the study seed.

export type ParamValue = string | number | boolean;
export type HParams = Record<string, ParamValue>;

export type ParamSpec =
  /**
   * One of `values`, drawn uniformly. `alternatives` are accepted where a value is given (fixed,
   * --set, a narrowed space) but never drawn from the full space: the optimizers under tfjs's
   * rules beside Keras 2's, which E18's spaces sample.
   */
  | { kind: 'choice'; values: readonly ParamValue[]; alternatives?: readonly ParamValue[] }
  /** Integer in [min, max]; log: uniform in log space (sizes). */
  | { kind: 'int'; min: number; max: number; log?: boolean }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'log-uniform'; min: number; max: number }
  /** A factor on the optimizer's default learning rate, log-uniform in [min, max]. */
  | { kind: 'lr-factor'; min: number; max: number }
  /**
   * An increasing list of fractions in (0, 1), written '0.3,0.6,0.8' (a step schedule's
   * milestones). Only in a task's recipeSpace: it is fixed or set, never sampled.
   */
  | { kind: 'fractions' };

export type SearchSpace = Record<string, ParamSpec>;

function sampleOne(spec: ParamSpec, random: () => number): ParamValue {
  switch (spec.kind) {
    case 'choice':
      return spec.values[Math.floor(random() * spec.values.length)]!;
    case 'int': {
      if (spec.log)
        return Math.min(spec.max, Math.floor(Math.exp(Math.log(spec.min) + random() * (Math.log(spec.max + 1) - Math.log(spec.min)))));
      return spec.min + Math.floor(random() * (spec.max - spec.min + 1));
    }
    case 'uniform':
      return spec.min + random() * (spec.max - spec.min);
    case 'log-uniform':
    case 'lr-factor':
      return Math.exp(Math.log(spec.min) + random() * (Math.log(spec.max) - Math.log(spec.min)));
    case 'fractions':
      throw new Error("a fractions hyperparameter is never sampled: declare it in the task's recipeSpace, not its searchSpace");
  }
}

/** The fractions of a 'fractions' value ('0.3,0.6,0.8'), or a one-line reason it is not one. */
export function parseFractions(value: ParamValue): number[] | string {
  const text = String(value).trim();
  const parts = text.split(',').map((part) => part.trim());
  const numbers = parts.map(Number);
  if (text === '' || parts.some((part) => part === '') || !numbers.every((n) => Number.isFinite(n) && n > 0 && n < 1)) {
    return `'${text}' is not a comma-separated list of fractions in (0, 1), e.g. 0.3,0.6,0.8`;
  }
  if (!numbers.every((n, i) => i === 0 || n > numbers[i - 1]!)) return `'${text}' must increase`;
  return numbers;
}

/** One configuration; keys in sorted order so the draw does not depend on declaration order. */
export function sampleConfiguration(space: SearchSpace, random: () => number): HParams {
  const config: HParams = {};
  for (const key of Object.keys(space).sort()) config[key] = sampleOne(space[key]!, random);
  return config;
}

/** The values a choice accepts when given: the drawn ones, then the alternatives. */
export function acceptedValues(spec: Extract<ParamSpec, { kind: 'choice' }>): readonly ParamValue[] {
  return spec.alternatives ? [...spec.values, ...spec.alternatives] : spec.values;
}

/** Checks a value against its spec; returns an error message or undefined. */
export function checkParam(name: string, spec: ParamSpec, value: ParamValue): string | undefined {
  if (spec.kind === 'choice')
    return acceptedValues(spec).includes(value) ? undefined : `${name}=${String(value)} is not one of ${acceptedValues(spec).join(', ')}`;
  if (spec.kind === 'fractions') {
    const parsed =
      typeof value === 'string'
        ? parseFractions(value)
        : `'${String(value)}' is not a comma-separated list of fractions in (0, 1), e.g. 0.3,0.6,0.8`;
    return typeof parsed === 'string' ? `${name}=${parsed}` : undefined;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${name}=${String(value)} is not a number`;
  if (spec.kind === 'int' && !Number.isInteger(value)) return `${name}=${value} is not an integer`;
  if (value < spec.min || value > spec.max) return `${name}=${value} is outside [${spec.min}, ${spec.max}]`;
  return undefined;
}

/**
 * Parses `k=v` overrides (from --set) against the space: numbers for numeric params, the
 * declared values for choices. Unknown names and bad values are errors naming the valid ones.
 */
export function parseOverrides(space: SearchSpace, pairs: string[]): HParams {
  const result: HParams = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`--set ${pair}: expected name=value`);
    const name = pair.slice(0, eq);
    const text = pair.slice(eq + 1);
    const spec = space[name];
    if (!spec) throw new Error(`--set ${pair}: unknown hyperparameter '${name}'; valid: ${Object.keys(space).sort().join(', ')}`);
    let value: ParamValue = text;
    if (spec.kind === 'choice') {
      const match = acceptedValues(spec).find((v) => String(v) === text);
      if (match === undefined) throw new Error(`--set ${pair}: ${name} must be one of ${acceptedValues(spec).join(', ')}`);
      value = match;
    } else if (spec.kind === 'fractions') {
      value = text;
    } else {
      value = Number(text);
    }
    const problem = checkParam(name, spec, value);
    if (problem) throw new Error(`--set ${pair}: ${problem}`);
    result[name] = value;
  }
  return result;
}
