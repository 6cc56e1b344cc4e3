// One Redis connection for the queue commands: checked once at start (a wrong URL or password is
// an immediate one-line error), then kept alive through outages, with every command waiting
// until Redis is back. BullMQ gets this client and duplicates it for its blocking connection,
// so the same behaviour holds for the queue, the workers and the collector.
import { Redis } from 'ioredis';
import { ClusterSetupError } from './cluster-error.js';
import { redactSecrets, type RedisTarget } from './redis-url.js';

export interface ConnectionNotices {
  /** Called once when an established connection is lost (with the reason, redacted). */
  lost?: (reason: string) => void;
  /** Called once when it is back. */
  back?: () => void;
}

/** Reconnect backoff after the start: quick at first, then every few seconds, forever. */
function reconnectDelay(attempt: number): number {
  return Math.min(250 * attempt, 3000);
}

/** Why the first connection failed, in words a user can act on. */
function explain(error: string): string {
  if (/WRONGPASS/.test(error)) return 'Redis refused the user name or password in the URL';
  if (/NOAUTH/.test(error)) return 'Redis asks for a password: give it in the URL as redis://:PASSWORD@host:port';
  return `cannot connect (${error})`;
}

export interface RedisHandle {
  client: Redis;
  /** Ends the connection (and silences the notices: this loss is on purpose). */
  close(): Promise<void>;
}

export async function connectRedis(target: RedisTarget, notices: ConnectionNotices = {}): Promise<RedisHandle> {
  let established = false;
  let closing = false;
  let lastError = '';
  const client = new Redis(target.url, {
    lazyConnect: true,
    // BullMQ requires null: commands wait through an outage instead of failing after N retries.
    maxRetriesPerRequest: null,
    connectTimeout: 5000,
    retryStrategy: (attempt) => (established ? reconnectDelay(attempt) : null),
  });
  // Without a listener ioredis prints every connection error itself, unredacted and repeatedly.
  client.on('error', (error: Error) => {
    lastError = redactSecrets(error.message, target);
  });
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    client.disconnect();
    const reason = lastError || redactSecrets(error instanceof Error ? error.message : String(error), target);
    throw new ClusterSetupError(`--redis ${target.display}: ${explain(reason)}`);
  }
  established = true;
  let down = false;
  client.on('close', () => {
    if (down || closing) return;
    down = true;
    notices.lost?.(lastError || 'connection closed');
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    lastError = '';
    notices.back?.();
  });
  return {
    client,
    async close() {
      closing = true;
      await client.quit().catch(() => client.disconnect());
    },
  };
}
