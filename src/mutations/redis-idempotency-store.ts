/**
 * Idempotency records in Redis, shared by replicas. A claim is one script: a new token is written as a pending
 * record (with the 24 h expiry) carrying a short lease; a second replica with the same token sees it busy and polls
 * until the record is completed. A claim whose lease has passed belongs to a replica that died or lost Redis
 * mid-mutation: the cloud may have done it, so the record turns into "outcome unknown" and the retry reconciles it
 * (reads only), never runs it again and never waits 24 h. Redis' clock decides leases, so replicas' clocks may differ.
 */
import type { RedisConnection } from '../redis/connection.js';
import { GatewayError } from '../errors.js';
import type { Claim, IdempotencyRecord, IdempotencyStore } from './idempotency.js';

const CLAIM = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local v = redis.call('GET', KEYS[1])
if not v then
  redis.call('SET', KEYS[1], cjson.encode({s = 'pending', f = ARGV[1], l = now + tonumber(ARGV[2])}), 'PX', ARGV[3])
  return {'claimed'}
end
local r = cjson.decode(v)
if r.s == 'pending' then
  if r.l > now then return {'busy', r.f} end
  local u = cjson.encode({s = 'unknown', f = r.f})
  redis.call('SET', KEYS[1], u, 'KEEPTTL')
  return {'done', u}
end
return {'done', v}
`;

const RELEASE = `
local v = redis.call('GET', KEYS[1])
if v and cjson.decode(v).s == 'pending' then redis.call('DEL', KEYS[1]) end
return 1
`;

/** How often a replica waiting for another's run of the same token looks again. */
const POLL_MS = 50;

export interface RedisIdempotencyOptions {
  /** How long a pending record holds its token: longer than a mutation may run (the request deadline). */
  leaseMs: number;
  /** Counts a failed Redis command (metrics) and logs it. */
  onError?: (operation: string, error: unknown) => void;
}

type Stored = { s: 'pending' | 'unknown' | 'done'; f: string; r?: unknown };

export class RedisIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly options: RedisIdempotencyOptions,
  ) {}

  async claim(key: string, fingerprint: string, ttlMs: number): Promise<Claim> {
    let answer: [string, string?];
    try {
      answer = (await this.redis.client.eval(CLAIM, 1, this.key(key), fingerprint, this.options.leaseMs, ttlMs)) as [string, string?];
    } catch (error) {
      this.options.onError?.('claim', error);
      throw new GatewayError(
        'STORE_UNAVAILABLE',
        'The shared idempotency store cannot be reached, so a mutation with a clientToken cannot be run safely; nothing was run. Try again later.',
      );
    }
    const [kind, payload] = answer;
    if (kind === 'claimed') return { kind: 'claimed' };
    if (kind === 'busy') return { kind: 'busy', fingerprint: payload!, settled: pause(POLL_MS) };
    const stored = JSON.parse(payload!) as Stored;
    const record: IdempotencyRecord = { fingerprint: stored.f, outcome: stored.s === 'done' ? 'done' : 'unknown', result: stored.r };
    return { kind: 'done', record };
  }

  /**
   * A failure here is not thrown: the mutation has run and its caller gets its result. The pending record then
   * outlives its lease and turns into "outcome unknown", which a retry reconciles instead of running again.
   */
  async complete(key: string, record: IdempotencyRecord, ttlMs: number): Promise<void> {
    const stored: Stored = { s: record.outcome, f: record.fingerprint, ...(record.result !== undefined && { r: record.result }) };
    try {
      await this.redis.client.set(this.key(key), JSON.stringify(stored), 'PX', ttlMs);
    } catch (error) {
      this.options.onError?.('complete', error);
    }
  }

  /** Not thrown either: an unreleased claim becomes "outcome unknown" after its lease, which errs on the safe side. */
  async release(key: string): Promise<void> {
    try {
      await this.redis.client.eval(RELEASE, 1, this.key(key));
    } catch (error) {
      this.options.onError?.('release', error);
    }
  }

  private key(key: string): string {
    return this.redis.key(`idempotency:${key}`);
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
