// Running the command line for tests: in this process (runCli, with its output collected), for
// tests of parsing, errors and help; or from the sources in a child process, as a user would, for
// the end-to-end ones; and reading back the CSV and the text tables it writes.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { packageRoot } from '../util/package-root.js';

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `actbench ARGS` run in this process: what it writes and the exit code it returns, without the
 * second or so a child process spends starting tsx and loading TensorFlow.js. The environment is
 * this process's, but errors stay one line whatever ACTBENCH_DEBUG says; progress lines, which go
 * straight to process.stderr, are not in `stderr`.
 */
export async function runActbenchHere(args: readonly string[]): Promise<CliRun> {
  // On demand: the report tests read CSV through this module without loading every command.
  const { runCli } = await import('./cli.js');
  let stdout = '';
  let stderr = '';
  const status = await runCli(args, { out: (text) => (stdout += text), err: (text) => (stderr += text) }, false);
  return { status, stdout, stderr };
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

/** Splits an aligned text table (header, dashes, rows) into header → cell records using the dash runs. */
export function parseTextTable(text: string): { headers: string[]; rows: Record<string, string>[] } {
  const lines = text.split('\n');
  const ruleAt = lines.findIndex((line) => /^-+( +-+)*$/.test(line));
  assert.ok(ruleAt > 0, `no table in:\n${text}`);
  const spans = [...lines[ruleAt]!.matchAll(/-+/g)].map((m) => [m.index, m.index + m[0].length] as const);
  const cut = (line: string): string[] => spans.map(([from, to], i) => line.slice(from, i === spans.length - 1 ? undefined : to).trim());
  const headers = cut(lines[ruleAt - 1]!);
  const body: string[] = [];
  for (const line of lines.slice(ruleAt + 1)) {
    if (line.trim() === '') break;
    body.push(line);
  }
  return { headers, rows: body.map((line) => Object.fromEntries(cut(line).map((cell, i) => [headers[i]!, cell]))) };
}
