/**
 * Fleet snapshots in Redis, shared by replicas, with the walk lease that lets one replica walk a region per TTL.
 * An invalidation deletes the snapshot and leaves a mark of when it happened, so that a walk another replica started
 * before it does not store what it read (asOf is older than the mark). Redis failing is never a failed read: a
 * snapshot that cannot be read is walked by this replica, one that cannot be stored or locked stays its own.
 *
 * A snapshot is stored as `<asOf>:<JSON>`. A read first asks for the few bytes of `asOf` and, when this replica has
 * already parsed that snapshot, answers the parsed one: a region's inventory (megabytes for thousands of nodes) crosses
 * the wire and is parsed once per replica and snapshot, not once per request, and the readers' per-snapshot caches of
 * filtered lists and counts keep working.
 */
import { randomUUID } from 'node:crypto';
import type { RedisConnection } from '../redis/connection.js';
import type { FleetStore, Inventory, WalkLease } from './store.js';

const SET_UNLESS_INVALIDATED = `
local mark = redis.call('GET', KEYS[2])
if mark and tonumber(mark) >= tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
return 1
`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
`;

export interface RedisFleetOptions {
  /** How long an invalidation mark is kept: longer than a walk may run. */
  markMs: number;
  onError?: (operation: string, error: unknown) => void;
  now?: () => number;
}

/** Enough bytes for `<asOf>:` (epoch ms has 13 digits until the year 2286). */
const HEAD_BYTES = 24;

export class RedisFleetStore implements FleetStore {
  private readonly now: () => number;
  /** The last snapshot parsed per key (one per kind and configured region, so bounded by the config). */
  private readonly parsed = new Map<string, Inventory<unknown>>();

  constructor(
    private readonly redis: RedisConnection,
    private readonly options: RedisFleetOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  async get<T>(key: string): Promise<Inventory<T> | null> {
    try {
      const head = await this.redis.client.getrange(this.key(key), 0, HEAD_BYTES - 1);
      const asOf = asOfIn(head);
      if (asOf === null) return null;
      const held = this.parsed.get(key);
      if (held?.asOf === asOf) return held as Inventory<T>;
      const value = await this.redis.client.get(this.key(key));
      const separator = value?.indexOf(':') ?? -1;
      if (value === null || separator < 0) return null;
      const inventory = JSON.parse(value.slice(separator + 1)) as Inventory<T>;
      this.parsed.set(key, inventory);
      return inventory;
    } catch (error) {
      this.options.onError?.('get', error);
      return null;
    }
  }

  async set<T>(key: string, inventory: Inventory<T>, ttlMs: number): Promise<void> {
    try {
      await this.redis.client.eval(SET_UNLESS_INVALIDATED, 2, this.key(key), this.key(`${key}:invalidated`), `${inventory.asOf}:${JSON.stringify(inventory)}`, inventory.asOf, ttlMs);
    } catch (error) {
      this.options.onError?.('set', error);
    }
  }

  async delete(key: string): Promise<void> {
    try {
      this.parsed.delete(key);
      await this.redis.client.multi().del(this.key(key)).set(this.key(`${key}:invalidated`), String(this.now()), 'PX', this.options.markMs).exec();
    } catch (error) {
      this.options.onError?.('delete', error);
    }
  }

  async lock(key: string, leaseMs: number): Promise<WalkLease | null> {
    const lockKey = this.key(`${key}:walk`);
    const token = randomUUID();
    try {
      const taken = await this.redis.client.set(lockKey, token, 'PX', leaseMs, 'NX');
      if (taken === null) return null;
    } catch (error) {
      // Redis is down: this replica walks on its own.
      this.options.onError?.('lock', error);
      return { release: async () => undefined };
    }
    return {
      release: async () => {
        try {
          await this.redis.client.eval(RELEASE, 1, lockKey, token);
        } catch (error) {
          this.options.onError?.('unlock', error);
        }
      },
    };
  }

  private key(key: string): string {
    return this.redis.key(key);
  }
}

/** The `asOf` a stored snapshot starts with; null for none (an absent key reads as ''). */
function asOfIn(head: string): number | null {
  const match = /^(\d{1,16}):/.exec(head);
  return match ? Number(match[1]) : null;
}
