// Bad input on the command line, and the words that make yargs' own complaints one clear line.
import { existsSync, statSync } from 'node:fs';
import { closestNames } from '../util/suggest.js';
import { InputError } from '../util/input-error.js';

/** Bad input on the command line: reported as one line with exit code 2. */
export class UsageError extends InputError {
  override name = 'UsageError';
}

/**
 * yargs' "Unknown arguments: dat-dir, datDir, epoch" with a suggestion per flag, from the
 * command's own flags. yargs lists the camelCase twin of each hyphenated name; those are dropped.
 */
export function unknownFlagsMessage(message: string, knownFlags: readonly string[]): string {
  // recommendCommands' own words name only the suggestion.
  if (/^Did you mean .*\?$/.test(message)) return `unknown command; d${message.slice(1)}`;
  const match = /^Unknown arguments?: (.*)$/.exec(message);
  if (!match) return message;
  const given = match[1]!.split(', ');
  const hyphenated = new Set(
    given.filter((name) => name.includes('-')).map((name) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())),
  );
  const flags = given.filter((name) => !hyphenated.has(name));
  const described = flags.map((name) => {
    const dashes = name.length === 1 ? '-' : '--';
    const close = closestNames(
      name,
      knownFlags.filter((flag) => flag.length > 1),
    );
    return `${dashes}${name}${close.length > 0 ? ` (did you mean ${close.map((flag) => `--${flag}`).join(', ')}?)` : ''}`;
  });
  return `unknown ${flags.length === 1 ? 'flag' : 'flags'} ${described.join(', ')}; see --help`;
}

/** A folder flag (--out) that names an existing file: refused before anything is written. */
export function checkFolderFlag(flag: string, value: unknown): void {
  if (typeof value !== 'string' || !existsSync(value)) return;
  if (!statSync(value).isDirectory()) throw new UsageError(`${flag} ${value}: is a file; expected a folder (created when missing)`);
}
