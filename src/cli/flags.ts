// What the command modules share when they declare their flags and read them: the backend flags,
// numbers that may be negative, and the typed shape of a command declaration.
import type { Argv, CommandModule } from 'yargs';
import { UsageError } from './usage-error.js';

/** Any command, whatever its flags: the list cli.ts hands to yargs holds commands of many shapes. */
// biome-ignore lint/suspicious/noExplicitAny: yargs' own typings need `any` to hold commands of different flag types in one list
export type AnyCommand = CommandModule<any, any>;

/**
 * One command as yargs takes it: its name and positionals, help line, flags (builder) and
 * handler. Written through command() so that the handler's arguments take their types from the
 * builder's flags.
 */
export function command<Flags>(declaration: CommandModule<object, Flags>): CommandModule<object, Flags> {
  return declaration;
}

/** The handler of a command that only groups subcommands: yargs runs the subcommand's. */
export function groupOnly(): void {}

export function withBackend<T>(y: Argv<T>) {
  return y
    .option('backend', { type: 'string', describe: 'node-gpu | node | wasm | cpu (default: the first that works; or ACTBENCH_BACKEND)' })
    .option('fused', {
      type: 'boolean',
      default: true,
      describe: 'use fused kernels where the registry picks them (--no-fused: composite tf ops only)',
    });
}

const MINUS_SIGN = '\u2212';

/**
 * "eval swish -2.5 -1e-8 -inf": a token that reads as a negative number is a value, never a flag,
 * but yargs would split "-1e-8" or "-inf" into short flags. Such tokens get a Unicode minus sign
 * before parsing, and parseNumber reads it back.
 */
export function protectNegativeNumbers(argv: readonly string[]): string[] {
  return argv.map((token) =>
    /^-(\d|\.\d|inf(inity)?$|nan$)/i.test(token) && parseNumberText(token) !== undefined ? MINUS_SIGN + token.slice(1) : token,
  );
}

/** The number a token spells, or undefined when it is not one; "nan" (any sign) is NaN, a number. */
function parseNumberText(text: string): number | undefined {
  const normalized = text.replace(MINUS_SIGN, '-').trim().toLowerCase();
  if (/^[+-]?(inf|infinity)$/.test(normalized)) return normalized.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/.test(normalized)) return NaN;
  const value = normalized === '' ? NaN : Number(normalized);
  return Number.isNaN(value) ? undefined : value;
}

export function parseNumber(text: string | number, flag: string): number {
  if (typeof text === 'number') return text;
  const value = parseNumberText(text);
  if (value === undefined) throw new UsageError(`${flag}: '${text}' is not a number`);
  return value;
}

/**
 * --size and --time are declared as strings: protectNegativeNumbers has already turned "-5" into
 * "\u22125", which yargs' own number parsing would report as NaN instead of the value typed.
 */
export function positiveInteger(raw: string | number, flag: string): number {
  const value = parseNumber(raw, flag);
  if (!Number.isInteger(value) || value <= 0)
    throw new UsageError(`${flag}: expected a positive integer, got ${String(raw).replace(MINUS_SIGN, '-')}`);
  return value;
}

/** --data-dir, else the ACTBENCH_DATA variable, for every command that reads original data files. */
export function dataDirFlag(given: string | undefined): string | undefined {
  return given ?? process.env['ACTBENCH_DATA'];
}
