/**
 * The upstream-call budget of each principal: a token bucket (`GATEWAY_UPSTREAM_BUDGET_PER_SECOND`, `_BURST`) in the
 * rate-limit store, one token per HTTP call to a cloud, retries included. The cloud API quota is shared by every
 * caller; this keeps one caller from spending it. A request arriving with the bucket empty is refused whole (429);
 * a call that finds it empty mid-request fails alone, `RATE_LIMITED` with when to retry.
 */
import type { Principal } from '../auth/principal.js';
import { RateLimitedError } from '../errors.js';
import { rateLimitedRefusal } from '../errors-graphql.js';
import type { Logger } from '../logger.js';
import { takeOrAllow, type BucketRule, type RateLimitStore } from './store.js';

export interface UpstreamBudget {
  store: RateLimitStore;
  rule: BucketRule;
  logger: Logger;
}

const keyOf = (principal: Principal) => `upstream:${principal.kind}:${principal.name}`;

/** Spends one call of `principal`'s budget, or throws RATE_LIMITED. A failing store lets the call through, loudly. */
export function upstreamAdmission({ store, rule, logger }: UpstreamBudget, principal: Principal): () => Promise<void> {
  return async () => {
    const verdict = await takeOrAllow(store, keyOf(principal), rule, logger, 'upstream call let through');
    if (!verdict.allowed) throw new RateLimitedError(verdict.retryAfterMs);
  };
}

/** Refuses a request before parsing when its principal has no upstream call left: for HTTP and other transports. */
export function upstreamBudgetLeft({ store, rule, logger }: UpstreamBudget, principalOf: (request: Request) => Principal): (request: Request) => Promise<void> {
  return async (request) => {
    const principal = principalOf(request);
    const verdict = await takeOrAllow(store, keyOf(principal), rule, logger, 'request let through', 0);
    if (verdict.allowed) return;
    logger.info({ principal: principal.name, retryAfterMs: verdict.retryAfterMs }, 'request refused: upstream-call budget spent');
    throw rateLimitedRefusal(verdict.retryAfterMs);
  };
}
