// The command line as a user meets it: exit status, stdout and stderr. Most tests run it in this
// process (runCli), which parses, fails and prints exactly as the bin does without the 1–2 s of
// CPU a child process costs (tsx + tfjs load). The end-to-end ones start src/cli/main.ts in a
// child process, to pin what only a process shows (the environment read at start, progress on
// the real stderr, the exit code) and so that the two long benchmarks run side by side on two
// cores. ACTBENCH_BACKEND=cpu keeps every run on the same, always present backend.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseXml } from '../plot/xml-parse-test-support.js';
import { parseCsv, parseTextTable, runActbench, runActbenchHere, type CliRun } from './cli-test-support.js';

type Run = CliRun;

// The in-process runs read this process's environment.
process.env['ACTBENCH_BACKEND'] = 'cpu';

const actbench = (args: string[]): Promise<Run> => runActbenchHere(args);
const actbenchProcess = (args: string[], env: Record<string, string> = {}): Promise<Run> =>
  runActbench(args, { ACTBENCH_BACKEND: 'cpu', ...env });

function show(run: Run): string {
  return `exit ${run.status}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
}

/** A usage error: exit 2, nothing on stdout, exactly one "actbench: …" line on stderr; returns that line. */
function assertUsageError(run: Run): string {
  assert.equal(run.status, 2, show(run));
  assert.equal(run.stdout, '', show(run));
  const lines = run.stderr.split('\n').filter((line) => line !== '');
  assert.equal(lines.length, 1, `expected one line on stderr:\n${show(run)}`);
  assert.match(lines[0]!, /^actbench: /);
  return lines[0]!;
}

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'actbench-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// The 21 activations of Eger, Youssef & Gurevych (2018), and activations added beyond the study.
const STUDY21 = [
  'arctid',
  'cosid',
  'cube',
  'elu',
  'linear',
  'lrelu-0.01',
  'lrelu-0.30',
  'maxout-2',
  'maxout-3',
  'maxout-4',
  'maxsig',
  'maxtanh',
  'minsin',
  'penalized-tanh',
  'prelu',
  'relu',
  'selu',
  'sigmoid',
  'sin',
  'swish',
  'tanh',
];
const EXTRAS = ['celu', 'gelu', 'gelu-tanh', 'hard-sigmoid', 'hard-swish', 'mish', 'relu6', 'silu', 'softplus', 'softsign', 'swish-beta'];

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const swish = (x: number): number => x * sigmoid(x);
const swishDerivative = (x: number): number => sigmoid(x) * (1 + x * (1 - sigmoid(x)));

interface Listed {
  name: string;
  aliases: string[];
  formula: string;
  family: string;
  properties: Record<string, boolean>;
  source: string;
  kind: 'elementwise' | 'layer';
  inStudy: boolean;
  elementwiseAtInit?: boolean;
}

// The JSON listing also tells the plot test which activations have curves, so it is run once.
let listedJson: Promise<Listed[]> | undefined;
function listJson(): Promise<Listed[]> {
  listedJson ??= actbench(['activations', '--json']).then((run) => {
    assert.equal(run.status, 0, show(run));
    // JSON.parse of the whole of stdout: a stray log line would make this throw.
    return JSON.parse(run.stdout) as Listed[];
  });
  return listedJson;
}

// One at a time: the in-process runs share this process's TensorFlow.js backend.
describe('actbench command line', () => {
  test('activations: a table with every study activation marked E18 and the extras unmarked', async () => {
    const run = await actbench(['activations']);
    assert.equal(run.status, 0, show(run));
    const { headers, rows } = parseTextTable(run.stdout);
    assert.deepEqual(headers.slice(0, 2), ['name', 'study']);
    for (const header of ['kind', 'family', 'formula', 'properties', 'aliases'])
      assert.ok(headers.includes(header), `column ${header} in ${headers.join(', ')}`);
    const study = new Map(rows.map((row) => [row['name']!, row['study']!]));
    for (const name of STUDY21) assert.equal(study.get(name), 'E18', `${name} should be listed as E18`);
    for (const name of EXTRAS) assert.equal(study.get(name), '', `${name} should be listed without E18`);
    assert.equal(rows.filter((row) => row['study'] === 'E18').length, 21);
    assert.match(run.stdout, /\n\d+ activations \(21 from the E18 study\); groups: study21, all, elementwise\n$/);
  });

  test('activations --json: stdout is only a JSON array describing every activation', async () => {
    const list = await listJson();
    assert.ok(Array.isArray(list));
    const names = list.map((a) => a.name);
    for (const name of [...STUDY21, ...EXTRAS]) assert.ok(names.includes(name), `${name} in --json`);
    assert.deepEqual(
      list
        .filter((a) => a.inStudy)
        .map((a) => a.name)
        .sort(),
      [...STUDY21].sort(),
    );
    for (const a of list) {
      assert.equal(typeof a.name, 'string');
      assert.ok(Array.isArray(a.aliases) && a.aliases.every((alias) => typeof alias === 'string'), `${a.name}.aliases`);
      assert.ok(typeof a.formula === 'string' && a.formula.length > 0, `${a.name}.formula`);
      assert.ok(typeof a.family === 'string' && a.family.length > 0, `${a.name}.family`);
      assert.ok(typeof a.source === 'string' && a.source.length > 0, `${a.name}.source`);
      assert.ok(a.kind === 'elementwise' || a.kind === 'layer', `${a.name}.kind`);
      assert.deepEqual(Object.keys(a.properties).sort(), [
        'boundedAbove',
        'boundedBelow',
        'monotonic',
        'saturating',
        'smooth',
        'zeroAtZero',
      ]);
      for (const value of Object.values(a.properties)) assert.equal(typeof value, 'boolean');
    }
    assert.equal(list.find((a) => a.name === 'maxout-3')?.kind, 'layer');
  });

  test("activations eval swish -2.5 0 3: f and f' of x·σ(x) on the requested backend, negative numbers as plain arguments", async () => {
    const run = await actbench(['activations', 'eval', 'swish', '-2.5', '0', '3']);
    assert.equal(run.status, 0, show(run));
    assert.match(run.stderr, /^backend: cpu \(@tensorflow\/tfjs-backend-cpu[^\n]*; swish \((simd|fused|composite)\)\n$/);
    const { headers, rows } = parseTextTable(run.stdout);
    assert.deepEqual(headers, ['x', 'f(x)', "f'(x)"]);
    assert.deepEqual(
      rows.map((row) => Number(row['x'])),
      [-2.5, 0, 3],
    );
    for (const row of rows) {
      const x = Number(row['x']);
      assert.ok(Math.abs(Number(row['f(x)']) - swish(x)) < 1e-6, `f(${x}) = ${row['f(x)']}, expected ${swish(x)}`);
      assert.ok(Math.abs(Number(row["f'(x)"]) - swishDerivative(x)) < 1e-6, `f'(${x}) = ${row["f'(x)"]}, expected ${swishDerivative(x)}`);
    }
  });

  test('activations eval --json: [{x, f, df}] with NaN and ±Infinity written as strings, never null', async () => {
    // "-nan", "-inf" and "-1e-8" would be read as short flags without the CLI's negative-number protection.
    const run = await actbench(['activations', 'eval', 'swish', '--json', 'nan', 'inf', '-inf', '-1e-8', '-nan']);
    assert.equal(run.status, 0, show(run));
    assert.match(run.stderr, /^backend: cpu /);
    const rows = JSON.parse(run.stdout) as { x: number | string; f: number | string; df: number | string }[];
    assert.deepEqual(
      rows.map((r) => r.x),
      ['NaN', 'Infinity', '-Infinity', -1e-8, 'NaN'],
    );
    for (const row of rows) {
      assert.deepEqual(Object.keys(row), ['x', 'f', 'df']);
      for (const value of Object.values(row))
        assert.ok(typeof value === 'number' || ['NaN', 'Infinity', '-Infinity'].includes(value), `${JSON.stringify(row)}`);
    }
    assert.deepEqual(rows[0], { x: 'NaN', f: 'NaN', df: 'NaN' });
    // At ±∞ the kernels return the limits: x·σ(x) → ∞ with slope 1, and → 0 with slope 0.
    assert.deepEqual(rows[1], { x: 'Infinity', f: 'Infinity', df: 1 });
    assert.deepEqual(rows[2], { x: '-Infinity', f: 0, df: 0 });
    assert.ok(Math.abs((rows[3]!.f as number) - swish(-1e-8)) < 1e-12, JSON.stringify(rows[3]));
    assert.ok(Math.abs((rows[3]!.df as number) - 0.5) < 1e-6, JSON.stringify(rows[3]));
  });

  test('activations eval with a misspelt name: exit 2, one line naming it and suggesting the right one', async () => {
    const line = assertUsageError(await actbench(['activations', 'eval', 'swsh', '1']));
    assert.match(line, /'swsh'/);
    assert.match(line, /did you mean [^\n]*\bswish\b/);
  });

  test('activations eval with a value that is not a number: exit 2 naming the value', async () => {
    assert.match(assertUsageError(await actbench(['activations', 'eval', 'relu', 'abc'])), /'abc' is not a number/);
  });

  test('activations eval maxout-3: exit 2, a maxout layer mixes units so it has no value at one x', async () => {
    const line = assertUsageError(await actbench(['activations', 'eval', 'maxout-3', '1']));
    assert.match(line, /maxout-3/);
    assert.match(line, /no value at a single x/);
  });

  test('activations eval prelu: a layer is evaluated at its initial parameters (a = 0, so relu)', async () => {
    const run = await actbench(['activations', 'eval', 'prelu', '-1', '2']);
    assert.equal(run.status, 0, show(run));
    assert.match(run.stderr, /prelu \(composite, layer at its initial parameters\)/);
    const { rows } = parseTextTable(run.stdout);
    assert.deepEqual(
      rows.map((row) => [Number(row['x']), Number(row['f(x)']), Number(row["f'(x)"])]),
      [
        [-1, 0, 0],
        [2, 2, 1],
      ],
    );
  });

  test('an unknown flag: exit 2 with one line naming it', async () => {
    // strict() has to reach nested commands too, or a typo like --jsn would be silently ignored.
    assert.match(assertUsageError(await actbench(['activations', 'eval', 'swish', '1', '--jsn'])), /jsn/);
  });

  test('--size must be a positive integer, and the message repeats the value typed', async () => {
    // "-5" is rewritten with a Unicode minus before yargs sees it; the message must still say -5, not NaN.
    assert.match(assertUsageError(await actbench(['bench', '--size', '-5'])), /--size: expected a positive integer, got -5$/);
  });

  test('--backend node without @tensorflow/tfjs-node: exit 2, one line saying it is not available and why', async () => {
    const line = assertUsageError(await actbench(['activations', 'eval', 'swish', '1', '--backend', 'node']));
    assert.match(line, /backend 'node' is not available: @tensorflow\/tfjs-node could not be loaded \(Cannot find module/);
  });

  test('--backend with an unknown name: exit 2 listing the valid names', async () => {
    const line = assertUsageError(await actbench(['activations', 'eval', 'swish', '1', '--backend', 'bogus']));
    assert.match(line, /--backend: unknown backend 'bogus'; choose one of node-gpu, node, wasm, cpu$/);
  });

  test("--help: the commands with their descriptions on stdout, exit 0; a command's --help lists its flags with their defaults", async () => {
    const top = await actbench(['--help']);
    assert.equal(top.status, 0, show(top));
    assert.equal(top.stderr, '');
    const listed = [...top.stdout.matchAll(/^ {2}actbench (\S+)/gm)].map((match) => match[1]);
    assert.deepEqual(listed, [
      'activations',
      'run',
      'status',
      'merge',
      'tasks',
      'datasets',
      'train',
      'bench',
      'data',
      'report',
      'compare',
      'slurm',
      'queue',
      'worker',
    ]);
    assert.match(top.stdout, /^ {2}actbench merge <target> <sources\.\.> +combine the ledgers of study folders\n/m);

    const train = await actbench(['train', '--help']);
    assert.equal(train.status, 0, show(train));
    assert.match(train.stdout, /^actbench train\n\ntrain one configuration of a task and print dev and test scores\n/);
    assert.match(train.stdout, /^ {2}--task +task name \(actbench tasks\) +\[string\] \[required\]$/m);
    assert.match(train.stdout, /^ {17}split, unless --split-seed\) +\[string\] \[default: "1"\]$/m);

    const fetch = await actbench(['data', 'fetch', '--help']);
    assert.match(fetch.stdout, /^actbench data fetch <dataset>\n/);
  });

  test('no command, or a group without its subcommand: exit 2 saying what to give', async () => {
    assert.match(assertUsageError(await actbench([])), /^actbench: give a command; see actbench --help$/);
    assert.match(assertUsageError(await actbench(['queue'])), /^actbench: queue: give a subcommand: push or collect$/);
  });

  test('activations plot: overview.svg and one well-formed SVG per activation with a single-x value', async (t) => {
    const out = tempDir(t);
    const run = await actbench(['activations', 'plot', '--out', out]);
    assert.equal(run.status, 0, show(run));
    assert.match(run.stderr, /^backend: cpu /);
    const plottable = (await listJson()).filter((a) => a.kind === 'elementwise' || a.elementwiseAtInit === true).map((a) => a.name);
    assert.ok(plottable.includes('prelu') && !plottable.some((name) => name.startsWith('maxout')));
    const files = readdirSync(out).sort();
    assert.deepEqual(files, ['overview.svg', ...plottable.map((name) => `${name}.svg`)].sort());
    for (const file of files) {
      const root = parseXml(readFileSync(path.join(out, file), 'utf8'));
      assert.equal(root.name, 'svg', file);
    }
    assert.match(run.stdout, /not plotted \(layers that mix units, no single-x value\): maxout-2, maxout-3, maxout-4/);
  });
});

