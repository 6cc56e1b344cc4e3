// `actbench data fetch cifar10|cifar100`: checks the flags, shows the download's progress on
// stderr (bytes done/total, rate, ETA) and says on stdout where the data now is.
import type { Checksum, DownloadProgress } from '../data/fetch.js';
import type { Output } from './activation-commands.js';
import { command, dataDirFlag, groupOnly } from './flags.js';
import { createProgress, formatDuration } from './progress.js';
import { UsageError } from './usage-error.js';

export interface DataFetchOptions {
  dataset: string;
  /** --data-dir, else ACTBENCH_DATA (the caller passes whichever is set). */
  dataDir: string | undefined;
  mirror?: string;
  checksum?: string;
}

/** "812.4 KiB", "162.6 MiB": the archives run from kilobytes (tests) to 170 MB. */
function formatBytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

const REDRAW_MS = 250;
/** While the size is unknown there is no line to redraw: one line at most this often. */
const UNKNOWN_SIZE_LINE_MS = 5000;

/** Progress of a byte stream: the shared done/total/ETA line when the size is known, a running count otherwise. */
function byteProgress(title: string, io: Output) {
  const started = Date.now();
  const progress = createProgress(title);
  let lastUnknown = 0;
  let lastRedraw = 0;
  return {
    update({ bytes, total }: DownloadProgress) {
      const seconds = (Date.now() - started) / 1000;
      const rate = seconds > 0 && bytes > 0 ? `, ${formatBytes(bytes / seconds)}/s` : '';
      if (total !== undefined) {
        // Chunks arrive every few kilobytes; a terminal needs a redraw only a few times a second.
        if (bytes !== 0 && bytes !== total && Date.now() - lastRedraw < REDRAW_MS) return;
        lastRedraw = Date.now();
        progress.update(bytes, total, `${formatBytes(bytes)} of ${formatBytes(total)}${rate}`);
      } else if (bytes === 0 || Date.now() - lastUnknown >= UNKNOWN_SIZE_LINE_MS) {
        lastUnknown = Date.now();
        io.err(`${title}: ${formatBytes(bytes)}${rate} after ${formatDuration(seconds)} (the server did not give the size)\n`);
      }
    },
    finish: () => progress.finish(),
  };
}

export async function dataFetchCommand(options: DataFetchOptions, io: Output): Promise<void> {
  // On demand: the archive code (tar) is needed only here, not by every command's start-up.
  const { downloadUrl, fetchDataset, FETCHABLE_DATASETS, parseChecksum } = await import('../data/fetch.js');
  const spec = FETCHABLE_DATASETS[options.dataset];
  if (!spec)
    throw new UsageError(`data fetch: '${options.dataset}' cannot be fetched; choose ${Object.keys(FETCHABLE_DATASETS).join(' or ')}`);
  if (options.dataDir === undefined || options.dataDir === '') {
    throw new UsageError(
      `data fetch: give --data-dir DIR (or set ACTBENCH_DATA): the folder to unpack ${options.dataset} into, and the one to pass to train and run`,
    );
  }
  let checksum: Checksum | undefined;
  if (options.checksum !== undefined) {
    try {
      checksum = parseChecksum(options.checksum);
    } catch (error) {
      throw new UsageError(`--checksum: ${(error as Error).message}`);
    }
  }
  let url: string;
  try {
    url = downloadUrl(spec, options.mirror);
  } catch (error) {
    throw new UsageError(`--mirror: ${(error as Error).message}`);
  }

  let progress: ReturnType<typeof byteProgress> | undefined;
  const result = await fetchDataset({
    dataset: options.dataset,
    dataDir: options.dataDir,
    mirror: options.mirror,
    checksum,
    onProgress: (state) => {
      if (!progress) {
        io.err(`downloading ${url}\n`);
        progress = byteProgress(`download ${options.dataset}`, io);
      }
      progress.update(state);
    },
  });
  progress?.finish();
  if (result.status === 'present') {
    io.out(`${options.dataset} is already in ${result.folder}; nothing to fetch\n`);
  } else {
    io.out(
      `${options.dataset}: ${formatBytes(result.bytes)} from ${result.url}, ${result.checksum.algorithm} ${result.checksum.hex} verified, unpacked into ${result.folder}\n`,
    );
  }
}

/** `actbench data fetch`, flags beside the handler. */
export function dataCommands(io: Output) {
  const fetch = command({
    command: 'fetch <dataset>',
    describe: 'download cifar10 or cifar100, verify its checksum and unpack it into the data folder (does nothing when it is there)',
    builder: (c) =>
      c
        .positional('dataset', { type: 'string', demandOption: true, describe: 'cifar10 | cifar100' })
        .option('data-dir', { type: 'string', describe: 'folder to unpack into (or ACTBENCH_DATA)' })
        .option('mirror', {
          type: 'string',
          describe: "the archive's URL elsewhere; ending in / : a folder holding it under its official name",
        })
        .option('checksum', { type: 'string', describe: 'ALGO:HEX the archive must have (default: the official md5)' }),
    handler: async (args) => {
      await dataFetchCommand(
        { dataset: args.dataset, dataDir: dataDirFlag(args['data-dir']), mirror: args.mirror, checksum: args.checksum },
        io,
      );
    },
  });
  return {
    data: command({
      command: 'data',
      describe: 'datasets that can be downloaded',
      builder: (y) => y.command(fetch).demandCommand(1, 'data: give a subcommand: fetch'),
      handler: groupOnly,
    }),
  };
}
