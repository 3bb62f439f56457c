/**
 * Persisted-query documents in Redis, so a hash registered through one replica is known to all. Redis failing is a
 * miss (the client then sends the document again, as the protocol has it), never a failed request.
 */
import type { RedisConnection } from '../redis/connection.js';
import type { PersistedQueryStore } from './store.js';

export class RedisPersistedQueryStore implements PersistedQueryStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly onError?: (operation: string, error: unknown) => void,
  ) {}

  async get(hash: string): Promise<string | null> {
    try {
      return await this.redis.client.get(this.redis.key(`apq:${hash}`));
    } catch (error) {
      this.onError?.('get', error);
      return null;
    }
  }

  async set(hash: string, document: string, ttlMs: number): Promise<void> {
    try {
      await this.redis.client.set(this.redis.key(`apq:${hash}`), document, 'PX', ttlMs);
    } catch (error) {
      this.onError?.('set', error);
    }
  }
}
