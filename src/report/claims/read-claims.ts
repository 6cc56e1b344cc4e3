// Reads and validates a claims file (YAML or JSON). Everything in it is data: a kind from a fixed
// list and its parameters. A mistake is one line naming the file and the field.
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { CLAIM_KINDS, type Claim, type ClaimScope, type ClaimSide, type ClaimsFile, type PaperStudy } from './claim-types.js';
import { InputError } from '../../util/input-error.js';

export class ClaimsFileError extends InputError {
  override name = 'ClaimsFileError';
}

type Fields = Record<string, unknown>;

const isRecord = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const show = (value: unknown): string => (typeof value === 'string' ? `'${value}'` : (JSON.stringify(value) ?? String(value)));

/** Reads fields of one mapping, failing with `where.field` on the first problem. */
class FieldReader {
  constructor(
    private readonly file: string,
    private readonly where: string,
    private readonly fields: Fields,
    allowed: readonly string[],
  ) {
    for (const key of Object.keys(fields)) if (!allowed.includes(key)) this.fail(key, `unknown field; expected ${allowed.join(', ')}`);
  }

  fail(field: string, message: string): never {
    throw new ClaimsFileError(`${this.file}: ${this.where ? `${this.where}.` : ''}${field}: ${message}`);
  }

  string(field: string, optional = false): string {
    const value = this.fields[field];
    if (value === undefined && optional) return '';
    if (typeof value !== 'string' || value.trim() === '') this.fail(field, `expected text, got ${show(value)}`);
    return value;
  }

  oneOf<T extends string>(field: string, choices: readonly T[]): T {
    const value = this.fields[field];
    if (!choices.includes(value as T)) this.fail(field, `${show(value)} is not one of ${choices.join(', ')}`);
    return value as T;
  }

  number(field: string, check: (value: number) => boolean, expected: string, optional = false): number | undefined {
    const value = this.fields[field];
    if (value === undefined && optional) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value) || !check(value)) this.fail(field, `expected ${expected}, got ${show(value)}`);
    return value;
  }

  strings(field: string): string[] {
    const value = this.fields[field];
    if (!Array.isArray(value) || value.length === 0 || !value.every((item) => typeof item === 'string' && item !== ''))
      this.fail(field, `expected a non-empty list of names, got ${show(value)}`);
    return value as string[];
  }

  mapping(field: string, optional = false): Fields | undefined {
    const value = this.fields[field];
    if (value === undefined && optional) return undefined;
    if (!isRecord(value)) this.fail(field, `expected a mapping, got ${show(value)}`);
    return value;
  }

  child(field: string, allowed: readonly string[], optional = false): FieldReader | undefined {
    const value = this.mapping(field, optional);
    return value === undefined ? undefined : new FieldReader(this.file, this.where ? `${this.where}.${field}` : field, value, allowed);
  }
}

const COMMON = ['id', 'text', 'source', 'kind', 'scope'];
const FIELDS: Record<Claim['kind'], readonly string[]> = {
  'top3-frequency': [...COMMON, 'measure', 'activations', 'within'],
  'rank-position': [...COMMON, 'measure', 'activation', 'position', 'within'],
  'rankings-differ': [...COMMON, 'below'],
  difference: [...COMMON, 'measure', 'a', 'b', 'expected', 'tolerance'],
  interaction: [...COMMON, 'measure', 'a', 'b', 'c', 'd', 'expected', 'tolerance'],
};
const MEASURES = ['best', 'mean'] as const;
const positiveInteger = (value: number) => Number.isInteger(value) && value >= 1;

function readSide(reader: FieldReader, field: 'a' | 'b' | 'c' | 'd'): ClaimSide {
  const side = reader.child(field, ['activation', 'task', 'settings'])!;
  const settings = side.mapping('settings', true);
  if (settings) {
    for (const [key, value] of Object.entries(settings)) {
      if (!['string', 'number', 'boolean'].includes(typeof value))
        side.fail(`settings.${key}`, `expected a text, number or true/false, got ${show(value)}`);
    }
  }
  return {
    activation: side.string('activation'),
    task: side.string('task'),
    ...(settings ? { settings: settings as ClaimSide['settings'] } : {}),
  };
}

