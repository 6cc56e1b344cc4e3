// `actbench activations …` and `actbench bench`: list, evaluate, plot and time the registry.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { evaluate, linspace } from '../activation/curves.js';
import { loadActivations, recordVariantChoice, variantChoicePath, type ActivationRegistry } from '../activation/registry.js';
import type { Activation, ActivationProperties, ElementwiseActivation } from '../activation/types.js';
import { initBackend, type ActiveBackend } from '../backend/backends.js';
import { benchActivations, fastestVariants, type BenchResult, type BenchRow } from '../bench/activation-bench.js';
import { compareWithTorch, measureTorchActivations, type TorchComparison } from '../bench/activation-torch.js';
import { renderTorchComparisonMarkdown, renderTorchComparisonText } from '../bench/activation-torch-report.js';
import type { TorchCommandOptions } from '../bench/train-torch.js';
import { renderCsv, renderMarkdown, renderText, type Column } from '../output/table.js';
import { writeActivationPlots, type ActivationCurve } from '../plot/activation-plots.js';
import { simdAvailable, simdUnavailableReason } from '../activation/simd-kernel.js';
import { FUSED_BACKENDS } from '../activation/unary-op.js';
import { activationCardCommands, writeCardReport } from './activation-card-command.js';
import { command, groupOnly, parseNumber, positiveInteger, withBackend } from './flags.js';
import { createProgress } from './progress.js';
import { UsageError } from './usage-error.js';

export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
}

const PROPERTY_LABELS: [keyof ActivationProperties, string][] = [
  ['boundedAbove', 'bounded above'],
  ['boundedBelow', 'bounded below'],
  ['monotonic', 'monotonic'],
  ['smooth', 'smooth'],
  ['zeroAtZero', 'zero at 0'],
  ['saturating', 'saturating'],
];

function propertyList(properties: ActivationProperties): string {
  return PROPERTY_LABELS.filter(([key]) => properties[key])
    .map(([, label]) => label)
    .join(', ');
}

const LIST_COLUMNS: Column<Activation>[] = [
  { header: 'name', value: (a) => a.name },
  { header: 'study', value: (a) => (a.inStudy ? 'E18' : '') },
  { header: 'kind', value: (a) => (a.kind === 'layer' ? (a.replacesDense ? 'layer (replaces Dense)' : 'layer') : 'elementwise') },
  { header: 'family', value: (a) => a.family },
  { header: 'formula', value: (a) => a.formula },
  { header: 'properties', value: (a) => propertyList(a.properties) },
  { header: 'aliases', value: (a) => a.aliases.join(', ') },
];

/** Plain data for --json: everything but the functions. */
function describe(activation: Activation): Record<string, unknown> {
  const { name, aliases, formula, family, properties, source, inStudy, kind } = activation;
  const extra =
    activation.kind === 'elementwise'
      ? { fused: activation.fused !== undefined, kinks: activation.kinks ?? [] }
      : { replacesDense: activation.replacesDense, elementwiseAtInit: activation.atInit !== undefined };
  return { name, aliases, formula, family, properties, source, inStudy, kind, ...extra };
}

export async function listActivations(options: { json: boolean }, io: Output): Promise<void> {
  const registry = await loadActivations();
  if (options.json) {
    io.out(`${JSON.stringify(registry.all.map(describe), null, 2)}\n`);
    return;
  }
  io.out(renderText(LIST_COLUMNS, registry.all));
  io.out(
    `\n${registry.all.length} activations (${registry.all.filter((a) => a.inStudy).length} from the E18 study); groups: study21, all, elementwise\n`,
  );
}

function backendLine(backend: ActiveBackend): string {
  // Without the SIMD module the registry quietly uses the next variant; say so where it matters.
  const simd =
    FUSED_BACKENDS.some((name) => name === backend.tfjsName) && !simdAvailable()
      ? `; SIMD kernels unavailable (${simdUnavailableReason()})`
      : '';
  return `backend: ${backend.description}${simd}`;
}

export async function evalActivation(
  options: { name: string; xs: number[]; json: boolean; backend?: string; noFused: boolean },
  io: Output,
): Promise<void> {
  const registry = await loadActivations();
  const activation = registry.get(options.name);
  const backend = await initBackend(options.backend);
  const result = evaluate(activation, options.xs, { noFused: options.noFused });
  io.err(
    `${backendLine(backend)}; ${activation.name} (${result.variant}${activation.kind === 'layer' ? ', layer at its initial parameters' : ''})\n`,
  );
  // Nine significant digits identify a float32 exactly; more would only show binary noise.
  const float32 = (v: number): number => Number(v.toPrecision(9));
  const rows = result.xs.map((x, i) => ({ x, f: float32(result.f[i]!), df: float32(result.df[i]!) }));
  if (options.json) {
    // JSON has no NaN/Infinity: they are written as strings so nothing is lost.
    const encode = (v: number): number | string => (Number.isFinite(v) ? v : String(v));
    io.out(`${JSON.stringify(rows.map((r) => ({ x: encode(r.x), f: encode(r.f), df: encode(r.df) })))}\n`);
    return;
  }
  const columns: Column<(typeof rows)[number]>[] = [
    { header: 'x', value: (r) => r.x, numeric: true },
    { header: 'f(x)', value: (r) => r.f, numeric: true },
    { header: "f'(x)", value: (r) => r.df, numeric: true },
  ];
  io.out(renderText(columns, rows));
}

