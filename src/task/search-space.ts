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
  | { kind: 'lr-factor'; min: number; max: number };

export type SearchSpace = Record<string, ParamSpec>;

function sampleOne(spec: ParamSpec, random: () => number): ParamValue {
  switch (spec.kind) {
    case 'choice':
      return spec.values[Math.floor(random() * spec.values.length)]!;
    case 'int': {
      if (spec.log) return Math.min(spec.max, Math.floor(Math.exp(Math.log(spec.min) + random() * (Math.log(spec.max + 1) - Math.log(spec.min)))));
      return spec.min + Math.floor(random() * (spec.max - spec.min + 1));
    }
    case 'uniform':
      return spec.min + random() * (spec.max - spec.min);
    case 'log-uniform':
    case 'lr-factor':
      return Math.exp(Math.log(spec.min) + random() * (Math.log(spec.max) - Math.log(spec.min)));
  }
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
  if (spec.kind === 'choice') return acceptedValues(spec).includes(value) ? undefined : `${name}=${String(value)} is not one of ${acceptedValues(spec).join(', ')}`;
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
    } else {
      value = Number(text);
    }
    const problem = checkParam(name, spec, value);
    if (problem) throw new Error(`--set ${pair}: ${problem}`);
    result[name] = value;
  }
  return result;
}
