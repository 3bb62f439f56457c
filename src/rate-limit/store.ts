/**
 * Where rate-limit counters live. One gateway keeps them in memory; several replicas behind one address need a
 * shared store (Redis, ...) so a principal's budget is one budget, whichever replica answers.
 */

/** A token bucket: `burst` requests at once, refilled at `perSecond`. */
export interface BucketRule {
  burst: number;
  perSecond: number;
}

export type TakeResult = { allowed: true } | { allowed: false; retryAfterMs: number };

export interface RateLimitStore {
  /**
   * Takes one token from the bucket of `key`, creating it full. Must be atomic per key: a shared store does the
   * refill, the check and the take in one round trip (a script), never as a read then a write.
   */
  take(key: string, rule: BucketRule): Promise<TakeResult>;
}
