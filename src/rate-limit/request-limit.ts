/**
 * Refuses a principal's request (over HTTP, or an operation of another transport) once its token bucket is empty:
 * 429, `RATE_LIMITED`, and when to retry.
 */
import type { Principal } from '../auth/principal.js';
import { rateLimitedRefusal } from '../errors-graphql.js';
import type { Logger } from '../logger.js';
import { takeOrAllow, type BucketRule, type RateLimitStore } from './store.js';

export interface RateLimitOptions {
  store: RateLimitStore;
  rule: BucketRule;
  principalOf(request: Request): Principal;
  logger: Logger;
}

/** Takes one token of the request's principal, or throws the refusal (429): for HTTP and for operations of other transports. */
export function requestRateLimit({ store, rule, principalOf, logger }: RateLimitOptions): (request: Request) => Promise<void> {
  return async (request) => {
    const principal = principalOf(request);
    const verdict = await takeOrAllow(store, `${principal.kind}:${principal.name}`, rule, logger, 'request let through');
    if (verdict.allowed) return;
    logger.info({ principal: principal.name, retryAfterMs: verdict.retryAfterMs }, 'request rate-limited');
    throw rateLimitedRefusal(verdict.retryAfterMs);
  };
}
