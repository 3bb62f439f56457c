/** The stores replicas share over Redis (GATEWAY_REDIS_URL): one connection, failures counted and logged. */
import type { RedisConfig } from '../config/index.js';
import { RedisFleetStore } from '../fleet/redis-store.js';
import type { FleetStore } from '../fleet/store.js';
import type { Logger } from '../logger.js';
import { RedisIdempotencyStore } from '../mutations/redis-idempotency-store.js';
import type { IdempotencyStore } from '../mutations/idempotency.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import { RedisRateLimitStore } from '../rate-limit/redis-store.js';
import type { RateLimitStore } from '../rate-limit/store.js';
import { RedisTaskStore } from '../tasks/redis-store.js';
import type { TaskStore } from '../tasks/store.js';
import { RedisPersistedQueryStore } from '../trusted-documents/redis-store.js';
import type { PersistedQueryStore } from '../trusted-documents/store.js';
import type { EventBus } from '../subscriptions/bus.js';
import type { WatchLeases } from '../subscriptions/leases.js';
import { RedisEventBus } from '../subscriptions/redis-bus.js';
import { RedisWatchLeases } from '../subscriptions/redis-leases.js';
import { connectRedis, type RedisConnection } from './connection.js';

export interface SharedStores {
  connection: RedisConnection;
  idempotency: IdempotencyStore;
  rateLimit: RateLimitStore;
  fleet: FleetStore;
  tasks: TaskStore;
  persistedQueries: PersistedQueryStore;
  /** Subscription events, over pub/sub on a connection of its own. */
  bus: EventBus;
  /** Which replica watches each watched object. */
  watchLeases: WatchLeases;
  /** Closes the event bus's connection, then the shared one. */
  close(): Promise<void>;
}

export function createSharedStores(config: RedisConfig, leaseMs: number, logger: Logger, metrics: GatewayMetrics): SharedStores {
  const log = logger.child({ component: 'redis' });
  const connection = connectRedis(config, log);
  const failed = (store: string) => (operation: string, error: unknown) => {
    metrics.storeErrors.inc({ store, operation });
    log.debug({ store, operation, err: error instanceof Error ? error.message : String(error) }, 'shared store command failed');
  };
  const bus = new RedisEventBus(connection, {
    logger: log.child({ store: 'events' }),
    onError: failed('events'),
    onDropped: (reason) => metrics.eventsDropped.inc({ reason }),
  });
  return {
    connection,
    idempotency: new RedisIdempotencyStore(connection, { leaseMs, onError: failed('idempotency') }),
    rateLimit: new RedisRateLimitStore(connection, { onFailure: config.rateLimitOnFailure, onError: failed('rate-limit') }),
    // An invalidation outlives any walk in flight (a walk's deadline is a request's).
    fleet: new RedisFleetStore(connection, { markMs: 2 * leaseMs, onError: failed('fleet') }),
    tasks: new RedisTaskStore(connection, { onError: failed('tasks') }),
    persistedQueries: new RedisPersistedQueryStore(connection, failed('persisted-queries')),
    bus,
    watchLeases: new RedisWatchLeases(connection, { onError: failed('watch-leases'), hearing: () => bus.listeningUp() }),
    async close() {
      await bus.close();
      await connection.close();
    },
  };
}
