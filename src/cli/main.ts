#!/usr/bin/env node
// The actbench command line: parses flags, calls the library, and turns errors into one line on
// stderr with a non-zero exit (2 for bad input, 1 for failures while running).
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { mergeCommand, runCommand, statusCommand } from './study-commands.js';
import { listTasks, trainCommand } from './task-commands.js';
import { checkFolderFlag, UsageError, unknownFlagsMessage } from './usage-error.js';
import { describeFileError } from './file-errors.js';
import { escapeControls } from '../util/echo.js';
import { warnIfStaleBuild } from './stale-build.js';
import { PRESET_NAMES } from '../study/presets.js';
import { activationReport, benchCommand, evalActivation, listActivations, plotActivations, type Output } from './activation-commands.js';
import { cardCommand } from './activation-card-command.js';


const io: Output = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

function withBackend<T>(y: Argv<T>) {
  return y
    .option('backend', { type: 'string', describe: 'node-gpu | node | wasm | cpu (default: the first that works; or ACTBENCH_BACKEND)' })
    .option('fused', { type: 'boolean', default: true, describe: 'use fused kernels where the registry picks them (--no-fused: composite tf ops only)' });
}

const MINUS_SIGN = '\u2212';

/**
 * "eval swish -2.5 -1e-8 -inf": a token that reads as a negative number is a value, never a flag,
 * but yargs would split "-1e-8" or "-inf" into short flags. Such tokens get a Unicode minus sign
 * before parsing, and parseNumber reads it back.
 */
export function protectNegativeNumbers(argv: string[]): string[] {
  return argv.map((token) => (/^-(\d|\.\d|inf(inity)?$|nan$)/i.test(token) && parseNumberText(token) !== undefined ? MINUS_SIGN + token.slice(1) : token));
}

/** The number a token spells, or undefined when it is not one; "nan" (any sign) is NaN, a number. */
function parseNumberText(text: string): number | undefined {
  const normalized = text.replace(MINUS_SIGN, '-').trim().toLowerCase();
  if (/^[+-]?(inf|infinity)$/.test(normalized)) return normalized.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/.test(normalized)) return NaN;
  const value = normalized === '' ? NaN : Number(normalized);
  return Number.isNaN(value) ? undefined : value;
}

function parseNumber(text: string | number, flag: string): number {
  if (typeof text === 'number') return text;
  const value = parseNumberText(text);
  if (value === undefined) throw new UsageError(`${flag}: '${text}' is not a number`);
  return value;
}

/**
 * --size and --time are declared as strings: protectNegativeNumbers has already turned "-5" into
 * "\u22125", which yargs' own number parsing would report as NaN instead of the value typed.
 */
function positiveInteger(raw: string | number, flag: string): number {
  const value = parseNumber(raw, flag);
  if (!Number.isInteger(value) || value <= 0) throw new UsageError(`${flag}: expected a positive integer, got ${String(raw).replace(MINUS_SIGN, '-')}`);
  return value;
}

