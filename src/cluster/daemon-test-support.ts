// Test support for tests that start real daemons (redis-server, slurmctld, slurmd) or long-lived
// actbench processes: free loopback ports, polling with a deadline, and child processes that are
// stopped by their PID (SIGTERM, then SIGKILL) and whose output is kept for assertions.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createServer } from 'node:net';

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Polls `condition` every `everyMs` until it holds; throws after `timeoutMs`, naming `what`. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export interface Managed {
  readonly child: ChildProcess;
  readonly pid: number;
  /** stdout and stderr so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  readonly exited: Promise<number | string>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it is gone. Does nothing once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

export function startManaged(command: string, args: string[], options: SpawnOptions = {}): Managed {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`${command} did not start`);
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  let ended = false;
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      ended = true;
      resolve(code ?? signal ?? 'unknown');
    });
    child.once('error', (error) => {
      ended = true;
      err += String(error);
      resolve('error');
    });
  });
  const pid = child.pid;
  return {
    child,
    pid,
    stdout: () => out,
    stderr: () => err,
    exited,
    async stop(graceMs = 3000) {
      if (ended) return;
      process.kill(pid, 'SIGTERM');
      const timer = setTimeout(() => {
        if (!ended) process.kill(pid, 'SIGKILL');
      }, graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
