/**
 * Watch leases in Redis: `<prefix>watch:lease:<object>` holds the holder's ID with the lease's expiry (taken with a
 * SET NX, renewed and released only by its holder, compare-and-set in one script), and `<prefix>watch:seen:<object>`
 * what the holder saw last (written only while it holds the lease). Scripts take at most CHUNK objects at a time.
 */
import { randomUUID } from 'node:crypto';
import type { RedisConnection } from '../redis/connection.js';
import type { LeaseClaim, WatchLeases } from './leases.js';

/** KEYS: n lease keys, then their n seen keys. ARGV: holder, ms. One answer per lease: r(enewed), o(ther's), t(aken), s<seen> (taken, with what was seen). */
const CLAIM = `
local n = #KEYS / 2
local out = {}
for i = 1, n do
  local holder = redis.call('GET', KEYS[i])
  if holder == ARGV[1] then
    redis.call('PEXPIRE', KEYS[i], ARGV[2])
    out[i] = 'r'
  elseif not holder then
    redis.call('SET', KEYS[i], ARGV[1], 'PX', ARGV[2])
    local seen = redis.call('GET', KEYS[n + i])
    if seen then out[i] = 's' .. seen else out[i] = 't' end
  else
    out[i] = 'o'
  end
end
return out
`;

/** KEYS: n lease keys, then their n seen keys. ARGV: holder, ms, then n signatures. */
const REMEMBER = `
local n = #KEYS / 2
for i = 1, n do
  if redis.call('GET', KEYS[i]) == ARGV[1] then redis.call('SET', KEYS[n + i], ARGV[2 + i], 'PX', ARGV[2]) end
end
return 1
`;

/** KEYS: lease keys. ARGV: holder. */
const RELEASE = `
for i = 1, #KEYS do
  if redis.call('GET', KEYS[i]) == ARGV[1] then redis.call('DEL', KEYS[i]) end
end
return 1
`;

const CHUNK = 200;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

export interface RedisWatchLeaseOptions {
  onError?: (operation: string, error: unknown) => void;
  /**
   * Whether this replica hears the holders' events now (its pub/sub connection is up). While it does not, a claim
   * fails like an unreachable Redis, so that the replica goes on watching for its own subscribers rather than leave
   * them to events it cannot hear (after an outage the two connections come back at different times).
   */
  hearing?: () => boolean;
}

export class RedisWatchLeases implements WatchLeases {
  /** This replica, as the holder of its leases. */
  readonly holder = randomUUID();

  constructor(
    private readonly redis: RedisConnection,
    private readonly options: RedisWatchLeaseOptions = {},
  ) {}

  async claim(keys: readonly string[], ms: number): Promise<Map<string, LeaseClaim>> {
    const claims = new Map<string, LeaseClaim>();
    try {
      if (this.options.hearing && !this.options.hearing()) throw new Error('the event bus is not listening');
      for (const part of chunks(keys)) {
        const answers = (await this.redis.client.eval(CLAIM, part.length * 2, ...part.map((k) => this.lease(k)), ...part.map((k) => this.seen(k)), this.holder, Math.ceil(ms))) as unknown;
        if (!Array.isArray(answers) || answers.length !== part.length) throw new Error('unexpected answer of the lease script');
        part.forEach((key, i) => {
          const answer = String(answers[i]);
          if (answer === 'r') claims.set(key, { held: true, taken: false });
          else if (answer === 't') claims.set(key, { held: true, taken: true });
          else if (answer.startsWith('s')) claims.set(key, { held: true, taken: true, seen: answer.slice(1) });
          else claims.set(key, { held: false, taken: false });
        });
      }
    } catch (error) {
      this.options.onError?.('claim', error);
      throw error;
    }
    return claims;
  }

  async remember(seen: ReadonlyMap<string, string>, ms: number): Promise<void> {
    try {
      for (const part of chunks([...seen])) {
        await this.redis.client.eval(
          REMEMBER,
          part.length * 2,
          ...part.map(([k]) => this.lease(k)),
          ...part.map(([k]) => this.seen(k)),
          this.holder,
          Math.ceil(ms),
          ...part.map(([, signature]) => signature),
        );
      }
    } catch (error) {
      this.options.onError?.('remember', error);
    }
  }

  async release(keys: readonly string[]): Promise<void> {
    try {
      for (const part of chunks(keys)) await this.redis.client.eval(RELEASE, part.length, ...part.map((k) => this.lease(k)), this.holder);
    } catch (error) {
      this.options.onError?.('release', error);
    }
  }

  private lease(key: string): string {
    return this.redis.key(`watch:lease:${key}`);
  }

  private seen(key: string): string {
    return this.redis.key(`watch:seen:${key}`);
  }
}
