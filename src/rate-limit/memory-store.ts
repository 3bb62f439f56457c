/** The rate-limit store of a single gateway: token buckets in a Map, idle ones dropped as the Map grows. */
import type { BucketRule, RateLimitStore, TakeResult } from './store.js';

interface Bucket {
  tokens: number;
  at: number;
}

export interface MemoryStoreOptions {
  /** Milliseconds on a monotonic clock; tests pass their own. */
  now?: () => number;
  /** Buckets kept before full ones are dropped (a full bucket is the same as none). */
  maxKeys?: number;
}

export class MemoryRateLimitStore implements RateLimitStore {
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;
  private readonly maxKeys: number;

  constructor({ now = () => performance.now(), maxKeys = 10_000 }: MemoryStoreOptions = {}) {
    this.now = now;
    this.maxKeys = maxKeys;
  }

  async take(key: string, rule: BucketRule, cost = 1): Promise<TakeResult> {
    const now = this.now();
    const bucket = this.buckets.get(key);
    if (!bucket && cost === 0) return { allowed: true };
    const tokens = bucket ? Math.min(rule.burst, bucket.tokens + ((now - bucket.at) / 1000) * rule.perSecond) : rule.burst;
    const needed = Math.max(1, cost);
    if (tokens < needed) {
      this.buckets.set(key, { tokens, at: now });
      return { allowed: false, retryAfterMs: Math.ceil(((Math.min(needed, rule.burst) - tokens) / rule.perSecond) * 1000) };
    }
    // Re-inserting keeps the Map in least-recently-used order for eviction.
    this.buckets.delete(key);
    this.buckets.set(key, { tokens: tokens - cost, at: now });
    if (this.buckets.size > this.maxKeys) this.evict(rule, now);
    return { allowed: true };
  }

  /** How many buckets are held (for tests). */
  get size(): number {
    return this.buckets.size;
  }

  private evict(rule: BucketRule, now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * rule.perSecond >= rule.burst) this.buckets.delete(key);
    }
    // Still too many busy buckets: forget the least recently used, down to 90% so the next sweep is not the next
    // request. A forgotten bucket starts full again, erring on the lenient side.
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= this.maxKeys * 0.9) break;
      this.buckets.delete(key);
    }
  }
}