/** Curves on [-5, 5] for every activation that has values at a single x (all but maxout). */
function activationCurves(registry: ActivationRegistry, noFused: boolean): ActivationCurve[] {
  const xs = linspace(-5, 5, 401);
  return registry.all
    .filter((a) => a.kind === 'elementwise' || a.atInit !== undefined)
    .map((a) => {
      const { f, df } = evaluate(a, xs, { noFused });
      const formula = a.kind === 'layer' ? `${a.formula}   (at initial parameters)` : a.formula;
      return { name: a.name, formula, xs, f, df };
    });
}

export async function plotActivations(options: { out: string; backend?: string; noFused: boolean }, io: Output): Promise<string[]> {
  const registry = await loadActivations();
  const backend = await initBackend(options.backend);
  io.err(`${backendLine(backend)}\n`);
  const paths = writeActivationPlots(activationCurves(registry, options.noFused), options.out);
  const skipped = registry.all.filter((a) => a.kind === 'layer' && !a.atInit).map((a) => a.name);
  io.out(`wrote ${paths.length} SVG files to ${options.out} (overview: ${path.join(options.out, 'overview.svg')})\n`);
  if (skipped.length > 0) io.out(`not plotted (layers that mix units, no single-x value): ${skipped.join(', ')}\n`);
  return paths;
}

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

const BENCH_COLUMNS: Column<BenchRow>[] = [
  { header: 'activation', value: (r) => r.activation },
  { header: 'variant', value: (r) => `${r.variant}${r.picked ? ' *' : ''}` },
  { header: 'fwd ns/elem', value: (r) => fixed(r.forward.nsPerElement, 2), numeric: true },
  { header: 'fwd+bwd ns/elem', value: (r) => fixed(r.forwardBackward.nsPerElement, 2), numeric: true },
  { header: 'median fwd+bwd', value: (r) => fixed(r.forwardBackward.medianNsPerElement, 2), numeric: true },
  { header: '× relu', value: (r) => fixed(r.ratioToRelu, 2), numeric: true },
  { header: '× copy', value: (r) => fixed(r.ratioToCopy, 2), numeric: true },
];

function benchSummary(result: BenchResult, backend: ActiveBackend): string {
  const { copy } = result;
  return [
    `${backendLine(backend)}`,
    `tensor: ${result.size} float32 elements; baseline ${result.copyKind}: forward ${fixed(copy.forward.nsPerElement, 2)} ns/elem, forward+backward ${fixed(copy.forwardBackward.nsPerElement, 2)} ns/elem`,
    `* = the variant the registry picks on this backend; times are the fastest of each measurement's calls (median beside it); ratios are forward+backward times measured in this run`,
  ].join('\n');
}

export interface BenchCommandOptions {
  backend?: string;
  size: number;
  timeMs: number;
  activations?: string[];
  noFused: boolean;
  csv?: string;
  md?: string;
  record: boolean;
  /** Print the result as JSON instead of the tables. */
  json?: boolean;
  /**
   * PyTorch beside it: true fetches the reference if needed (150 MB, once), false skips it; unset
   * runs it only when it is already unpacked, so a plain `bench` never starts a download.
   */
  torch?: boolean;
  /** Tests: another PyTorch reference command. */
  torchCommand?: TorchCommandOptions;
}

export type BenchReport = BenchResult & { torch: TorchComparison };

/** PyTorch's figures for the same activations and size, measured right after actbench's. */
async function torchSide(
  result: BenchResult,
  options: BenchCommandOptions,
  onProgress: (done: number, total: number, label: string) => void,
): Promise<TorchComparison> {
  if (options.torch === false) return { state: 'skipped', reason: '--no-torch' };
  const names = [...new Set(result.rows.map((r) => r.activation))];
  // The reference prints one line per activation it starts (and a few while it unpacks PyTorch).
  let lines = 0;
  const outcome = await measureTorchActivations(names, {
    ...options.torchCommand,
    noSetup: options.torch === undefined || options.torchCommand?.noSetup,
    size: options.size,
    timeMs: options.timeMs,
    onLine: (line) => onProgress(Math.min(lines++, names.length), names.length, `PyTorch: ${line}`),
  });
  if (!outcome.available) {
    const hint = options.torch === undefined ? '; `actbench bench --torch` fetches it' : '';
    return { state: 'unavailable', reason: `${outcome.reason}${hint}` };
  }
  return compareWithTorch(result, outcome.value);
}

