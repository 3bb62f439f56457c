/**
 * Token buckets in Redis, one per key across every replica: the refill, the check and the take are one script on
 * Redis' clock. While Redis cannot be reached the configured policy answers (allow, or deny with a retry hint).
 */
import type { RedisConnection } from '../redis/connection.js';
import type { BucketRule, RateLimitStore, TakeResult } from './store.js';

const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local burst = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local b = redis.call('HMGET', KEYS[1], 't', 'a')
local tokens
if b[1] then
  tokens = math.min(burst, tonumber(b[1]) + (now - tonumber(b[2])) / 1000 * rate)
else
  if cost == 0 then return {1, 0} end
  tokens = burst
end
local ttl = 86400000
if rate > 0 then ttl = math.ceil(burst / rate * 1000) + 1000 end
local needed = math.max(1, cost)
if tokens < needed then
  redis.call('HSET', KEYS[1], 't', tostring(tokens), 'a', tostring(now))
  redis.call('PEXPIRE', KEYS[1], ttl)
  if rate <= 0 then return {0, 60000} end
  return {0, math.ceil((math.min(needed, burst) - tokens) / rate * 1000)}
end
redis.call('HSET', KEYS[1], 't', tostring(tokens - cost), 'a', tostring(now))
redis.call('PEXPIRE', KEYS[1], ttl)
return {1, 0}
`;

export interface RedisRateLimitOptions {
  /** `allow`: a request is let through while Redis is down; `deny`: refused, to retry in a second. */
  onFailure: 'allow' | 'deny';
  onError?: (operation: string, error: unknown) => void;
}

export class RedisRateLimitStore implements RateLimitStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly options: RedisRateLimitOptions,
  ) {}

  async take(key: string, rule: BucketRule, cost = 1): Promise<TakeResult> {
    try {
      const [allowed, retryAfterMs] = (await this.redis.client.eval(
        TAKE,
        1,
        this.redis.key(`rate:${key}`),
        rule.burst,
        rule.perSecond,
        cost,
      )) as [number, number];
      return allowed === 1 ? { allowed: true } : { allowed: false, retryAfterMs: Math.max(1, retryAfterMs) };
    } catch (error) {
      this.options.onError?.('take', error);
      return this.options.onFailure === 'allow' ? { allowed: true } : { allowed: false, retryAfterMs: 1_000 };
    }
  }
}
