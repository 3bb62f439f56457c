/**
 * Where fleet snapshots live: one inventory per kind, cloud and region, shared by every request and principal. One
 * gateway keeps them in memory; several replicas can share one store (Redis, ...) by implementing this interface:
 * async, keyed, each entry with its own time to live. Values are plain data (JSON-safe), never live objects.
 */

/** One region's inventory of one kind, as one walk read it. */
export interface Inventory<T> {
  /** Epoch ms the walk started: the data is at least this old. */
  asOf: number;
  /** Sorted by global ID. */
  items: T[];
}

export interface FleetStore {
  get<T>(key: string): Promise<Inventory<T> | null>;
  /** Stores `inventory` under `key` until `ttlMs` from now, replacing what was there. */
  set<T>(key: string, inventory: Inventory<T>, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Shared stores only: the right to walk `key` for `leaseMs`, so one replica walks a region per TTL; null when
   * another holds it (its walk will be stored). Without it every walk is this process's own.
   */
  lock?(key: string, leaseMs: number): Promise<WalkLease | null>;
}

export interface WalkLease {
  release(): Promise<void>;
}

export class MemoryFleetStore implements FleetStore {
  private readonly entries = new Map<string, { expiresAt: number; inventory: Inventory<unknown> }>();

  constructor(private readonly now: () => number = Date.now) {}

  async get<T>(key: string): Promise<Inventory<T> | null> {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return null;
    }
    return entry.inventory as Inventory<T>;
  }

  async set<T>(key: string, inventory: Inventory<T>, ttlMs: number): Promise<void> {
    this.entries.set(key, { expiresAt: this.now() + ttlMs, inventory });
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }
}