export async function benchCommand(options: BenchCommandOptions, io: Output): Promise<BenchReport> {
  const registry = await loadActivations();
  const backend = await initBackend(options.backend);
  const names = registry.expand(
    options.activations && options.activations.length > 0 ? [...new Set(['relu', ...options.activations])] : ['elementwise'],
  );
  const explicitLayers = (options.activations ?? []).map((n) => registry.get(n)).filter((a) => a.kind === 'layer');
  if (explicitLayers.length > 0) {
    throw new UsageError(
      `--activations: ${explicitLayers.map((a) => a.name).join(', ')} ${explicitLayers.length > 1 ? 'are layers' : 'is a layer'}; bench times elementwise activations`,
    );
  }
  const activations = names.map((n) => registry.get(n)).filter((a): a is ElementwiseActivation => a.kind === 'elementwise');
  io.err(`${backendLine(backend)}\n`);
  const progress = createProgress('bench');
  const result = benchActivations({
    activations,
    size: options.size,
    timeMs: options.timeMs,
    noFused: options.noFused,
    onProgress: (d, t, l) => progress.update(d, t, l),
  });
  const steps = result.rows.length * 2 + 2;
  const torch = await torchSide(result, options, (done, total, label) => progress.update(steps + done, steps + total, label));
  const report: BenchReport = { ...result, torch };
  progress.finish();
  if (options.json) io.out(`${JSON.stringify(report, null, 2)}\n`);
  else io.out(`${benchSummary(result, backend)}\n\n${renderText(BENCH_COLUMNS, result.rows)}\n${renderTorchComparisonText(report.torch)}`);
  if (options.csv) writeFileSync(options.csv, renderCsv(BENCH_COLUMNS, result.rows));
  if (options.md)
    writeFileSync(
      options.md,
      `${benchSummary(result, backend).replaceAll('\n', '  \n')}\n\n${renderMarkdown(BENCH_COLUMNS, result.rows)}\n${renderTorchComparisonMarkdown(report.torch)}`,
    );
  if (options.record) {
    recordVariantChoice(result.backend, fastestVariants(result));
    io.err(`recorded the fastest variant per activation for '${result.backend}' in ${variantChoicePath()}\n`);
  }
  return report;
}

/** The activation report a new user runs first: list, plots, mean-field cards and the micro-benchmark, into one folder. */
export async function activationReport(
  options: { out: string; backend?: string; size: number; timeMs: number; noFused?: boolean },
  io: Output,
): Promise<void> {
  mkdirSync(options.out, { recursive: true });
  const registry = await loadActivations();
  writeFileSync(path.join(options.out, 'activations.md'), renderMarkdown(LIST_COLUMNS, registry.all));
  await listActivations({ json: false }, io);
  io.out('\n');
  await plotActivations({ out: path.join(options.out, 'plots'), backend: options.backend, noFused: options.noFused ?? false }, io);
  // Each activation's mean-field card beside its curve (cards.md links plots/NAME.svg).
  writeCardReport(registry, options.out, path.join(options.out, 'plots'));
  io.out(`wrote mean-field cards to ${path.join(options.out, 'cards.md')}\n\n`);
  await benchCommand(
    {
      backend: options.backend,
      size: options.size,
      timeMs: options.timeMs,
      noFused: options.noFused ?? false,
      record: false,
      csv: path.join(options.out, 'bench.csv'),
      md: path.join(options.out, 'bench.md'),
    },
    io,
  );
  io.out(`\nreport written to ${options.out}: activations.md, cards.md, plots/, bench.md, bench.csv\n`);
}

