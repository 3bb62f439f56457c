/**
 * Where rate-limit counters live. One gateway keeps them in memory; several replicas behind one address need a
 * shared store (Redis, ...) so a principal's budget is one budget, whichever replica answers.
 */
import type { Logger } from '../logger.js';

/** A token bucket: `burst` requests at once, refilled at `perSecond`. */
export interface BucketRule {
  burst: number;
  perSecond: number;
}

export type TakeResult = { allowed: true } | { allowed: false; retryAfterMs: number };

export interface RateLimitStore {
  /**
   * Takes `cost` tokens (1 unless told) from the bucket of `key`, creating it full; refused, taking nothing, when
   * fewer are left. A cost of 0 only asks whether a token is left, and creates no bucket. Must be atomic per key: a
   * shared store does the refill, the check and the take in one round trip (a script), never as a read then a write.
   */
  take(key: string, rule: BucketRule, cost?: number): Promise<TakeResult>;
}

/**
 * `store.take`, where a failing store allows: a shared store that is down must not take the gateway with it. The
 * failure is logged as `rate-limit store failed; <allowed>` (what went ahead unchecked).
 */
export async function takeOrAllow(store: RateLimitStore, key: string, rule: BucketRule, logger: Logger, allowed: string, cost?: number): Promise<TakeResult> {
  try {
    return await store.take(key, rule, cost);
  } catch (error) {
    logger.error({ err: error }, `rate-limit store failed; ${allowed}`);
    return { allowed: true };
  }
}
