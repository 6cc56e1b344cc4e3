// How a generated script (a Slurm batch script) starts this very installation of actbench: the
// absolute path of the node binary running now, its loader flags (tsx, when actbench runs from
// source), and the absolute path of the command line's entry file. Nothing depends on the PATH,
// the current folder or an `npx` shim on the machine where the script runs, only on the same
// paths being there (a shared file system, as a Slurm cluster has).
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

/** Loader specifiers that name tsx by package name, resolvable only from the project folder. */
const TSX_SPECIFIERS = new Set(['tsx', 'tsx/esm']);
/** Flags of this process that must not follow it to another machine or process. */
const LOCAL_ONLY_FLAG = /^--(inspect|debug|test|watch)/;

/** tsx's loader as a file URL, which `--import` resolves from anywhere. */
export function tsxLoaderUrl(): string {
  return pathToFileURL(require.resolve('tsx')).href;
}

/**
 * Node's flags of this process, with a bare `tsx` loader made absolute, plus the tsx loader when
 * this module runs from source without one (started by the tsx command, say).
 */
export function nodeFlags(execArgv: readonly string[] = process.execArgv, fromSource = import.meta.url.endsWith('.ts')): string[] {
  const flags: string[] = [];
  let hasLoader = false;
  for (let index = 0; index < execArgv.length; index++) {
    const flag = execArgv[index]!;
    if (LOCAL_ONLY_FLAG.test(flag)) continue;
    const joined = /^--(import|loader|experimental-loader)=(.*)$/.exec(flag);
    if (joined) {
      const specifier = joined[2]!;
      hasLoader ||= specifier.includes('tsx');
      flags.push(`--${joined[1]}=${TSX_SPECIFIERS.has(specifier) ? tsxLoaderUrl() : specifier}`);
    } else if (/^--(import|loader|experimental-loader)$/.test(flag) && index + 1 < execArgv.length) {
      const specifier = execArgv[++index]!;
      hasLoader ||= specifier.includes('tsx');
      flags.push(flag, TSX_SPECIFIERS.has(specifier) ? tsxLoaderUrl() : specifier);
    } else flags.push(flag);
  }
  if (fromSource && !hasLoader) flags.push('--import', tsxLoaderUrl());
  return flags;
}

/** The command line that runs this installation's actbench: node, its flags, the entry file. */
export function actbenchCommand(): string[] {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = fileURLToPath(new URL(fromSource ? '../cli/main.ts' : '../cli/main.js', import.meta.url));
  return [process.execPath, ...nodeFlags(process.execArgv, fromSource), entry];
}

/** One word for a POSIX shell: as it is when it holds only safe characters, else single-quoted. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
