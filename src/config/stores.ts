/** Where state that outlives a request is kept: the idempotency records' bounds, and the Redis replicas share. */
import { z } from 'zod';
import { int, optionalText, type EnvOf } from './env.js';

/** The Redis that replicas share: idempotency records and rate-limit buckets live there. */
export interface RedisConfig {
  /** `redis://` or `rediss://`, with user and password if any; never logged. */
  url: URL;
  /** Put before every key, so several gateways (or other programs) can share one Redis. */
  prefix: string;
  /** The longest one Redis command (and a connection attempt) may take. */
  timeoutMs: number;
  /** What rate limits do while Redis cannot be reached: let requests through, or refuse them. */
  rateLimitOnFailure: 'allow' | 'deny';
}

/** Bounds of the in-memory idempotency records of mutations. */
export interface IdempotencyConfig {
  maxRecords: number;
  maxBytes: number;
}

export const storesEnv = {
  GATEWAY_IDEMPOTENCY_MAX_RECORDS: int(1, 10_000_000, 50_000),
  GATEWAY_IDEMPOTENCY_MAX_BYTES: int(65_536, 4_294_967_296, 32 * 1024 * 1024),
  GATEWAY_REDIS_URL: optionalText.transform((value, ctx) => {
    if (value === undefined) return null;
    try {
      const url = new URL(value);
      if ((url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname) return url;
    } catch {
      // reported below
    }
    // Never echo the value: it may hold a password.
    ctx.addIssue({ code: 'custom', message: 'is not a redis:// or rediss:// URL (redis://[user:password@]host[:port][/db])' });
    return z.NEVER;
  }),
  GATEWAY_REDIS_PREFIX: optionalText.pipe(
    z.string().regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'must be 1 to 64 letters, digits or ":_.-"').default('hypernode-gateway:'),
  ),
  GATEWAY_REDIS_TIMEOUT_MS: int(10, 60_000, 1_000),
  GATEWAY_RATE_LIMIT_ON_STORE_FAILURE: optionalText.pipe(z.enum(['allow', 'deny'], 'must be allow or deny').default('allow')),
};

export function storesConfig(e: EnvOf<typeof storesEnv>): { idempotency: IdempotencyConfig; redis: RedisConfig | null } {
  return {
    idempotency: { maxRecords: e.GATEWAY_IDEMPOTENCY_MAX_RECORDS, maxBytes: e.GATEWAY_IDEMPOTENCY_MAX_BYTES },
    redis: e.GATEWAY_REDIS_URL
      ? { url: e.GATEWAY_REDIS_URL, prefix: e.GATEWAY_REDIS_PREFIX, timeoutMs: e.GATEWAY_REDIS_TIMEOUT_MS, rateLimitOnFailure: e.GATEWAY_RATE_LIMIT_ON_STORE_FAILURE }
      : null,
  };
}
