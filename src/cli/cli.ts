// The actbench command line assembled from the commands each module declares (flags beside their
// handlers), run on an argument list with its output sent wherever the caller says: main.ts, the
// bin, passes the process's streams; tests pass functions that collect the text. Every error ends
// as one line on the error stream and an exit code: the one an InputError carries (2 for bad
// input), else 1 for a failure while running.
import yargs from 'yargs';
import { InputError } from '../util/input-error.js';
import { escapeControls } from '../util/echo.js';
import { activationCommands, type Output } from './activation-commands.js';
import { clusterCommands } from './cluster-commands.js';
import { dataCommands } from './data-commands.js';
import { datasetCommands } from './dataset-commands.js';
import { describeFileError } from './file-errors.js';
import { protectNegativeNumbers, type AnyCommand } from './flags.js';
import { reportCommands } from './report-command-declarations.js';
import { studyCommands } from './study-commands.js';
import { taskCommands } from './task-commands.js';
import { checkFolderFlag, UsageError, unknownFlagsMessage } from './usage-error.js';

export const processOutput: Output = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** Every command, in the order `actbench --help` lists them. */
function allCommands(io: Output): AnyCommand[] {
  const activation = activationCommands(io);
  const study = studyCommands(io);
  const task = taskCommands(io);
  const report = reportCommands(io);
  const cluster = clusterCommands(io);
  return [
    activation.activations,
    study.run,
    study.status,
    study.merge,
    task.tasks,
    datasetCommands(io).datasets,
    task.train,
    activation.bench,
    dataCommands(io).data,
    report.report,
    report.compare,
    cluster.slurm,
    cluster.queue,
    cluster.worker,
  ];
}

export function buildCli(argv: readonly string[], io: Output) {
  return (
    allCommands(io)
      .reduce((cli, declaration) => cli.command(declaration), yargs(argv).scriptName('actbench').usage('$0 <command> [options]'))
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
      })
  );
}

/** The exit code of a failed command: the one an InputError carries; 1 for anything else. */
function exitCodeOf(error: unknown): number {
  return error instanceof InputError ? error.exitCode : 1;
}

/**
 * Runs `actbench ARGV` in this process, writing to `io`; resolves to the exit code. `debug` (by
 * default the ACTBENCH_DEBUG variable) adds the stack to an error's line.
 */
export async function runCli(
  argv: readonly string[],
  io: Output = processOutput,
  debug = Boolean(process.env['ACTBENCH_DEBUG']),
): Promise<number> {
  try {
    const args = protectNegativeNumbers(argv);
    // With a callback yargs hands over what it would print (help, --version) instead of printing
    // it and exiting the process, so the text goes to `io` and the caller keeps control.
    let printed = '';
    await buildCli(args, io).parseAsync(args, {}, (_error, _parsed, output) => {
      printed = output;
    });
    if (printed !== '') io.out(`${printed}\n`);
    return 0;
  } catch (error) {
    const fileError = describeFileError(error);
    const message = fileError ?? (error instanceof Error ? error.message : String(error));
    // Cut and escaped, whatever a message echoes of the input: one readable line.
    const line = escapeControls(message.split('\n')[0]!);
    io.err(`actbench: ${line.length > 1000 ? `${line.slice(0, 1000)}…` : line}\n`);
    if (debug && error instanceof Error) io.err(`${error.stack}\n`);
    // File-system errors almost always mean a path the user gave is wrong.
    return fileError !== undefined ? 2 : exitCodeOf(error);
  }
}
