/**
 * The one Redis connection of a gateway: every command bounded by GATEWAY_REDIS_TIMEOUT_MS, none queued while the
 * connection is down (a command then fails at once, and the store using it decides what that means), and
 * reconnection in the background for as long as the gateway runs, so it recovers by itself when Redis is back.
 */
import { Redis } from 'ioredis';
import type { RedisConfig } from '../config/index.js';
import type { Logger } from '../logger.js';

export interface RedisConnection {
  client: Redis;
  /** Keys of this gateway: the configured prefix, then `name`. */
  key(name: string): string;
  /** Whether commands can be sent now. */
  up(): boolean;
  /** Resolves once connected, or rejects after `ms`. */
  ready(ms: number): Promise<void>;
  close(): Promise<void>;
}

export function connectRedis(config: RedisConfig, logger: Logger): RedisConnection {
  const client = new Redis(config.url.href, {
    connectTimeout: config.timeoutMs,
    commandTimeout: config.timeoutMs,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    // Back off up to 2 s between attempts, never giving up.
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
    lazyConnect: false,
  });
  let down = false;
  client.on('error', (error: Error) => {
    // Once per outage, not once per reconnection attempt.
    if (!down) logger.error({ component: 'redis', err: error.message }, 'redis unreachable; shared stores fail until it is back');
    down = true;
  });
  client.on('ready', () => {
    if (down) logger.info({ component: 'redis' }, 'redis reachable again');
    down = false;
  });
  return {
    client,
    key: (name) => `${config.prefix}${name}`,
    up: () => client.status === 'ready',
    ready(ms) {
      if (client.status === 'ready') return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          client.off('ready', onReady);
          reject(new Error(`redis not reachable within ${ms} ms`));
        }, ms);
        const onReady = () => {
          clearTimeout(timer);
          resolve();
        };
        client.once('ready', onReady);
      });
    },
    async close() {
      // Unreachable: nothing to say goodbye to, and no reconnection after this.
      if (client.status !== 'ready') {
        client.disconnect();
        return;
      }
      try {
        await client.quit();
      } catch {
        client.disconnect();
      }
    },
  };
}
