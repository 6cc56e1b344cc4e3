// The two batch scripts of a study on Slurm: a job array whose task i runs shard i/N of the study
// into the shared study folder, and a follow-up job, submitted with afterok on the array, that
// checks the shard ledgers together, prints the summary and writes the report. Plain text from
// plain options; `actbench slurm` writes them and may submit them.
import path from 'node:path';
import { shellQuote } from './invocation.js';

export interface SlurmScriptOptions {
  studyName: string;
  /** Where the spec came from, for the header ("preset smoke", a file path). */
  origin: string;
  /** Absolute paths. */
  studyDir: string;
  specFile: string;
  tasks: number;
  cpusPerTask: number;
  partition?: string;
  time?: string;
  mem?: string;
  /** The command that runs actbench (see invocation.ts). */
  command: string[];
}

export interface SlurmScriptPaths {
  dir: string;
  array: string;
  merge: string;
  logs: string;
}

export function slurmScriptPaths(studyDir: string): SlurmScriptPaths {
  const dir = path.join(studyDir, 'slurm');
  return { dir, array: path.join(dir, 'array.sbatch'), merge: path.join(dir, 'merge.sbatch'), logs: path.join(dir, 'logs') };
}

/** A Slurm job name from the study name: letters, digits, '.', '_' and '-'. */
function jobName(studyName: string): string {
  return `actbench-${studyName.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
}

function directives(options: SlurmScriptOptions, name: string, output: string, cpus: number, extra: string[] = []): string[] {
  return [
    `--job-name=${name}`,
    ...extra,
    `--output=${output}`,
    // The job runs in the study folder, wherever sbatch was called from (the command needs no particular folder).
    `--chdir=${options.studyDir}`,
    `--cpus-per-task=${cpus}`,
    ...(options.time === undefined ? [] : [`--time=${options.time}`]),
    ...(options.mem === undefined ? [] : [`--mem=${options.mem}`]),
    ...(options.partition === undefined ? [] : [`--partition=${options.partition}`]),
  ].map((directive) => `#SBATCH ${directive}`);
}

function commandArray(command: string[]): string {
  return `actbench=(${command.map(shellQuote).join(' ')})`;
}

export function renderArrayScript(options: SlurmScriptOptions): string {
  const paths = slurmScriptPaths(options.studyDir);
  const n = options.tasks;
  const q = shellQuote;
  return [
    '#!/bin/bash',
    `# actbench study '${options.studyName}' (${options.origin}) as a Slurm job array: task i of ${n}`,
    `# runs shard i/${n} of the study into ${options.studyDir}`,
    `# (its own ledger.<i>of${n}.jsonl; the runner's lock.<i>of${n}.json keeps a second copy of a task off it).`,
    '# Written by `actbench slurm`, which also submits it and the follow-up with --submit; by hand:',
    `#   jid=$(sbatch --parsable ${q(paths.array)}) && sbatch --dependency=afterok:$jid ${q(paths.merge)}`,
    '#',
    '# A failed task can be resubmitted alone: the runner skips the jobs its shard already has in the',
    '# ledger and runs the rest. For task K:',
    `#   jid=$(sbatch --parsable --array=K ${q(paths.array)}) && sbatch --dependency=afterok:$jid ${q(paths.merge)}`,
    '# (the first follow-up never starts once a task has failed, so it is submitted again).',
    `# The shard count ${n} is written into the command below rather than read from`,
    '# SLURM_ARRAY_TASK_COUNT, which is 1 in such a resubmission. A task killed on another node leaves',
    "# its lock file behind, and the runner takes over a dead runner's lock only on the same host:",
    `# if the resubmitted task says shard K is in use, delete ${path.join(options.studyDir, `lock.Kof${n}.json`)}.`,
    ...directives(options, jobName(options.studyName), path.join(paths.logs, 'array-%A_%a.out'), options.cpusPerTask, [`--array=1-${n}`]),
    'set -eu',
    commandArray(options.command),
    `exec "\${actbench[@]}" run ${q(options.specFile)} --out ${q(options.studyDir)} --shard "\${SLURM_ARRAY_TASK_ID}/${n}" --workers ${options.cpusPerTask}`,
    '',
  ].join('\n');
}

export function renderMergeScript(options: SlurmScriptOptions): string {
  const paths = slurmScriptPaths(options.studyDir);
  const dir = shellQuote(options.studyDir);
  return [
    '#!/bin/bash',
    `# Follow-up of the actbench job array of study '${options.studyName}': submitted with`,
    '# --dependency=afterok:<array job id>, it starts once every array task has succeeded. The shard',
    `# ledgers already live side by side in ${options.studyDir}; \`actbench merge\` into that folder`,
    '# reads them together, refusing records of another study or damaged lines, and copies nothing.',
    "# Then the summary goes to this job's log and the report to report/ in the study folder.",
    ...directives(options, `${jobName(options.studyName)}-merge`, path.join(paths.logs, 'merge-%j.out'), 1),
    'set -eu',
    commandArray(options.command),
    `"\${actbench[@]}" merge ${dir} ${dir}`,
    `"\${actbench[@]}" status ${dir}`,
    `"\${actbench[@]}" report ${dir}`,
    '',
  ].join('\n');
}
