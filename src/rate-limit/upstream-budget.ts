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
import type { BucketRule, RateLimitStore } from './store.js';

export interface UpstreamBudget {
  store: RateLimitStore;
  rule: BucketRule;
  logger: Logger;
}

const keyOf = (principal: Principal) => `upstream:${principal.kind}:${principal.name}`;

/** Spends one call of `principal`'s budget, or throws RATE_LIMITED. A failing store lets the call through, loudly. */
export function upstreamAdmission({ store, rule, logger }: UpstreamBudget, principal: Principal): () => Promise<void> {
  return async () => {
    let verdict;
    try {
      verdict = await store.take(keyOf(principal), rule);
    } catch (error) {
      logger.error({ err: error }, 'rate-limit store failed; upstream call let through');
      return;
    }
    if (!verdict.allowed) throw new RateLimitedError(verdict.retryAfterMs);
  };
}

/** Refuses a request before parsing when its principal has no upstream call left: for HTTP and other transports. */
export function upstreamBudgetLeft({ store, rule, logger }: UpstreamBudget, principalOf: (request: Request) => Principal): (request: Request) => Promise<void> {
  return async (request) => {
    const principal = principalOf(request);
    let verdict;
    try {
      verdict = await store.take(keyOf(principal), rule, 0);
    } catch (error) {
      logger.error({ err: error }, 'rate-limit store failed; request let through');
      return;
    }
    if (verdict.allowed) return;
    logger.info({ principal: principal.name, retryAfterMs: verdict.retryAfterMs }, 'request refused: upstream-call budget spent');
    throw rateLimitedRefusal(verdict.retryAfterMs);
  };
}
