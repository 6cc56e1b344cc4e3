// Test support: a single-node Slurm cluster for one test file, as docs/cluster.md §1
// describes it: slurmctld and slurmd in the foreground on 127.0.0.1 at free ports, no munge
// (auth/none), state, spool, logs and pid files in a fresh temporary folder, cons_tres so that
// array tasks run side by side, and a scheduler that starts jobs at once. Stopping cancels every
// job, then stops both daemons by PID and deletes the folder.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { skipUnlessTool } from '../util/system-tool-test-support.js';
import { freePort, startManaged, waitFor, type Managed } from './daemon-test-support.js';

const INSTALL = 'apt-get install slurmctld slurmd slurm-client';

export interface TestSlurm {
  /** The environment for Slurm commands and actbench: SLURM_CONF points at this cluster. */
  env: NodeJS.ProcessEnv;
  /** Runs a Slurm client command (squeue, sbatch...) against this cluster. */
  run(command: string, args: string[]): { status: number | null; stdout: string; stderr: string };
  /** Whether any of these jobs is still pending or running. */
  active(jobIds: string[]): boolean;
  stop(): Promise<void>;
}

export interface PreparedSlurm {
  dir: string;
  conf: string;
  /** false when every Slurm program runs, else why the test skips. */
  skip: string | false;
}

/** Writes the configuration (no daemons yet); the client programs need it even to print their version. */
export async function prepareTestSlurm(): Promise<PreparedSlurm> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'actbench-slurm-'));
  const conf = path.join(dir, 'slurm.conf');
  const [controllerPort, nodePort] = [await freePort(), await freePort()];
  const node = os.hostname().split('.')[0]!;
  // A little below the machine's memory, so that --mem requests fit.
  const memoryMb = Math.max(1024, Math.floor(os.totalmem() / 2 ** 20) - 512);
  for (const sub of ['state', 'spool']) mkdirSync(path.join(dir, sub));
  writeFileSync(
    conf,
    [
      'ClusterName=actbenchtest',
      `SlurmctldHost=${node}(127.0.0.1)`,
      `SlurmctldPort=${controllerPort}`,
      `SlurmdPort=${nodePort}`,
      'AuthType=auth/none',
      'CredType=cred/none',
      'SlurmUser=root',
      'SlurmdUser=root',
      `StateSaveLocation=${dir}/state`,
      `SlurmdSpoolDir=${dir}/spool`,
      `SlurmctldPidFile=${dir}/slurmctld.pid`,
      `SlurmdPidFile=${dir}/slurmd.pid`,
      `SlurmctldLogFile=${dir}/slurmctld.log`,
      `SlurmdLogFile=${dir}/slurmd.log`,
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_Core',
      'SchedulerParameters=batch_sched_delay=0,sched_interval=1',
      'JobAcctGatherType=jobacct_gather/none',
      'AccountingStorageType=accounting_storage/none',
      'ReturnToService=2',
      'MpiDefault=none',
      `NodeName=${node} NodeAddr=127.0.0.1 CPUs=${os.availableParallelism()} RealMemory=${memoryMb} State=UNKNOWN`,
      'PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP',
      '',
    ].join('\n'),
  );
  const previous = process.env['SLURM_CONF'];
  process.env['SLURM_CONF'] = conf;
  try {
    const skip =
      skipUnlessTool('slurmctld', INSTALL, ['-V']) ||
      skipUnlessTool('slurmd', INSTALL, ['-V']) ||
      skipUnlessTool('sbatch', INSTALL, ['-V']) ||
      skipUnlessTool('squeue', INSTALL, ['-V']) ||
      skipUnlessTool('scancel', INSTALL, ['-V']);
    return { dir, conf, skip };
  } finally {
    if (previous === undefined) delete process.env['SLURM_CONF'];
    else process.env['SLURM_CONF'] = previous;
  }
}

export async function startTestSlurm(prepared: PreparedSlurm): Promise<TestSlurm> {
  const env = { ...process.env, SLURM_CONF: prepared.conf };
  const run = (command: string, args: string[]) => {
    const result = spawnSync(command, args, { env, encoding: 'utf8', timeout: 30_000 });
    return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
  };
  const daemons: Managed[] = [];
  const stop = async (): Promise<void> => {
    if (daemons.length > 0) {
      run('scancel', ['--user', os.userInfo().username]);
      // Cancelled jobs' processes end within a moment; the daemons go after them.
      await waitFor('cancelled jobs to end', () => run('squeue', ['-h']).stdout.trim() === '', 15_000).catch(() => undefined);
    }
    for (const daemon of daemons.reverse()) await daemon.stop();
    daemons.length = 0;
    rmSync(prepared.dir, { recursive: true, force: true });
  };
  const log = (name: string): string => {
    try {
      return readFileSync(path.join(prepared.dir, name), 'utf8').slice(-2000);
    } catch {
      return '(no log)';
    }
  };
  try {
    // -D keeps each daemon in the foreground, so its PID is the one to stop (docs/cluster.md §1).
    daemons.push(startManaged('slurmctld', ['-D', '-i'], { env }));
    await waitFor('slurmctld to answer', () => run('scontrol', ['ping']).stdout.includes('UP'), 20_000, 200).catch((error: Error) => {
      throw new Error(`${error.message}; slurmctld.log: ${log('slurmctld.log')}`);
    });
    daemons.push(startManaged('slurmd', ['-D'], { env }));
    await waitFor('the node to be idle', () => run('sinfo', ['-h', '-o', '%T']).stdout.trim() === 'idle', 20_000, 200).catch(
      (error: Error) => {
        throw new Error(`${error.message}; slurmd.log: ${log('slurmd.log')}`);
      },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    env,
    run,
    active: (jobIds) => run('squeue', ['-h', '-j', jobIds.join(',')]).stdout.trim() !== '',
    stop,
  };
}
