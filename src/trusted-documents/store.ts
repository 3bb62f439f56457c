/**
 * Documents registered by automatic persisted queries (a client sends a hash; on a miss, the hash and the
 * document, which is kept). Behind a small store interface, async, keyed, with TTLs, so a shared store (Redis)
 * can serve several replicas; the in-memory one is bounded and drops the least recently used.
 */
export interface PersistedQueryStore {
  get(hash: string): Promise<string | null>;
  set(hash: string, document: string, ttlMs: number): Promise<void>;
}

export const PERSISTED_QUERY_TTL_MS = 24 * 60 * 60 * 1000;

export class MemoryPersistedQueryStore implements PersistedQueryStore {
  private readonly entries = new Map<string, { document: string; expiresAt: number }>();

  constructor(
    private readonly maxEntries = 1_000,
    private readonly now: () => number = Date.now,
  ) {}

  async get(hash: string): Promise<string | null> {
    const entry = this.entries.get(hash);
    if (!entry) return null;
    this.entries.delete(hash);
    if (entry.expiresAt <= this.now()) return null;
    this.entries.set(hash, entry); // most recently used last
    return entry.document;
  }

  async set(hash: string, document: string, ttlMs: number): Promise<void> {
    this.entries.delete(hash);
    this.entries.set(hash, { document, expiresAt: this.now() + ttlMs });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}