// Child processes: CPU-bound, so two at a time, which fills this 2-core machine without starving either.
describe('actbench command line, end to end in a child process', { concurrency: 2 }, () => {
  test('ACTBENCH_BACKEND with an unknown name: exit 2 naming the variable', async () => {
    const line = assertUsageError(await actbenchProcess(['activations', 'eval', 'swish', '1'], { ACTBENCH_BACKEND: 'bogus' }));
    assert.match(line, /ACTBENCH_BACKEND: unknown backend 'bogus'; choose one of node-gpu, node, wasm, cpu$/);
  });

  test('bench: relu and swish in every variant the backend offers, beside the copy baseline; CSV and Markdown copies', async (t) => {
    const out = tempDir(t);
    const csv = path.join(out, 'b.csv');
    const md = path.join(out, 'b.md');
    const run = await actbenchProcess(['bench', '--size', '4096', '--time', '20', '--activations', 'swish', '--csv', csv, '--md', md]);
    assert.equal(run.status, 0, show(run));
    assert.match(run.stdout, /^backend: cpu \(@tensorflow\/tfjs-backend-cpu/m);
    assert.match(
      run.stdout,
      /^tensor: 4096 float32 elements; baseline copy[^\n]*forward \d+\.\d+ ns\/elem, forward\+backward \d+\.\d+ ns\/elem$/m,
    );

    const table = parseTextTable(run.stdout);
    assert.deepEqual(table.headers.slice(0, 2), ['activation', 'variant']);
    // relu is always measured: the ratios are relative to it. On cpu all three variants run.
    const measured = table.rows.map((row) => `${row['activation']} ${row['variant']!.replace(/ \*$/, '')}`);
    assert.deepEqual(measured.sort(), ['relu composite', 'relu fused', 'relu simd', 'swish composite', 'swish fused', 'swish simd']);
    for (const name of ['relu', 'swish']) {
      assert.equal(
        table.rows.filter((row) => row['activation'] === name && row['variant']!.endsWith(' *')).length,
        1,
        `one picked variant for ${name}`,
      );
    }

    // Progress belongs on stderr, where it cannot corrupt piped output.
    assert.match(run.stderr, /bench done in/);
    assert.doesNotMatch(run.stdout, /bench \d+\/\d+|bench done/);

    const rows = parseCsv(readFileSync(csv, 'utf8'));
    assert.deepEqual(rows[0], table.headers);
    assert.equal(rows.length, 1 + table.rows.length);
    assert.deepEqual(
      rows.slice(1).map((row) => row.slice(0, 2)),
      table.rows.map((row) => [row['activation'], row['variant']]),
    );
    for (const row of rows.slice(1)) assert.equal(row.length, table.headers.length);

    const markdown = readFileSync(md, 'utf8');
    assert.match(markdown, /^backend: cpu /);
    assert.ok(markdown.includes(`| ${table.headers.join(' | ')} |`), markdown);
  });

  test('activations report: list, plots and benchmark written into one folder, honouring --no-fused', async (t) => {
    const out = tempDir(t);
    // --no-fused also keeps this run short: one variant per activation instead of three.
    const run = await actbenchProcess(['activations', 'report', '--out', out, '--size', '4096', '--time', '10', '--no-fused']);
    assert.equal(run.status, 0, show(run));
    for (const file of ['activations.md', 'cards.md', 'plots/overview.svg', 'plots/tanh-edge-of-chaos.svg', 'bench.md', 'bench.csv']) {
      const full = path.join(out, file);
      assert.ok(existsSync(full) && statSync(full).size > 0, `${file} written`);
    }
    assert.equal(parseXml(readFileSync(path.join(out, 'plots/overview.svg'), 'utf8')).name, 'svg');
    assert.match(readFileSync(path.join(out, 'activations.md'), 'utf8'), /^\| name \| study \|/);
    // Each activation's mean-field card beside its curve.
    const cards = readFileSync(path.join(out, 'cards.md'), 'utf8');
    assert.match(cards, /## relu\n\n`max\(0, x\)`\n\n!\[relu\]\(plots\/relu\.svg\)/);
    assert.match(cards, /\| glorotUniform \| 1 \| 0 \(the signal dies out\) \| 1 \| edge of chaos \|/);
    assert.match(cards, /No card: maxout-2 is a layer that mixes units/);
    assert.match(run.stdout, /report written to /);
    const variants = new Set(
      parseCsv(readFileSync(path.join(out, 'bench.csv'), 'utf8'))
        .slice(1)
        .map((row) => row[1]!.replace(/ \*$/, '')),
    );
    assert.deepEqual([...variants], ['composite']);
  });
});
