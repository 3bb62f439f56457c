/** How the gateway calls the clouds: deadlines, answer sizes, concurrency, batching, retries and breakers. */
import { z } from 'zod';
import type { BreakerSettings } from '../providers/breaker.js';
import type { RetrySettings } from '../providers/retry.js';
import { int, optionalText, share, type EnvOf } from './env.js';

export type { BreakerSettings } from '../providers/breaker.js';
export type { RetrySettings } from '../providers/retry.js';

export interface UpstreamConfig {
  /** The deadline of one GraphQL request; every upstream call it makes inherits it. */
  requestTimeoutMs: number;
  connectTimeoutMs: number;
  /** The longest one upstream call may take; by default 80% of the request's deadline. */
  callTimeoutMs: number;
  /** The largest answer body one upstream call may bring; a larger one is UPSTREAM_ERROR. */
  maxAnswerBytes: number;
  /** Upstream calls one GraphQL request may have in flight per cloud. */
  concurrencyPerProvider: number;
  /** False switches batching, caching and priming off: a naive resolver per field, for benchmarks only. */
  loaders: boolean;
  /** Identical upstream reads in flight at once, from any requests, share one call. */
  coalesce: boolean;
  retry: RetrySettings;
  breaker: BreakerSettings;
}

export const upstreamEnv = {
  GATEWAY_REQUEST_TIMEOUT_MS: int(100, 600_000, 10_000),
  GATEWAY_UPSTREAM_CONNECT_TIMEOUT_MS: int(10, 60_000, 3_000),
  // The default follows the deadline (see upstreamConfig), so that setting only the deadline is a valid configuration.
  GATEWAY_UPSTREAM_CALL_TIMEOUT_MS: int(10, 600_000, 0),
  GATEWAY_UPSTREAM_MAX_ANSWER_BYTES: int(65_536, 67_108_864, 4 * 1024 * 1024),
  GATEWAY_UPSTREAM_CONCURRENCY: int(1, 1000, 10),
  GATEWAY_LOADERS: optionalText.pipe(z.enum(['on', 'off'], 'must be on or off').default('on')),
  GATEWAY_UPSTREAM_COALESCE: optionalText.pipe(z.enum(['on', 'off'], 'must be on or off').default('on')),
  GATEWAY_RETRY_MAX_ATTEMPTS: int(1, 10, 3),
  GATEWAY_RETRY_BASE_MS: int(1, 60_000, 100),
  GATEWAY_RETRY_MAX_MS: int(1, 600_000, 2_000),
  GATEWAY_RETRY_BUDGET: int(0, 1000, 10),
  GATEWAY_BREAKER_FAILURE_RATE: share(0.5),
  GATEWAY_BREAKER_MIN_CALLS: int(1, 100_000, 10),
  GATEWAY_BREAKER_WINDOW_MS: int(1_000, 3_600_000, 10_000),
  GATEWAY_BREAKER_COOLDOWN_MS: int(10, 3_600_000, 10_000),
};

export function upstreamConfig(e: EnvOf<typeof upstreamEnv>, problems: string[]): UpstreamConfig {
  const callTimeoutMs = e.GATEWAY_UPSTREAM_CALL_TIMEOUT_MS || Math.max(10, Math.round(e.GATEWAY_REQUEST_TIMEOUT_MS * 0.8));
  if (callTimeoutMs > e.GATEWAY_REQUEST_TIMEOUT_MS) {
    problems.push('GATEWAY_UPSTREAM_CALL_TIMEOUT_MS: must not exceed GATEWAY_REQUEST_TIMEOUT_MS');
  }
  if (e.GATEWAY_BREAKER_FAILURE_RATE <= 0 || e.GATEWAY_BREAKER_FAILURE_RATE >= 1) {
    problems.push('GATEWAY_BREAKER_FAILURE_RATE: must be above 0 and below 1');
  }
  if (e.GATEWAY_RETRY_BASE_MS > e.GATEWAY_RETRY_MAX_MS) {
    problems.push('GATEWAY_RETRY_BASE_MS: must not exceed GATEWAY_RETRY_MAX_MS');
  }
  return {
    requestTimeoutMs: e.GATEWAY_REQUEST_TIMEOUT_MS,
    connectTimeoutMs: e.GATEWAY_UPSTREAM_CONNECT_TIMEOUT_MS,
    callTimeoutMs,
    maxAnswerBytes: e.GATEWAY_UPSTREAM_MAX_ANSWER_BYTES,
    concurrencyPerProvider: e.GATEWAY_UPSTREAM_CONCURRENCY,
    loaders: e.GATEWAY_LOADERS === 'on',
    coalesce: e.GATEWAY_UPSTREAM_COALESCE === 'on',
    retry: {
      maxAttempts: e.GATEWAY_RETRY_MAX_ATTEMPTS,
      baseDelayMs: e.GATEWAY_RETRY_BASE_MS,
      maxDelayMs: e.GATEWAY_RETRY_MAX_MS,
      budgetPerRequest: e.GATEWAY_RETRY_BUDGET,
    },
    breaker: {
      failureRate: e.GATEWAY_BREAKER_FAILURE_RATE,
      minCalls: e.GATEWAY_BREAKER_MIN_CALLS,
      windowMs: e.GATEWAY_BREAKER_WINDOW_MS,
      cooldownMs: e.GATEWAY_BREAKER_COOLDOWN_MS,
    },
  };
}