export function buildCli(argv: string[]) {
  return yargs(argv)
    .scriptName('actbench')
    .usage('$0 <command> [options]')
    .command('activations', 'list, evaluate, plot and report the activation registry', (y) =>
      y
        .command(
          '$0',
          'table of all activations (name, formula, properties)',
          (c) => c.option('json', { type: 'boolean', default: false, describe: 'print a JSON array' }),
          async (args) => listActivations({ json: args.json }, io),
        )
        .command(
          'eval <name> [x..]',
          "print f(x) and f'(x) for each x",
          (c) =>
            withBackend(c)
              .positional('name', { type: 'string', demandOption: true })
              .positional('x', { type: 'string', array: true, default: [] as string[] })
              .option('json', { type: 'boolean', default: false, describe: 'print [{ x, f, df }]' }),
          async (args) => {
            const xs = (args.x as (string | number)[]).map((v) => parseNumber(v, 'x'));
            if (xs.length === 0) throw new UsageError('activations eval: give at least one x, e.g. actbench activations eval swish -2.5 0 3');
            await evalActivation({ name: args.name, xs, json: args.json, backend: args.backend, noFused: !args.fused }, io);
          },
        )
        .command(
          'plot',
          'SVG of each function and its derivative on [-5, 5], and an overview sheet',
          (c) => withBackend(c).option('out', { type: 'string', demandOption: true, describe: 'output folder' }),
          async (args) => {
            await plotActivations({ out: args.out, backend: args.backend, noFused: !args.fused }, io);
          },
        )
        .command(
          'card <name>',
          "mean-field card: q*, χ₁, c*, depth scales ξ_q, ξ_c and the edge of chaos of a deep net with this activation",
          (c) =>
            c
              .positional('name', { type: 'string', demandOption: true })
              .option('initializer', { type: 'string', describe: 'kernel initializer giving σ_w² (default glorotUniform)' })
              .option('width', { type: 'string', describe: 'layer width for randomNormal/randomUniform (default 256)' })
              .option('weight-variance', { type: 'string', describe: 'σ_w² (overrides the initializer)' })
              .option('bias-variance', { type: 'string', describe: 'σ_b² (default 0: zero biases)' })
              .option('json', { type: 'boolean', default: false, describe: 'print the card as one JSON object' }),
          async (args) => {
            await cardCommand(
              {
                name: args.name,
                json: args.json,
                initializer: args.initializer,
                width: args.width === undefined ? undefined : positiveInteger(args.width, '--width'),
                weightVariance: args.weightVariance === undefined ? undefined : parseNumber(args.weightVariance, '--weight-variance'),
                biasVariance: args.biasVariance === undefined ? undefined : parseNumber(args.biasVariance, '--bias-variance'),
              },
              io,
            );
          },
        )
        .command(
          'report',
          'list + plots + micro-benchmark into one folder',
          (c) =>
            withBackend(c)
              .option('out', { type: 'string', default: 'out/activations', describe: 'output folder' })
              .option('size', { type: 'string', default: String(1 << 20), describe: 'elements in the benchmarked tensor' })
              .option('time', { type: 'string', default: '300', describe: 'ms per measurement' }),
          async (args) =>
            activationReport(
              { out: args.out, backend: args.backend, size: positiveInteger(args.size, '--size'), timeMs: positiveInteger(args.time, '--time'), noFused: !args.fused },
              io,
            ),
        )
        .demandCommand(),
    )
    .command(
      'run [spec]',
      'run a study (spec file or --preset): every pending job, on worker processes; resumes from the ledger',
      (y) =>
        y
          .positional('spec', { type: 'string', describe: 'study spec file (JSON or YAML)' })
          .option('preset', { type: 'string', describe: PRESET_NAMES.join(' | ') })
          .option('out', { type: 'string', demandOption: true, describe: 'study folder (ledger.jsonl, spec.json)' })
          .option('workers', { type: 'string', describe: 'worker processes (default: number of cores)' })
          .option('shard', { type: 'string', describe: 'i/n: run a deterministic 1/n of the jobs' })
          .option('dry-run', { type: 'boolean', default: false, describe: 'print the plan and what is already done' })
          .option('backend', { type: 'string', describe: "the workers' backend (overrides the spec)" })
          .option('data-dir', { type: 'string', describe: 'folder with original data files (or ACTBENCH_DATA)' }),
      async (args) =>
        runCommand(
          {
            specFile: args.spec,
            preset: args.preset,
            out: args.out,
            workers: args.workers === undefined ? undefined : positiveInteger(args.workers, '--workers'),
            shard: args.shard,
            dryRun: args['dry-run'],
            backend: args.backend,
            dataDir: args['data-dir'] ?? process.env['ACTBENCH_DATA'],
          },
          io,
        ),
    )
    .command(
      'status <dir>',
      "summarise a study's ledger",
      (y) => y.positional('dir', { type: 'string', demandOption: true }).option('json', { type: 'boolean', default: false }),
      async (args) => statusCommand({ dir: args.dir, json: args.json }, io),
    )
    .command(
      'merge <target> <sources..>',
      'combine the ledgers of study folders (shards) into one; refuses different studies',
      (y) => y.positional('target', { type: 'string', demandOption: true }).positional('sources', { type: 'string', array: true, demandOption: true }),
      (args) => mergeCommand({ target: args.target, sources: args.sources }, io),
    )
    .command(
      'tasks',
      'list the tasks and their datasets',
      (y) => y.option('json', { type: 'boolean', default: false, describe: 'print a JSON array of { name, group, datasets, ... }' }),
      async (args) => listTasks({ json: args.json }, io),
    )
    .command(
      'datasets',
      'list the datasets: group, size, offline or not, settings, the tasks that take them',
      (y) => y.option('json', { type: 'boolean', default: false, describe: 'print a JSON array of { name, group, kind, size, offline, settings, tasks, ... }' }),
      async (args) => {
        const { listDatasets } = await import('./dataset-commands.js');
        await listDatasets({ json: args.json }, io);
      },
    )
    .command(
      'train',
      'train one configuration of a task and print dev and test scores',
      (y) =>
        withBackend(y)
          .option('task', { type: 'string', demandOption: true, describe: 'task name (actbench tasks)' })
          .option('activation', { type: 'string', demandOption: true, describe: 'activation name or alias' })
          .option('dataset', { type: 'string', describe: "dataset (default: the task's first)" })
          .option('data-dir', { type: 'string', describe: 'folder with the original files (or ACTBENCH_DATA)' })
          .option('set', { type: 'string', array: true, default: [] as string[], describe: 'hyperparameter, task setting or dataset setting, name=value (repeatable)' })
          .option('encoding', { type: 'string', describe: "the data files' text encoding: auto | utf8 | latin1 (the dataset setting encoding=…)" })
          .option('seed', { type: 'string', default: '1', describe: 'seed for initial weights, dropout and batch order (and the split, unless --split-seed)' })
          .option('split-seed', { type: 'string', describe: 'seed for the train/dev/test split (default: --seed)' })
          .option('epochs', { type: 'string', describe: "at most this many epochs (default: the task's maximum)" })
          .option('json', { type: 'boolean', default: false, describe: 'print one JSON object as the last line' }),
      async (args) => {
        await trainCommand(
          {
            task: args.task,
            activation: args.activation,
            dataset: args.dataset,
            dataDir: args['data-dir'],
            set: [...args.set.map(String), ...(args.encoding === undefined ? [] : [`encoding=${args.encoding}`])],
            seed: positiveInteger(args.seed, '--seed'),
            splitSeed: args['split-seed'] === undefined ? undefined : positiveInteger(args['split-seed'], '--split-seed'),
            epochs: args.epochs === undefined ? undefined : positiveInteger(args.epochs, '--epochs'),
            backend: args.backend,
            json: args.json,
          },
          io,
        );
      },
    )
    .command(
      'bench',
      'micro-benchmark every elementwise activation (forward, forward+backward; composite and fused)',
      (y) =>
        withBackend(y)
          .option('size', { type: 'string', default: String(1 << 20), describe: 'elements in the benchmarked tensor' })
          .option('time', { type: 'string', default: '500', describe: 'ms per measurement' })
          .option('activations', { type: 'string', array: true, describe: 'names or groups (default: every elementwise one; relu is always included)' })
          .option('csv', { type: 'string', describe: 'also write the table as CSV to this file' })
          .option('md', { type: 'string', describe: 'also write the table as Markdown to this file' })
          .option('record', { type: 'boolean', default: false, describe: 'store the faster variant per activation as the registry choice for this backend' })
          .option('train', { type: 'boolean', default: false, describe: 'training samples/s of the reference and task models per backend, beside PyTorch on one thread' })
          .option('json', { type: 'boolean', default: false, describe: '--train: print the result as JSON' })
          .option('models', { type: 'string', array: true, describe: '--train: models or groups (reference, tasks, all; default all)' })
          .option('torch', { type: 'boolean', default: true, describe: '--train: run the PyTorch reference (--no-torch skips it)' })
          .option('repetitions', { type: 'string', default: '5', describe: '--train: timed repetitions per model (the median is reported)' })
          .option('warmup', { type: 'string', default: '2', describe: '--train: untimed steps before the repetitions' }),
      async (args) => {
        if (args.train) {
          const { trainBenchCommand } = await import('./train-bench-command.js');
          await trainBenchCommand(
            {
              backend: args.backend,
              models: args.models?.flatMap((m) => String(m).split(',')).filter(Boolean),
              json: args.json,
              torch: args.torch,
              warmupSteps: positiveInteger(args.warmup, '--warmup'),
              repetitions: positiveInteger(args.repetitions, '--repetitions'),
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
          },
          io,
        );
      },
    )
    .command('data', 'datasets that can be downloaded', (y) =>
      y
        .command(
          'fetch <dataset>',
          'download cifar10 or cifar100, verify its checksum and unpack it into the data folder (does nothing when it is there)',
          (c) =>
            c
              .positional('dataset', { type: 'string', demandOption: true, describe: 'cifar10 | cifar100' })
              .option('data-dir', { type: 'string', describe: 'folder to unpack into (or ACTBENCH_DATA)' })
              .option('mirror', { type: 'string', describe: "the archive's URL elsewhere; ending in / : a folder holding it under its official name" })
              .option('checksum', { type: 'string', describe: 'ALGO:HEX the archive must have (default: the official md5)' }),
          async (args) => {
            const { dataFetchCommand } = await import('./data-commands.js');
            await dataFetchCommand({ dataset: args.dataset, dataDir: args['data-dir'] ?? process.env['ACTBENCH_DATA'], mirror: args.mirror, checksum: args.checksum }, io);
          },
        )
        .demandCommand(1, 'data: give a subcommand: fetch'),
    )
    .command(
      'report <dir>',
      "write a study's report: stability tables, rankings, tests, charts, summary.json and index.html",
      (y) =>
        y
          .positional('dir', { type: 'string', demandOption: true, describe: 'study folder (ledger.jsonl, spec.json)' })
          .option('out', { type: 'string', describe: 'report folder (default: DIR/report)' })
          .option('reference', { type: 'string', describe: 'activation the others are tested against (default: relu)' })
          .option('alpha', { type: 'string', describe: 'significance level of the tests and the critical difference (default: 0.05)' })
          .option('rope', { type: 'string', describe: 'half-width of the region of practical equivalence of the Bayesian signed-rank test, in score units (default: 0.005)' })
          .option('claims', { type: 'string', describe: "claims file to check against the study (default: E18's, reports/claims/e18.yaml; --no-claims: none)" }),
      async (args) => {
        const { reportCommand } = await import('./report-commands.js');
        // yargs turns --no-claims into claims: false.
        const claims = (args.claims as unknown) === false ? false : args.claims;
        await reportCommand({ dir: args.dir, out: args.out, reference: args.reference, alpha: args.alpha, rope: args.rope, claims }, io);
      },
    )
    .command(
      'compare <old> <new>',
      'compare two studies (folders, report folders or summary.json): deltas, paired tests, regressions; exit code 1 on a significant regression',
      (y) =>
        y
          .positional('old', { type: 'string', demandOption: true, describe: 'the earlier study folder, report folder or summary.json' })
          .positional('new', { type: 'string', demandOption: true, describe: 'the later one' })
          .option('threshold', { type: 'string', describe: 'a mean drop beyond this counts (score units; default 0.01)' })
          .option('alpha', { type: 'string', describe: 'significance level after Holm correction (default 0.05)' })
          .option('md', { type: 'string', describe: 'write the Markdown to this file instead of stdout' })
          .option('rope', { type: 'string', describe: 'also gate on the Bayesian signed-rank test with this rope (score units; bare --rope: 0.005): exit 1 when P(new worse) exceeds --rope-probability' })
          .option('rope-probability', { type: 'string', describe: 'P(new worse) above which --rope counts a regression (default 0.95)' }),
      async (args) => {
        const { compareCommand } = await import('./report-commands.js');
        compareCommand({ old: args.old, new: args.new, threshold: args.threshold, alpha: args.alpha, md: args.md, rope: args.rope, ropeProbability: args['rope-probability'] }, io);
      },
    )
    .command(
      'slurm [spec]',
      'write Slurm batch scripts for a study (a job array of shards, then merge and report); --submit submits them',
      (y) =>
        y
          .positional('spec', { type: 'string', describe: 'study spec file (JSON or YAML)' })
          .option('preset', { type: 'string', describe: PRESET_NAMES.join(' | ') })
          .option('out', { type: 'string', demandOption: true, describe: 'study folder on a file system every node sees' })
          .option('array', { type: 'string', demandOption: true, describe: 'N: array tasks; task i runs shard i/N' })
          .option('partition', { type: 'string', describe: 'Slurm partition' })
          .option('time', { type: 'string', describe: 'time limit per task, e.g. 4:00:00' })
          .option('mem', { type: 'string', describe: 'memory per task, e.g. 8G' })
          .option('cpus-per-task', { type: 'string', default: '1', describe: 'cores per task; also its worker processes' })
          .option('submit', { type: 'boolean', default: false, describe: 'submit both scripts with sbatch and print the job ids' })
          .option('backend', { type: 'string', describe: "the workers' backend (overrides the spec)" })
          .option('data-dir', { type: 'string', describe: 'folder with original data files (or ACTBENCH_DATA)' }),
      async (args) => {
        const { slurmCommand } = await import('./cluster-commands.js');
        await slurmCommand(
          {
            specFile: args.spec,
            preset: args.preset,
            backend: args.backend,
            dataDir: args['data-dir'] ?? process.env['ACTBENCH_DATA'],
            out: args.out,
            tasks: positiveInteger(args.array, '--array'),
            cpusPerTask: positiveInteger(args['cpus-per-task'], '--cpus-per-task'),
            partition: args.partition,
            time: args.time,
            mem: args.mem,
            submit: args.submit,
          },
          io,
        );
      },
    )
    .command('queue', 'run a study through a Redis/BullMQ queue: push its jobs, collect the results', (y) =>
      y
        .command(
          'push [spec]',
          'enqueue every job of a study not done yet (job id = job key: pushing again adds nothing)',
          (c) =>
            c
              .positional('spec', { type: 'string', describe: 'study spec file (JSON or YAML); leave out to push a study already in Redis again' })
              .option('preset', { type: 'string', describe: PRESET_NAMES.join(' | ') })
              .option('redis', { type: 'string', describe: 'redis://[:password@]host:port[/db] (or ACTBENCH_REDIS_URL)' })
              .option('study', { type: 'string', describe: "the study's name in Redis (default: the spec's name)" })
              .option('out', { type: 'string', describe: 'study folder: jobs in its ledger are not pushed' })
              .option('follow', { type: 'boolean', default: false, describe: 'then collect the results into --out until the study is complete' })
              .option('backend', { type: 'string', describe: "the workers' backend (overrides the spec)" })
              .option('data-dir', { type: 'string', describe: 'folder with original data files (or ACTBENCH_DATA)' }),
          async (args) => {
            const { queuePushCommand } = await import('./cluster-commands.js');
            await queuePushCommand(
              {
                specFile: args.spec,
                preset: args.preset,
                backend: args.backend,
                dataDir: args['data-dir'] ?? process.env['ACTBENCH_DATA'],
                redis: args.redis,
                study: args.study,
                out: args.out,
                follow: args.follow,
              },
              io,
            );
          },
        )
        .command(
          'collect',
          "append the queue's results to a study folder's ledger, each job once, until the study is complete",
          (c) =>
            c
              .option('redis', { type: 'string', describe: 'redis://[:password@]host:port[/db] (or ACTBENCH_REDIS_URL)' })
              .option('study', { type: 'string', demandOption: true, describe: "the study's name in Redis" })
              .option('out', { type: 'string', demandOption: true, describe: 'study folder (ledger.jsonl, spec.json)' }),
          async (args) => {
            const { queueCollectCommand } = await import('./cluster-commands.js');
            await queueCollectCommand({ redis: args.redis, study: args.study, out: args.out }, io);
          },
        )
        .demandCommand(1, 'queue: give a subcommand: push or collect'),
    )
    .command(
      'worker',
      'train the jobs of studies pushed to a Redis/BullMQ queue, each in a child process, until stopped',
      (y) =>
        y
          .option('redis', { type: 'string', describe: 'redis://[:password@]host:port[/db] (or ACTBENCH_REDIS_URL)' })
          .option('concurrency', { type: 'string', default: '1', describe: 'jobs trained at once' })
          .option('lock-duration', { type: 'string', default: '30000', describe: "ms a job's lock lasts unless renewed; a dead worker's job runs again after about this" })
          .option('stalled-interval', { type: 'string', default: '30000', describe: 'ms between checks for jobs whose worker stopped' })
          .option('study', { type: 'string', array: true, describe: 'serve only these studies (default: every study pushed)' })
          .option('data-dir', { type: 'string', describe: "this machine's folder with original data files (or ACTBENCH_DATA)" }),
      async (args) => {
        const { workerCommand } = await import('./cluster-commands.js');
        await workerCommand(
          {
            redis: args.redis,
            concurrency: positiveInteger(args.concurrency, '--concurrency'),
            lockDurationMs: positiveInteger(args['lock-duration'], '--lock-duration'),
            stalledIntervalMs: positiveInteger(args['stalled-interval'], '--stalled-interval'),
            studies: args.study?.map(String),
            dataDir: args['data-dir'] ?? process.env['ACTBENCH_DATA'],
          },
          io,
        );
      },
    )
    .demandCommand(1, 'give a command; see actbench --help')
    // Every --out names a folder; a file there would fail later as a raw EEXIST or ENOTDIR.
    .middleware((args) => checkFolderFlag('--out', args['out']))
    .strict()
    .recommendCommands()
    .help()
    .fail((message, error, usage) => {
      // The third argument is yargs' usage object at run time (not the Argv the types say); its
      // descriptions are keyed by the current command's flags.
      const descriptions = (usage as unknown as { getDescriptions?: () => Record<string, unknown> }).getDescriptions?.() ?? {};
      throw error ?? new UsageError(unknownFlagsMessage(message, Object.keys(descriptions)));
    });
}

/** Errors in what the user gave (names, flags, files, data folders) exit 2; failures while running exit 1. */
const INPUT_ERRORS = new Set(['UsageError', 'StudySpecError', 'LockHeldError', 'UnknownActivationError', 'BackendUnavailableError', 'NotElementwiseError', 'UnknownTaskError', 'UnknownDatasetError', 'DataNotFoundError', 'DataFormatError', 'StudyDataError', 'ReportInputError', 'ClusterSetupError', 'RunRequestError', 'UnknownBenchModelError', 'ClaimsFileError']);

function exitCodeFor(error: unknown): number {
  return error instanceof Error && INPUT_ERRORS.has(error.name) ? 2 : 1;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildCli(protectNegativeNumbers(argv)).parseAsync();
    return 0;
  } catch (error) {
    const fileError = describeFileError(error);
    const message = fileError ?? (error instanceof Error ? error.message : String(error));
    // Cut and escaped, whatever a message echoes of the input: one readable line.
    const line = escapeControls(message.split('\n')[0]!);
    process.stderr.write(`actbench: ${line.length > 1000 ? `${line.slice(0, 1000)}…` : line}\n`);
    if (process.env['ACTBENCH_DEBUG'] && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return fileError !== undefined ? 2 : exitCodeFor(error);
  }
}

warnIfStaleBuild();
process.exitCode = await main(hideBin(process.argv));
