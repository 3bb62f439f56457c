/**
 * Per-region inventory snapshots, shared by every caller. A region is walked when a request first needs it, at
 * most once per TTL: concurrent readers of a cold or expired snapshot wait for the one walk in flight, and an
 * expired snapshot up to twice the TTL old is served while its refresh runs. A walk belongs to no request: it runs
 * with its own deadline, retry budget and signal, so a reader that goes away (or runs out of time) stops waiting
 * without failing the walk for the others. Walks of one cloud share one concurrency bound.
 *
 * With a TTL of 0 nothing is shared: each read walks the region for its request, with the filter sent to the cloud.
 */
import { setMaxListeners } from 'node:events';
import pLimit from 'p-limit';
import { BoundCloud, type Clouds } from '../clouds.js';
import type { UpstreamConfig } from '../config/index.js';
import { providerLabel, UpstreamError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { HyperNodeModel, NodeModel, ProviderName } from '../model.js';
import type { CallOptions, CloudProvider } from '../providers/provider.js';
import { RetryBudget } from '../providers/retry.js';
import type { WalkFilter } from '../providers/walk.js';
import type { FleetStore, Inventory, WalkLease } from './store.js';

/** How often a replica waiting for another's walk of a region looks for it. */
const WAIT_FOR_WALK_MS = 50;

export type InventoryKind = 'nodes' | 'hypernodes';
export type ItemOf<K extends InventoryKind> = K extends 'nodes' ? NodeModel : HyperNodeModel;

export interface SnapshotOptions {
  store: FleetStore;
  /** 0 turns sharing off. */
  ttlMs: number;
  upstream: Pick<UpstreamConfig, 'requestTimeoutMs' | 'concurrencyPerProvider' | 'retry'>;
  logger?: Logger;
  now?: () => number;
}

/** How one request reads: its signal (it stops waiting when that fires; read only then) and its own view of the clouds for unshared walks. */
export interface Reader {
  readonly signal: AbortSignal;
  clouds: Pick<Clouds, 'get'>;
}

export class FleetSnapshots {
  private readonly inFlight = new Map<string, { generation: number; walk: Promise<Inventory<unknown>> }>();
  /** Bumped by each invalidation, so a walk that started before it does not store what it read. */
  private readonly generations = new Map<string, number>();
  private readonly limits = new Map<ProviderName, ReturnType<typeof pLimit>>();
  /** Walk leases held by this replica's walks in flight, by key. */
  private readonly leases = new Map<string, WalkLease>();
  private readonly now: () => number;

  constructor(private readonly options: SnapshotOptions) {
    this.now = options.now ?? Date.now;
  }

  get enabled(): boolean {
    return this.options.ttlMs > 0;
  }

  /**
   * One region's inventory for `reader`: the shared snapshot (the filter is then applied by the caller), or with
   * sharing off a walk for this request alone with the cloud-side part of `filter`.
   */
  async inventory<K extends InventoryKind>(kind: K, provider: CloudProvider, region: string, filter: WalkFilter, reader: Reader): Promise<Inventory<ItemOf<K>>> {
    if (!this.enabled) {
      const asOf = this.now();
      return { asOf, items: sortById(await walk(kind, reader.clouds.get(provider.name), region, filter)) };
    }
    const key = snapshotKey(kind, provider.name, region);
    const { ttlMs } = this.options;
    const held = await this.options.store.get<ItemOf<K>>(key);
    const age = held ? this.now() - held.asOf : Number.POSITIVE_INFINITY;
    if (held && age < ttlMs) return held;
    const refresh = this.refresh(kind, provider, region) as Promise<Inventory<ItemOf<K>>>;
    if (held && age < 2 * ttlMs) {
      refresh.catch((error: unknown) => this.options.logger?.warn({ provider: provider.name, region, kind, code: codeOf(error) }, 'fleet snapshot refresh failed; serving the older one'));
      return held;
    }
    return untilAborted(refresh, reader.signal, provider.name, region);
  }

  /** Drops what a mutation changed: the next read of the region walks it again. */
  async invalidate(provider: ProviderName, region: string): Promise<void> {
    if (!this.enabled) return;
    for (const kind of ['nodes', 'hypernodes'] as const) {
      const key = snapshotKey(kind, provider, region);
      this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
      await this.options.store.delete(key);
    }
  }

  /**
   * The walk in flight for the key, or a new one. After an invalidation the walk in flight read what the mutation
   * changed: a new walk follows it (never two walks of one region at once) and only the new one is stored.
   */
  private refresh(kind: InventoryKind, provider: CloudProvider, region: string): Promise<Inventory<unknown>> {
    const key = snapshotKey(kind, provider.name, region);
    const generation = this.generations.get(key) ?? 0;
    const running = this.inFlight.get(key);
    if (running && running.generation === generation) return running.walk;
    const previous = running ? running.walk.then(noop, noop) : Promise.resolve();
    const walked = previous.then(async () => {
      const elsewhere = await this.walkedElsewhere<unknown>(key);
      if (elsewhere) return elsewhere;
      try {
        const asOf = this.now();
        const startedAt = performance.now();
        const options = this.walkOptions(provider.name);
        const items = sortById(await walk(kind, new BoundCloud(provider, () => options), region, {}));
        const inventory: Inventory<unknown> = { asOf, items };
        this.options.logger?.debug({ provider: provider.name, region, kind, items: items.length, ms: Math.round(performance.now() - startedAt) }, 'fleet walk');
        // Kept twice the TTL: the second half is what may be served stale while a refresh runs.
        if ((this.generations.get(key) ?? 0) === generation) await this.options.store.set(key, inventory, 2 * this.options.ttlMs);
        return inventory;
      } finally {
        const lease = this.leases.get(key);
        this.leases.delete(key);
        await lease?.release();
      }
    });
    const tracked = walked.finally(() => {
      if (this.inFlight.get(key)?.walk === tracked) this.inFlight.delete(key);
    });
    this.inFlight.set(key, { generation, walk: tracked });
    return tracked;
  }

  /**
   * With a shared store, one replica walks a region per TTL: this one takes the walk's lease (and returns null to
   * walk), or waits for the holder's walk to be stored and returns it. A holder that dies lets its lease lapse and
   * the next one walks; past the walk's own deadline this replica walks itself.
   */
  private async walkedElsewhere<T>(key: string): Promise<Inventory<T> | null> {
    const { store, ttlMs, upstream } = this.options;
    if (!store.lock) return null;
    const giveUpAt = performance.now() + upstream.requestTimeoutMs;
    while (performance.now() < giveUpAt) {
      const lease = await store.lock(key, upstream.requestTimeoutMs + 1_000);
      if (lease) {
        this.leases.set(key, lease);
        // Another replica may have stored its walk between this one's read and the lease.
        const held = await store.get<T>(key);
        if (held && this.now() - held.asOf < ttlMs) {
          this.leases.delete(key);
          await lease.release();
          return held;
        }
        return null;
      }
      const held = await store.get<T>(key);
      if (held && this.now() - held.asOf < ttlMs) return held;
      await new Promise((resolve) => setTimeout(resolve, WAIT_FOR_WALK_MS));
    }
    return null;
  }

  /** A walk's own deadline, retry budget and signal (no request's), within the cloud's bound for walks. */
  private walkOptions(provider: ProviderName): CallOptions {
    const { requestTimeoutMs, concurrencyPerProvider, retry } = this.options.upstream;
    let limit = this.limits.get(provider);
    if (!limit) {
      limit = pLimit(concurrencyPerProvider);
      this.limits.set(provider, limit);
    }
    const signal = AbortSignal.timeout(requestTimeoutMs);
    setMaxListeners(0, signal);
    const bound = limit;
    return {
      signal,
      deadlineAt: Date.now() + requestTimeoutMs,
      retries: new RetryBudget(retry.budgetPerRequest),
      schedule: (call) => bound(call),
      requestId: 'fleet-walk',
    };
  }
}

export function snapshotKey(kind: InventoryKind, provider: ProviderName, region: string): string {
  return `fleet:${kind}:${provider.toLowerCase()}:${region}`;
}

function walk<K extends InventoryKind>(kind: K, cloud: BoundCloud, region: string, filter: WalkFilter): Promise<ItemOf<K>[]> {
  return (kind === 'nodes' ? cloud.walkNodes(region, filter) : cloud.walkHyperNodes(region, filter)) as Promise<ItemOf<K>[]>;
}

function sortById<T extends { id: string }>(items: T[]): T[] {
  // A walk may meet an item twice (a list that changed under it); the last reading wins.
  const byId = new Map(items.map((item) => [item.id, item]));
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const noop = () => undefined;

function codeOf(error: unknown): string {
  return error instanceof UpstreamError ? error.code : 'INTERNAL';
}

/** The shared walk, or a timeout for this reader alone when its signal fires first; the walk goes on. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal, provider: ProviderName, region: string): Promise<T> {
  const gone = () =>
    new UpstreamError('UPSTREAM_TIMEOUT', `${providerLabel(provider)} ${region}: the fleet walk did not finish within this request's time.`, {
      provider,
      region,
      operation: 'fleet walk',
      failure: 'cancelled',
    });
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(gone());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(gone());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