function readClaim(file: string, raw: unknown, index: number): Claim {
  if (!isRecord(raw)) throw new ClaimsFileError(`${file}: claims[${index}]: expected a mapping, got ${show(raw)}`);
  const kind = new FieldReader(file, `claims[${index}]`, raw, Object.keys(raw)).oneOf('kind', CLAIM_KINDS);
  const reader = new FieldReader(file, `claims[${index}]`, raw, FIELDS[kind]);
  const scopeReader = reader.child('scope', ['tasks'], true);
  const scope: ClaimScope | undefined = scopeReader ? { tasks: scopeReader.strings('tasks') } : undefined;
  const source = reader.string('source', true);
  const base = { id: reader.string('id'), text: reader.string('text'), ...(source ? { source } : {}), ...(scope ? { scope } : {}) };
  switch (kind) {
    case 'top3-frequency':
      return {
        ...base,
        kind,
        measure: reader.oneOf('measure', MEASURES),
        activations: reader.strings('activations'),
        within: reader.number('within', positiveInteger, 'a positive integer')!,
      };
    case 'rank-position':
      return {
        ...base,
        kind,
        measure: reader.oneOf('measure', MEASURES),
        activation: reader.string('activation'),
        position: reader.oneOf('position', ['top', 'bottom'] as const),
        within: reader.number('within', positiveInteger, 'a positive integer')!,
      };
    case 'rankings-differ':
      return { ...base, kind, below: reader.number('below', (v) => v > -1 && v <= 1, 'a correlation in (−1, 1]')! };
    case 'difference':
    case 'interaction': {
      const expected = reader.number('expected', () => true, 'a number (a score difference, 0.02 = 2 points)', true);
      const tolerance = reader.number('tolerance', (v) => v > 0, 'a positive number', true);
      if (tolerance !== undefined && expected === undefined) reader.fail('tolerance', 'needs expected');
      const size = { ...(expected !== undefined ? { expected } : {}), ...(tolerance !== undefined ? { tolerance } : {}) };
      const pair = { measure: reader.oneOf('measure', MEASURES), a: readSide(reader, 'a'), b: readSide(reader, 'b') };
      if (kind === 'difference') return { ...base, kind, ...pair, ...size };
      return { ...base, kind, ...pair, c: readSide(reader, 'c'), d: readSide(reader, 'd'), ...size };
    }
  }
}

const PAPER_FIELDS = [
  'activations',
  'configurations',
  'repeats',
  'miniExperiments',
  'runs',
  'backend',
  'datasets',
  'optimizerRules',
  'substitutions',
];

function readPaper(reader: FieldReader): PaperStudy | undefined {
  const paper = reader.child('paper', PAPER_FIELDS, true);
  if (!paper) return undefined;
  const count = (field: string) => paper.number(field, positiveInteger, 'a positive integer')!;
  return {
    activations: count('activations'),
    configurations: count('configurations'),
    repeats: count('repeats'),
    miniExperiments: count('miniExperiments'),
    runs: count('runs'),
    backend: paper.string('backend'),
    datasets: paper.strings('datasets'),
    optimizerRules: paper.oneOf('optimizerRules', ['keras2', 'tfjs'] as const),
    substitutions: paper.strings('substitutions'),
  };
}

/** Validates parsed claims-file content; `file` names it in errors. */
export function validateClaimsFile(content: unknown, file: string): ClaimsFile {
  if (!isRecord(content)) throw new ClaimsFileError(`${file}: expected a mapping with title, confidence and claims`);
  const reader = new FieldReader(file, '', content, ['title', 'confidence', 'paper', 'claims']);
  const claimsRaw = content['claims'];
  if (!Array.isArray(claimsRaw) || claimsRaw.length === 0)
    return reader.fail('claims', `expected a non-empty list, got ${show(claimsRaw)}`);
  const claims = claimsRaw.map((raw: unknown, index) => readClaim(file, raw, index));
  const seen = new Set<string>();
  claims.forEach((claim, index) => {
    if (seen.has(claim.id)) throw new ClaimsFileError(`${file}: claims[${index}].id: '${claim.id}' is used twice`);
    seen.add(claim.id);
  });
  const paper = readPaper(reader);
  return {
    title: reader.string('title'),
    confidence: reader.number('confidence', (v) => v > 0.5 && v < 1, 'a probability between 0.5 and 1')!,
    ...(paper ? { paper } : {}),
    claims,
  };
}

export async function readClaimsFile(file: string): Promise<ClaimsFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ClaimsFileError(`${file}: cannot read the claims file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let content: unknown;
  try {
    content = parse(text);
  } catch (error) {
    throw new ClaimsFileError(`${file}: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  return validateClaimsFile(content, file);
}
