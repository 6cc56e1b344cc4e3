// Running the command line from the sources in a child process, as a user would, for tests that
// pin exit codes and the one-line errors; and reading back the CSV it writes.
import { spawn } from 'node:child_process';
import { packageRoot } from '../util/package-root.js';

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `actbench ARGS` under tsx, from the project folder (or another copy of the project). Asynchronous (spawnSync would serialise the
 * runs) so a test can overlap several. ACTBENCH_DEBUG is cleared so errors stay one line.
 */
export function runActbench(args: readonly string[], env: Record<string, string> = {}, project: string = packageRoot()): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: project,
      env: { ...process.env, ACTBENCH_DEBUG: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** RFC 4180 reader: quoted fields may hold commas, quotes (doubled) and newlines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
