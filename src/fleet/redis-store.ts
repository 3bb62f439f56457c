/**
 * Fleet snapshots in Redis, shared by replicas, with the walk lease that lets one replica walk a region per TTL.
 * An invalidation deletes the snapshot and leaves a mark of when it happened, so that a walk another replica started
 * before it does not store what it read (asOf is older than the mark). Redis failing is never a failed read: a
 * snapshot that cannot be read is walked by this replica, one that cannot be stored or locked stays its own.
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

export class RedisFleetStore implements FleetStore {
  private readonly now: () => number;

  constructor(
    private readonly redis: RedisConnection,
    private readonly options: RedisFleetOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  async get<T>(key: string): Promise<Inventory<T> | null> {
    try {
      const value = await this.redis.client.get(this.key(key));
      return value === null ? null : (JSON.parse(value) as Inventory<T>);
    } catch (error) {
      this.options.onError?.('get', error);
      return null;
    }
  }

  async set<T>(key: string, inventory: Inventory<T>, ttlMs: number): Promise<void> {
    try {
      await this.redis.client.eval(SET_UNLESS_INVALIDATED, 2, this.key(key), this.key(`${key}:invalidated`), JSON.stringify(inventory), inventory.asOf, ttlMs);
    } catch (error) {
      this.options.onError?.('set', error);
    }
  }

  async delete(key: string): Promise<void> {
    try {
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
