// Test support: a redis-server of its own for one test file, on 127.0.0.1 at a free port, with a
// password and a fresh temporary folder, appending every write to its AOF with fsync so that a
// restart (even after SIGKILL) finds every acknowledged write: tests can take Redis away and
// bring the same data back.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { freePort, startManaged, waitFor, type Managed } from './daemon-test-support.js';

export interface TestRedis {
  port: number;
  password: string;
  /** redis://:password@127.0.0.1:port */
  url: string;
  /** Kills the server (SIGKILL): what a crash or a lost machine looks like to clients. */
  kill(): Promise<void>;
  /** Starts it again on the same port and folder. */
  start(): Promise<void>;
  /** Stops it and deletes its folder. */
  stop(): Promise<void>;
}

async function ping(port: number, password: string): Promise<boolean> {
  const client = new Redis({ host: '127.0.0.1', port, password, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  client.on('error', () => {
    // Not up yet: the caller polls again.
  });
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export async function startTestRedis(password: string): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'actbench-redis-'));
  let server: Managed | null = null;
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--requirepass',
    password,
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    'yes',
    '--appendfsync',
    'always',
    '--daemonize',
    'no',
  ];
  const start = async (): Promise<void> => {
    const started = startManaged('redis-server', args);
    server = started;
    await waitFor(
      'redis-server to answer',
      () => {
        if (started.child.exitCode !== null) throw new Error(`redis-server exited: ${started.stdout().slice(-500)}`);
        return ping(port, password);
      },
      10_000,
    );
  };
  await start();
  return {
    port,
    password,
    url: `redis://:${password}@127.0.0.1:${port}`,
    async kill() {
      if (server === null) return;
      process.kill(server.pid, 'SIGKILL');
      await server.exited;
      server = null;
    },
    start,
    async stop() {
      await server?.stop();
      server = null;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
