// Submits a study's two batch scripts with sbatch: the array first, then the follow-up with
// --dependency=afterok on it. sbatch's answer is parsed from --parsable ("id" or "id;cluster").
import { spawnSync } from 'node:child_process';
import { ClusterSetupError } from './cluster-error.js';
import type { SlurmScriptPaths } from './slurm-scripts.js';

/** sbatch ran and refused the script (an unknown partition, a time above the limit...). */
export class SbatchError extends Error {
  override name = 'SbatchError';
}

export interface SubmittedStudy {
  arrayJob: string;
  mergeJob: string;
}

function sbatch(args: string[], env: NodeJS.ProcessEnv): string {
  const result = spawnSync('sbatch', ['--parsable', ...args], { encoding: 'utf8', env });
  if (result.error) {
    if ((result.error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ClusterSetupError(
        '--submit: sbatch is not on the PATH; run this on a Slurm login node, or submit the written scripts there yourself',
      );
    }
    throw new SbatchError(`sbatch ${args.join(' ')}: ${result.error.message}`);
  }
  const answer = /^(\d+)(?:;\S*)?\s*$/m.exec(result.stdout);
  if (result.status !== 0 || !answer) {
    const said = (result.stderr || result.stdout).trim().split('\n')[0] ?? '';
    throw new SbatchError(`sbatch ${args.join(' ')} failed (exit ${result.status ?? result.signal}): ${said}`);
  }
  return answer[1]!;
}

export function submitSlurmScripts(paths: SlurmScriptPaths, env: NodeJS.ProcessEnv = process.env): SubmittedStudy {
  const arrayJob = sbatch([paths.array], env);
  try {
    return { arrayJob, mergeJob: sbatch([`--dependency=afterok:${arrayJob}`, paths.merge], env) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new SbatchError(
      `array job ${arrayJob} is submitted, but the follow-up is not: ${message}; submit it with sbatch --dependency=afterok:${arrayJob} ${paths.merge}`,
    );
  }
}