/** `actbench activations …` (list, eval, plot, card, report) and `actbench bench`, flags beside handlers. */
export function activationCommands(io: Output) {
  const list = command({
    command: '$0',
    describe: 'table of all activations (name, formula, properties)',
    builder: (c) => c.option('json', { type: 'boolean', default: false, describe: 'print a JSON array' }),
    handler: async (args) => listActivations({ json: args.json }, io),
  });
  const evalCommand = command({
    command: 'eval <name> [x..]',
    describe: "print f(x) and f'(x) for each x",
    builder: (c) =>
      withBackend(c)
        .positional('name', { type: 'string', demandOption: true })
        .positional('x', { type: 'string', array: true, default: [] as string[] })
        .option('json', { type: 'boolean', default: false, describe: 'print [{ x, f, df }]' }),
    handler: async (args) => {
      const xs = (args.x as (string | number)[]).map((v) => parseNumber(v, 'x'));
      if (xs.length === 0) throw new UsageError('activations eval: give at least one x, e.g. actbench activations eval swish -2.5 0 3');
      await evalActivation({ name: args.name, xs, json: args.json, backend: args.backend, noFused: !args.fused }, io);
    },
  });
  const plot = command({
    command: 'plot',
    describe: 'SVG of each function and its derivative on [-5, 5], and an overview sheet',
    builder: (c) => withBackend(c).option('out', { type: 'string', demandOption: true, describe: 'output folder' }),
    handler: async (args) => {
      await plotActivations({ out: args.out, backend: args.backend, noFused: !args.fused }, io);
    },
  });
  const report = command({
    command: 'report',
    describe: 'list + plots + micro-benchmark into one folder',
    builder: (c) =>
      withBackend(c)
        .option('out', { type: 'string', default: 'out/activations', describe: 'output folder' })
        .option('size', { type: 'string', default: String(1 << 20), describe: 'elements in the benchmarked tensor' })
        .option('time', { type: 'string', default: '300', describe: 'ms per measurement' }),
    handler: async (args) =>
      activationReport(
        {
          out: args.out,
          backend: args.backend,
          size: positiveInteger(args.size, '--size'),
          timeMs: positiveInteger(args.time, '--time'),
          noFused: !args.fused,
        },
        io,
      ),
  });
  return {
    activations: command({
      command: 'activations',
      describe: 'list, evaluate, plot and report the activation registry',
      builder: (y) =>
        y.command(list).command(evalCommand).command(plot).command(activationCardCommands(io).card).command(report).demandCommand(),
      handler: groupOnly,
    }),
    bench: command({
      command: 'bench',
      describe: 'micro-benchmark every elementwise activation (forward, forward+backward; composite and fused)',
      builder: (y) =>
        withBackend(y)
          .option('size', { type: 'string', default: String(1 << 20), describe: 'elements in the benchmarked tensor' })
          .option('time', { type: 'string', default: '500', describe: 'ms per measurement' })
          .option('activations', {
            type: 'string',
            array: true,
            describe: 'names or groups (default: every elementwise one; relu is always included)',
          })
          .option('csv', { type: 'string', describe: 'also write the table as CSV to this file' })
          .option('md', { type: 'string', describe: 'also write the table as Markdown to this file' })
          .option('record', {
            type: 'boolean',
            default: false,
            describe: 'store the faster variant per activation as the registry choice for this backend',
          })
          .option('train', {
            type: 'boolean',
            default: false,
            describe: 'training samples/s of the reference and task models per backend, beside PyTorch on one thread',
          })
          .option('json', { type: 'boolean', default: false, describe: 'print the result as JSON instead of the tables' })
          .option('models', { type: 'string', array: true, describe: '--train: models or groups (reference, tasks, all; default all)' })
          .option('torch', {
            type: 'boolean',
            describe:
              'PyTorch on one thread beside actbench (--no-torch skips it): --train runs it by default; the activation bench by default only when it is already unpacked, --torch fetches it (150 MB, once)',
          })
          .option('repetitions', {
            type: 'string',
            default: '5',
            describe: '--train: timed repetitions per model (the median is reported)',
          })
          .option('warmup', { type: 'string', default: '2', describe: '--train: untimed steps before the repetitions' })
          .option('rounds', {
            type: 'string',
            default: '3',
            describe: '--train: rounds per model, each on every backend and then in PyTorch; ratios are the median over rounds',
          }),
      handler: async (args) => {
        if (args.train) {
          // On demand: the training benchmark loads every model and the PyTorch reference.
          const { trainBenchCommand } = await import('./train-bench-command.js');
          await trainBenchCommand(
            {
              backend: args.backend,
              models: args.models?.flatMap((m) => String(m).split(',')).filter(Boolean),
              json: args.json,
              torch: args.torch ?? true,
              warmupSteps: positiveInteger(args.warmup, '--warmup'),
              repetitions: positiveInteger(args.repetitions, '--repetitions'),
              rounds: positiveInteger(args.rounds, '--rounds'),
              timeMs: positiveInteger(args.time, '--time'),
              md: args.md,
            },
            io,
          );
          return;
        }
        await benchCommand(
          {
            backend: args.backend,
            size: positiveInteger(args.size, '--size'),
            timeMs: positiveInteger(args.time, '--time'),
            activations: args.activations?.flatMap((a) => String(a).split(',')).filter(Boolean),
            noFused: !args.fused,
            csv: args.csv,
            md: args.md,
            record: args.record,
            json: args.json,
            torch: args.torch,
          },
          io,
        );
      },
    }),
  };
}
